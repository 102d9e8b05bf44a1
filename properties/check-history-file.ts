// Checks a history given as text (the `check-history` verb): detects whether it
// is actorsim's JSON or a Jepsen log, picks a model (store for actorsim, register
// for Jepsen unless told otherwise) and runs the linearizability checker.

import { InvalidArgumentError, show } from '../core/errors';
import { HistoryFormatError } from './from-history';
import type { History } from './history';
import { detectHistoryFormat, parseJepsenLog, type HistoryFormat } from './jepsen-log';
import { checkLinearizability, type LinearizabilityOptions, type LinearizabilityResult } from './linearizability';
import { registerModel, type RegisterInput, type RegisterOutput } from './models/register-model';
import { storeModel, type StoreInput, type StoreOutput } from './models/store-model';

export type HistoryModelName = 'store' | 'register';

export interface CheckHistoryTextOptions extends LinearizabilityOptions {
  model?: HistoryModelName;
}

export interface CheckHistoryTextResult {
  format: HistoryFormat;
  model: HistoryModelName;
  result: LinearizabilityResult<StoreInput, StoreOutput> | LinearizabilityResult<RegisterInput, RegisterOutput>;
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
  const model = options.model ?? (format === 'jepsen' ? 'register' : 'store');
  if (model !== 'store' && model !== 'register') {
    throw new InvalidArgumentError(`checkHistoryText: model must be "store" or "register", got ${show(model)}`);
  }
  const history = format === 'jepsen' ? parseJepsenLog(text) : parseActorsimHistory(text);
  // Nothing to check is not a verdict: an empty file is almost always the wrong file.
  if (history.length === 0) throw new HistoryFormatError('history: the file holds no operations (an empty history is not evidence of anything)');
  const { model: _ignored, ...checkOptions } = options;
  const result =
    model === 'store' ? checkLinearizability(history, storeModel, checkOptions) : checkLinearizability(history, registerModel, checkOptions);
  return { format, model, result };
}
