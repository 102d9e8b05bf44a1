// A single read/write/compare-and-set register, as Jepsen's etcd test and
// Knossos's cas-register model it. Initially nil (null).

import { show } from '../../core/errors';
import { singlePartition, type DecodedOperation, type EventToDecode, type Model } from '../model';

export type RegisterValue = number | string | boolean | null;

export type RegisterInput =
  | { op: 'read' }
  | { op: 'write'; value: RegisterValue }
  | { op: 'cas'; from: RegisterValue; to: RegisterValue };

/** A read's value; null also for writes and cas operations, whose results are not checked. */
export type RegisterOutput = RegisterValue;

function isValue(value: unknown): value is RegisterValue {
  return value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';
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
    }
  },

  key: (state) => JSON.stringify(state),

  // Inputs are plain objects built by decode in a fixed key order.
  inputKey: (input) => JSON.stringify(input),

  partition: singlePartition,

  decode(event: EventToDecode): DecodedOperation<RegisterInput, RegisterOutput> | null {
    const { op, args, outcome } = event;
    switch (op) {
      case 'read':
        if (outcome === 'unknown') return null; // constrains nothing
        if (!isValue(event.result)) throw new Error(`read: an ok result must be a value or null, got ${show(event.result)}`);
        return { input: { op }, output: event.result };
      case 'write':
        return { input: { op, value: valueArg(args, 0, op) }, output: outcome === 'ok' ? null : undefined };
      case 'cas':
        return {
          input: { op, from: valueArg(args, 0, op), to: valueArg(args, 1, op) },
          output: outcome === 'ok' ? null : undefined,
        };
      default:
        throw new Error(`unknown operation ${show(op)} (expected read, write or cas)`);
    }
  },

  describeOperation(input, output) {
    switch (input.op) {
      case 'read':
        return `read() -> ${output === undefined ? '?' : show(output)}`;
      case 'write':
        return `write(${show(input.value)})`;
      case 'cas':
        return `cas(${show(input.from)}, ${show(input.to)})`;
    }
  },

  describeState: (state) => (state === null ? 'nil' : show(state)),
};
