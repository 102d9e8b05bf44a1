// Turns a client History (invoke/completion events) into the Operations a model
// checks, rejecting malformed histories with the index of the offending event.

import { ActorsimError, show } from '../core/errors';
import type { History, HistoryEvent } from './history';
import type { Model, Operation } from './model';

/** A history (or a log it was parsed from) is malformed; the message names the event or line. */
export class HistoryFormatError extends ActorsimError {
  constructor(message: string) {
    super('HISTORY_FORMAT', message);
  }
}

export interface OperationsFromHistory<Input, Output> {
  /** Operations to check: `ok` and `unknown` outcomes the model decodes, in invoke order. */
  operations: Operation<Input, Output>[];
  /** Every operation of the history, including failed and ignored ones. */
  total: number;
  /**
   * Failed operations: definitely without effect. Dropped (as Knossos does)
   * unless the model's observeFailure says what they observed.
   */
  failed: number;
  /** Failed operations kept as observations (counted in `failed` too). */
  observed: number;
  /** Operations the model does not check (e.g. `status`, reads with unknown outcomes). */
  ignored: number;
}

const EVENT_TYPES: ReadonlySet<string> = new Set(['invoke', 'ok', 'fail', 'unknown']);

function checkEventShape(event: unknown, index: number): asserts event is HistoryEvent {
  const bad = (what: string): never => {
    throw new HistoryFormatError(`history event ${index}: ${what}, got ${show(event)}`);
  };
  if (typeof event !== 'object' || event === null) bad('expected an object');
  const e = event as Record<string, unknown>;
  if (typeof e.process !== 'number' || !Number.isInteger(e.process)) bad('process must be an integer');
  if (typeof e.type !== 'string' || !EVENT_TYPES.has(e.type)) bad('type must be invoke, ok, fail or unknown');
  if (typeof e.op !== 'string') bad('op must be a string');
  if (!Array.isArray(e.args)) bad('args must be an array');
  if (typeof e.timeMs !== 'number' || Number.isNaN(e.timeMs)) bad('timeMs must be a number');
}

interface Open {
  event: HistoryEvent;
  index: number;
  /** Position of this operation among all operations, in invoke order. */
  id: number;
}

export function operationsFromHistory<State, Input, Output>(
  history: History,
  model: Model<State, Input, Output>,
): OperationsFromHistory<Input, Output> {
  const open = new Map<number, Open>();
  // Completed operations land in invoke order, whatever order they complete in.
  const slots: (Operation<Input, Output> | null)[] = [];
  let failed = 0;
  let observed = 0;
  let ignored = 0;

  const decode = (invoke: Open, completion: HistoryEvent | null, completionIndex: number): void => {
    const outcome = completion === null ? 'unknown' : completion.type;
    if (outcome === 'fail') {
      failed += 1;
      if (completion === null) return;
      if (model.observeFailure === undefined) return;
      let seen;
      try {
        seen = model.observeFailure({ op: invoke.event.op, args: invoke.event.args, reason: completion.result });
      } catch (err) {
        throw new HistoryFormatError(`history event ${completionIndex}: ${model.name} model: ${(err as Error).message}`);
      }
      if (seen === null) return;
      observed += 1;
      // Checked as a read inside the failure's interval.
      slots[invoke.id] = {
        id: invoke.id,
        process: invoke.event.process,
        call: invoke.event.timeMs,
        ret: completion.timeMs,
        input: seen.input,
        output: seen.output,
        outcome: 'ok',
      };
      return;
    }
    if (outcome === 'invoke') throw new HistoryFormatError(`history event ${completionIndex}: not a completion`);
    let decoded;
    try {
      decoded = model.decode({ op: invoke.event.op, args: invoke.event.args, result: completion?.result, outcome });
    } catch (err) {
      const at = completion === null ? invoke.index : completionIndex;
      throw new HistoryFormatError(`history event ${at}: ${model.name} model: ${(err as Error).message}`);
    }
    if (decoded === null) {
      ignored += 1;
      return;
    }
    slots[invoke.id] = {
      id: invoke.id,
      process: invoke.event.process,
      call: invoke.event.timeMs,
      ret: outcome === 'ok' && completion !== null ? completion.timeMs : Number.POSITIVE_INFINITY,
      input: decoded.input,
      output: outcome === 'ok' ? decoded.output : undefined,
      outcome,
    };
  };

  history.forEach((event, index) => {
    checkEventShape(event, index);
    const pending = open.get(event.process);
    if (event.type === 'invoke') {
      if (pending !== undefined) {
        throw new HistoryFormatError(
          `history event ${index}: process ${event.process} invokes ${show(event.op)} while its ${show(pending.event.op)} invoked at event ${pending.index} is still open`,
        );
      }
      open.set(event.process, { event, index, id: slots.length });
      slots.push(null);
      return;
    }
    if (pending === undefined) {
      throw new HistoryFormatError(
        `history event ${index}: process ${event.process} completes ${show(event.op)} (${event.type}) but has no open invoke`,
      );
    }
    if (event.op !== pending.event.op) {
      throw new HistoryFormatError(
        `history event ${index}: process ${event.process} completes ${show(event.op)} but its open invoke at event ${pending.index} is ${show(pending.event.op)}`,
      );
    }
    if (event.timeMs < pending.event.timeMs) {
      throw new HistoryFormatError(
        `history event ${index}: completion at ${event.timeMs} ms is before its invoke at event ${pending.index} (${pending.event.timeMs} ms)`,
      );
    }
    open.delete(event.process);
    decode(pending, event, index);
  });
  // An invoke never completed is an unknown outcome (Jepsen's crashed client).
  for (const pending of open.values()) decode(pending, null, pending.index);

  const operations = slots.filter((op): op is Operation<Input, Output> => op !== null);
  return { operations, total: slots.length, failed, observed, ignored };
}
