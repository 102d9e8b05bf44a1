// Jepsen's `independent` checker as a model combinator: a history over many
// keys, where each key is its own object, is checked as one sub-history per
// key against the per-key model. The per-key model only ever sees the
// operations of one key (the checker searches each partition separately), so
// it is written as if there were a single object: a register, a string, ...

import { InvalidArgumentError, show } from '../../core/errors';
import type { Model, Operation, Partition } from '../model';

export interface IndependentKeysOptions {
  /** Name in reports; default `<model> per key`. */
  name?: string;
}

/**
 * One `model` per key: `keyOf(input)` names the key an operation touches.
 * Partitions are the keys (in first-invoke order); when the per-key model
 * partitions further, its parts are named `key/part`.
 */
export function independentKeys<State, Input, Output>(
  model: Model<State, Input, Output>,
  keyOf: (input: Input) => string,
  options: IndependentKeysOptions = {},
): Model<State, Input, Output> {
  if (typeof model !== 'object' || model === null || typeof model.step !== 'function') {
    throw new InvalidArgumentError(`independentKeys: model must be a Model, got ${show(model)}`);
  }
  if (typeof keyOf !== 'function') throw new InvalidArgumentError(`independentKeys: keyOf must be a function, got ${show(keyOf)}`);
  const keyed: Model<State, Input, Output> = {
    name: options.name ?? `${model.name} per key`,
    init: () => model.init(),
    step: (state, input, output) => model.step(state, input, output),
    key: (state) => model.key(state),
    partition(operations: readonly Operation<Input, Output>[]): Partition<Input, Output>[] {
      const byKey = new Map<string, Operation<Input, Output>[]>();
      for (const op of operations) {
        const key = keyOf(op.input);
        if (typeof key !== 'string') throw new InvalidArgumentError(`independentKeys: keyOf must return a string, got ${show(key)}`);
        const list = byKey.get(key);
        if (list === undefined) byKey.set(key, [op]);
        else list.push(op);
      }
      const parts: Partition<Input, Output>[] = [];
      for (const [key, ops] of byKey) {
        const inner = model.partition(ops);
        if (inner.length === 1) parts.push({ key, operations: inner[0]!.operations });
        else for (const part of inner) parts.push({ key: `${key}/${part.key}`, operations: part.operations });
      }
      return parts;
    },
    decode: (event) => model.decode(event),
    describeOperation: (input, output) => model.describeOperation(input, output),
    describeState: (state) => model.describeState(state),
  };
  if (model.inputKey !== undefined) {
    const inputKey = model.inputKey.bind(model);
    keyed.inputKey = (input) => inputKey(input);
  }
  if (model.readOnly !== undefined) {
    const readOnly = model.readOnly.bind(model);
    keyed.readOnly = (input) => readOnly(input);
  }
  if (model.observeFailure !== undefined) {
    const observeFailure = model.observeFailure.bind(model);
    keyed.observeFailure = (event) => observeFailure(event);
  }
  return keyed;
}
