// A single read/write/compare-and-set register, as Jepsen's etcd test and
// Knossos's cas-register model it. Initially nil (null).

import { show } from '../../core/errors';
import { singlePartition, type DecodedOperation, type EventToDecode, type Model } from '../model';

export type RegisterValue = number | string | boolean | null;

export type RegisterInput =
  | { op: 'read' }
  | { op: 'write'; value: RegisterValue }
  | { op: 'cas'; from: RegisterValue; to: RegisterValue }
  /** A cas that failed: it observed a value other than `from` (as Porcupine checks it). */
  | { op: 'cas-failed'; from: RegisterValue; to: RegisterValue };

/** A read's value; null also for writes and cas operations, whose results are not checked. */
export type RegisterOutput = RegisterValue;

function isValue(value: unknown): value is RegisterValue {
  return value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';
}

// One register: extra arguments mean a keyed (multi-register) history, which
// checked as one register would mix every key's values into nonsense.
function arity(args: readonly unknown[], op: string, count: number, names: string): void {
  if (args.length === count) return;
  const keyed = args.length === count + 1 ? '; a history over several keys (key first) needs a per-key model: --model kv, or independentKeys(registerModel, ...)' : '';
  throw new Error(`${op}: the register model takes ${count} argument${count === 1 ? '' : 's'} (${names}), got ${args.length}: ${show(args)}${keyed}`);
}

function valueArg(args: readonly unknown[], index: number, op: string): RegisterValue {
  const value = args[index];
  if (!isValue(value)) throw new Error(`${op}: argument ${index} must be a number, string, boolean or null, got ${show(value)}`);
  return value;
}

export const registerModel: Model<RegisterValue, RegisterInput, RegisterOutput> = {
  name: 'register',

  init: () => null,

  step(state, input, output) {
    switch (input.op) {
      case 'read':
        return { ok: output === undefined || output === state, state };
      case 'write':
        return { ok: true, state: input.value };
      case 'cas':
        return state === input.from ? { ok: true, state: input.to } : { ok: false, state };
      case 'cas-failed':
        return { ok: state !== input.from, state };
    }
  },

  // Cheap for numbers, the common case (the key is computed on every search step).
  key: (state) => (typeof state === 'number' ? `n${state}` : JSON.stringify(state)),

  // Inputs are plain objects built by decode in a fixed key order.
  inputKey: (input) => JSON.stringify(input),

  readOnly: (input) => input.op === 'read' || input.op === 'cas-failed',

  partition: singlePartition,

  decode(event: EventToDecode): DecodedOperation<RegisterInput, RegisterOutput> | null {
    const { op, args, outcome } = event;
    switch (op) {
      case 'read':
        arity(args, op, 0, 'none');
        if (outcome === 'unknown') return null; // constrains nothing
        if (!isValue(event.result)) throw new Error(`read: an ok result must be a value or null, got ${show(event.result)}`);
        return { input: { op }, output: event.result };
      case 'write':
        arity(args, op, 1, 'the value');
        return { input: { op, value: valueArg(args, 0, op) }, output: outcome === 'ok' ? null : undefined };
      case 'cas':
        arity(args, op, 2, 'from, to');
        return {
          input: { op, from: valueArg(args, 0, op), to: valueArg(args, 1, op) },
          output: outcome === 'ok' ? null : undefined,
        };
      default: {
        const keyed = op === 'get' || op === 'put' || op === 'append' ? ' (a key-value history: use --model kv)' : '';
        throw new Error(`unknown operation ${show(op)} (expected read, write or cas)${keyed}`);
      }
    }
  },

  // A cas fails only when the register did not hold `from` (Porcupine's
  // reading of a failed cas); failed reads and writes observed nothing.
  observeFailure({ op, args }) {
    if (op !== 'cas') return null;
    arity(args, op, 2, 'from, to');
    return { input: { op: 'cas-failed', from: valueArg(args, 0, op), to: valueArg(args, 1, op) }, output: null };
  },

  describeOperation(input, output) {
    switch (input.op) {
      case 'read':
        return `read() -> ${output === undefined ? '?' : show(output)}`;
      case 'write':
        return `write(${show(input.value)})`;
      case 'cas':
        return `cas(${show(input.from)}, ${show(input.to)})`;
      case 'cas-failed':
        return `cas(${show(input.from)}, ${show(input.to)}) failed: not ${show(input.from)}`;
    }
  },

  describeState: (state) => (state === null ? 'nil' : show(state)),
};
