// Checks a history given as text (the `check-history` verb): detects whether it
// is actorsim's JSON or a Jepsen log, picks a model (store for actorsim; for a
// Jepsen log, kv when it names keys, else register; unless told otherwise) and
// runs the linearizability checker.

import { InvalidArgumentError, show } from '../core/errors';
import { HistoryFormatError } from './from-history';
import type { History } from './history';
import { detectHistoryFormat, parseJepsenLog, type HistoryFormat } from './jepsen-log';
import { checkLinearizability, type LinearizabilityOptions, type LinearizabilityResult } from './linearizability';
import type { Model } from './model';
import { kvModel } from './models/kv-model';
import { registerModel } from './models/register-model';
import { storeModel } from './models/store-model';

export type HistoryModelName = 'store' | 'register' | 'kv';

export const HISTORY_MODEL_NAMES: readonly HistoryModelName[] = ['store', 'register', 'kv'];

type AnyModel = Model<unknown, unknown, unknown>;

const BUILT_IN: Readonly<Record<HistoryModelName, AnyModel>> = {
  store: storeModel as unknown as AnyModel,
  register: registerModel as unknown as AnyModel,
  kv: kvModel as unknown as AnyModel,
};

export interface CheckHistoryTextOptions extends LinearizabilityOptions {
  /** A built-in model's name, or any Model (e.g. loaded by loadModelModule). */
  model?: HistoryModelName | AnyModel;
}

export interface CheckHistoryTextResult {
  format: HistoryFormat;
  /** The model's name. */
  model: string;
  result: LinearizabilityResult<unknown, unknown>;
}

/**
 * The keys of a history whose operations name one (key-value operations, or
 * register operations with a key before their arguments), in first-seen order.
 */
export function historyKeys(history: History): string[] {
  const keys = new Set<string>();
  for (const event of history) {
    if (event.type !== 'invoke' || !Array.isArray(event.args)) continue;
    const n = event.args.length;
    const keyed =
      event.op === 'put' || event.op === 'get' || event.op === 'append' || (event.op === 'read' && n === 1) || (event.op === 'write' && n === 2) || (event.op === 'cas' && n === 3);
    if (keyed) keys.add(String(event.args[0]));
  }
  return [...keys];
}

/** actorsim's history file: a JSON array of events, `{ "history": [...] }`, or one JSON event per line. */
export function parseActorsimHistory(text: string): History {
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    // Not one JSON document: JSON lines, one event per non-blank line.
    return text.split(/\r?\n/).flatMap((line, index) => {
      if (line.trim() === '') return [];
      try {
        return [JSON.parse(line) as History[number]];
      } catch (err) {
        throw new HistoryFormatError(`history line ${index + 1}: not JSON (${(err as Error).message}): ${show(line.trim())}`);
      }
    });
  }
  if (Array.isArray(whole)) return whole as History;
  if (typeof whole === 'object' && whole !== null && Array.isArray((whole as { history?: unknown }).history)) {
    return (whole as { history: History }).history;
  }
  // A single JSON object that is one event is a one-line JSON-lines file.
  if (typeof whole === 'object' && whole !== null && 'type' in whole) return [whole as History[number]];
  throw new HistoryFormatError('history: expected a JSON array of events, an object with a "history" array, or JSON lines');
}

export function checkHistoryText(text: string, options: CheckHistoryTextOptions = {}): CheckHistoryTextResult {
  const format = detectHistoryFormat(text);
  const chosen = options.model;
  if (typeof chosen === 'string' && !HISTORY_MODEL_NAMES.includes(chosen)) {
    throw new InvalidArgumentError(`checkHistoryText: model must be ${HISTORY_MODEL_NAMES.map((m) => `"${m}"`).join(', ')} or a Model, got ${show(chosen)}`);
  }
  const history = format === 'jepsen' ? parseJepsenLog(text) : parseActorsimHistory(text);
  // Nothing to check is not a verdict: an empty file is almost always the wrong file.
  if (history.length === 0) throw new HistoryFormatError('history: the file holds no operations (an empty history is not evidence of anything)');
  const keys = format === 'jepsen' || chosen === 'register' ? historyKeys(history) : [];
  const name: HistoryModelName | undefined = typeof chosen === 'string' ? chosen : chosen === undefined ? (format === 'actorsim' ? 'store' : keys.length > 0 ? 'kv' : 'register') : undefined;
  // One register checked over many keys would mix their values: refuse, never guess.
  if (name === 'register' && keys.length > 0) {
    const listed = keys.slice(0, 3).map((k) => show(k)).join(', ') + (keys.length > 3 ? ', ...' : '');
    throw new HistoryFormatError(
      `history: the register model checks one register, but the operations name ${keys.length === 1 ? 'a key' : `${keys.length} keys`} (${listed}): use the kv model (put/get/append, or read/write per key) or a per-key model (independentKeys)`,
    );
  }
  const model = name !== undefined ? BUILT_IN[name] : (chosen as AnyModel);
  const { model: _ignored, ...checkOptions } = options;
  const result = checkLinearizability(history, model, checkOptions);
  return { format, model: model.name, result };
}
