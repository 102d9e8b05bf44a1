// A key-value store with put, get and append (and cas, for Jepsen's independent
// cas-register histories), as Porcupine's kv model and Jepsen's independent
// key-value tests check it: each key is its own string register
// (independentKeys), initially absent. A failed cas observed another value. `get` of an absent key returns
// nil (null); `append` to an absent key starts from the empty string. A get
// that returns "" is also accepted for an absent key: Porcupine's logs read an
// absent key as the empty string.

import { show } from '../../core/errors';
import { singlePartition, type DecodedOperation, type EventToDecode, type Model } from '../model';
import { independentKeys } from './independent-keys';

export type KvInput =
  | { op: 'put'; key: string; value: string }
  | { op: 'get'; key: string }
  | { op: 'append'; key: string; value: string }
  | { op: 'cas'; key: string; from: string | null; to: string }
  /** A cas that failed: the key did not hold `from`. */
  | { op: 'cas-failed'; key: string; from: string | null; to: string };

/** A get's value (null: absent); null also for put and append, whose results are not checked. */
export type KvOutput = string | null;

/** One key's value; null while absent. */
export type KvState = string | null;

export const KV_OPERATIONS: readonly string[] = ['put', 'get', 'append', 'cas'];

function keyArg(args: readonly unknown[], op: string): string {
  const key = args[0];
  if (typeof key === 'string') return key;
  if (typeof key === 'number') return String(key);
  throw new Error(`${op}: the key (argument 0) must be a string or a number, got ${show(key)}`);
}

/** Values are strings; numbers (an EDN log's unquoted values) are read as their decimal text. */
function valueOf(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new Error(`${what} must be a string or a number, got ${show(value)}`);
}

function casValues(args: readonly unknown[]): { from: string | null; to: string } {
  return { from: args[1] === null ? null : valueOf(args[1], 'cas: the old value'), to: valueOf(args[2], 'cas: the new value') };
}

function arity(args: readonly unknown[], op: string, count: number, names: string): void {
  if (args.length !== count) throw new Error(`${op}: expected ${count} argument${count === 1 ? '' : 's'} (${names}), got ${args.length}: ${show(args)}`);
}

/** One key's string register: the model the kv model runs per key. */
export const kvKeyModel: Model<KvState, KvInput, KvOutput> = {
  name: 'kv key',

  init: () => null,

  step(state, input, output) {
    switch (input.op) {
      case 'put':
        return { ok: true, state: input.value };
      case 'append':
        return { ok: true, state: (state ?? '') + input.value };
      case 'get':
        if (output === undefined) return { ok: true, state };
        if (output === null) return { ok: state === null, state };
        return { ok: state === output || (output === '' && state === null), state };
      case 'cas':
        return state === input.from ? { ok: true, state: input.to } : { ok: false, state };
      case 'cas-failed':
        return { ok: state !== input.from, state };
    }
  },

  key: (state) => (state === null ? '-' : `+${state}`),

  inputKey: (input) => JSON.stringify(input),

  readOnly: (input) => input.op === 'get' || input.op === 'cas-failed',

  partition: singlePartition,

  decode(event: EventToDecode): DecodedOperation<KvInput, KvOutput> | null {
    const { args, outcome } = event;
    // Jepsen's key-value tests name them read and write.
    const op = event.op === 'read' ? 'get' : event.op === 'write' ? 'put' : event.op;
    switch (op) {
      case 'put':
      case 'append':
        arity(args, op, 2, 'key, value');
        return { input: { op, key: keyArg(args, op), value: valueOf(args[1], `${op}: the value`) }, output: outcome === 'ok' ? null : undefined };
      case 'get': {
        arity(args, op, 1, 'key');
        const key = keyArg(args, op);
        if (outcome === 'unknown') return null; // constrains nothing
        const result = event.result;
        return { input: { op, key }, output: result === null || result === undefined ? null : valueOf(result, 'get: an ok result') };
      }
      case 'cas':
        arity(args, op, 3, 'key, from, to');
        return { input: { op, key: keyArg(args, op), ...casValues(args) }, output: outcome === 'ok' ? null : undefined };
      default:
        throw new Error(`unknown operation ${show(op)} (expected put, get, append or cas; read and write are read as get and put)`);
    }
  },

  observeFailure({ op, args }) {
    if (op !== 'cas') return null;
    arity(args, op, 3, 'key, from, to');
    return { input: { op: 'cas-failed', key: keyArg(args, op), ...casValues(args) }, output: null };
  },

  describeOperation(input, output) {
    switch (input.op) {
      case 'put':
      case 'append':
        return `${input.op}(${show(input.key)}, ${show(input.value)})`;
      case 'get':
        return `get(${show(input.key)}) -> ${output === undefined ? '?' : output === null ? 'nil' : show(output)}`;
      case 'cas':
        return `cas(${show(input.key)}, ${show(input.from)}, ${show(input.to)})`;
      case 'cas-failed':
        return `cas(${show(input.key)}, ${show(input.from)}, ${show(input.to)}) failed: not ${show(input.from)}`;
    }
  },

  describeState: (state) => (state === null ? 'absent' : show(state)),
};

/** The key-value model: put, get and append, each key checked on its own. */
export const kvModel: Model<KvState, KvInput, KvOutput> = independentKeys(kvKeyModel, (input) => input.key, { name: 'kv' });
