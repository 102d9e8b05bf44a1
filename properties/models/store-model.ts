// The artifact store's sequential specification: per artifact name, a register
// that is absent or holds content. Names are independent, so each is a partition.
//
// Failures that observe something are checked as reads (observeFailure): a get,
// update or delete that fails NOT_FOUND saw the name absent; an upload that
// fails ALREADY_EXISTS saw it present. An ok get whose result is null (not a
// string) records the same observation of absence directly.

import { show } from '../../core/errors';
import type { DecodedOperation, EventToDecode, Model, Operation, Partition, StepResult } from '../model';

export type StoreInput =
  | { op: 'upload'; name: string; content: string }
  | { op: 'update'; name: string; content: string }
  | { op: 'get'; name: string }
  | { op: 'delete'; name: string }
  /** What a failed operation observed: the name present or absent, at some point of its interval. */
  | { op: 'observe'; name: string; present: boolean; via: 'get' | 'upload' | 'update' | 'delete'; reason: string };

/** Failure codes that observe the name's presence (true) or absence (false), per operation. */
const OBSERVING_FAILURES: Readonly<Record<string, Readonly<Record<string, boolean>>>> = {
  get: { NOT_FOUND: false },
  update: { NOT_FOUND: false },
  delete: { NOT_FOUND: false },
  upload: { ALREADY_EXISTS: true },
};

/** A get's content, or null when an ok get saw the name absent; null for the other operations, whose results are not checked. */
export type StoreOutput = string | null;

/** Content per present name. Never mutated: a step returns a new map. */
export type StoreState = ReadonlyMap<string, string>;

function stringArg(args: readonly unknown[], index: number, op: string, what: string): string {
  const value = args[index];
  if (typeof value !== 'string') throw new Error(`${op}: ${what} must be a string, got ${show(value)}`);
  return value;
}

function withContent(state: StoreState, name: string, content: string | undefined): StoreState {
  const next = new Map(state);
  if (content === undefined) next.delete(name);
  else next.set(name, content);
  return next;
}

export const storeModel: Model<StoreState, StoreInput, StoreOutput> = {
  name: 'store',

  init: () => new Map<string, string>(),

  step(state, input, output): StepResult<StoreState> {
    const current = state.get(input.name);
    switch (input.op) {
      case 'upload':
        return current === undefined ? { ok: true, state: withContent(state, input.name, input.content) } : { ok: false, state };
      case 'update':
        return current !== undefined ? { ok: true, state: withContent(state, input.name, input.content) } : { ok: false, state };
      case 'delete':
        return current !== undefined ? { ok: true, state: withContent(state, input.name, undefined) } : { ok: false, state };
      case 'get':
        // An unknown get constrains nothing; an ok get saw the current content (null: absence).
        if (output === undefined) return { ok: true, state };
        return { ok: output === null ? current === undefined : current !== undefined && output === current, state };
      case 'observe':
        return { ok: (current !== undefined) === input.present, state };
    }
  },

  // Sorted so that the same contents reached in different orders share a key.
  key: (state) => JSON.stringify([...state.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))),

  // Inputs are plain objects built by decode in a fixed key order.
  inputKey: (input) => JSON.stringify(input),

  readOnly: (input) => input.op === 'get' || input.op === 'observe',

  partition(operations) {
    const byName = new Map<string, Operation<StoreInput, StoreOutput>[]>();
    for (const op of operations) {
      const list = byName.get(op.input.name);
      if (list === undefined) byName.set(op.input.name, [op]);
      else list.push(op);
    }
    const parts: Partition<StoreInput, StoreOutput>[] = [];
    for (const [key, ops] of byName) parts.push({ key, operations: ops });
    return parts;
  },

  decode(event: EventToDecode): DecodedOperation<StoreInput, StoreOutput> | null {
    const { op, args, outcome } = event;
    switch (op) {
      case 'status':
        return null;
      case 'upload':
      case 'update':
        return {
          input: { op, name: stringArg(args, 0, op, 'name'), content: stringArg(args, 1, op, 'content') },
          output: outcome === 'ok' ? null : undefined,
        };
      case 'delete':
        return { input: { op, name: stringArg(args, 0, op, 'name') }, output: outcome === 'ok' ? null : undefined };
      case 'get': {
        const name = stringArg(args, 0, op, 'name');
        if (outcome === 'unknown') return null;
        if (typeof event.result !== 'string' && event.result !== null) {
          throw new Error(`get: an ok result must be the content string (or null: the name was absent), got ${show(event.result)}`);
        }
        return { input: { op, name }, output: event.result };
      }
      default:
        throw new Error(`unknown operation ${show(op)} (expected upload, update, get, delete or status)`);
    }
  },

  observeFailure({ op, args, reason }) {
    const present = typeof reason === 'string' ? OBSERVING_FAILURES[op]?.[reason] : undefined;
    if (present === undefined) return null;
    const via = op as 'get' | 'upload' | 'update' | 'delete';
    return { input: { op: 'observe', name: stringArg(args, 0, op, 'name'), present, via, reason: reason as string }, output: null };
  },

  describeOperation(input, output) {
    switch (input.op) {
      case 'observe':
        return `${input.via}(${show(input.name)}) failed ${input.reason}: ${input.present ? 'present' : 'absent'}`;
      case 'upload':
      case 'update':
        return `${input.op}(${show(input.name)}, ${show(input.content)})`;
      case 'delete':
        return `delete(${show(input.name)})`;
      case 'get':
        return `get(${show(input.name)}) -> ${output === undefined ? '?' : output === null ? 'absent' : show(output)}`;
    }
  },

  describeState(state) {
    if (state.size === 0) return 'all absent';
    return [...state.entries()].map(([name, content]) => `${show(name)}: ${show(content)}`).join(', ');
  },
};
