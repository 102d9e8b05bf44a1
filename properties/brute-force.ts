// A deliberately naive linearizability oracle for tests: every subset of the
// unknown-outcome operations, every permutation, filtered by real-time order,
// replayed against the model. No partitioning, no cache, no linked lists, so it
// shares no cleverness (and no bugs) with the WGL search. Small inputs only.

import { InvalidArgumentError } from '../core/errors';
import type { Model, Operation } from './model';

export const BRUTE_FORCE_MAX_OPERATIONS = 7;

function* permutations<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let i = 0; i < items.length; i += 1) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const tail of permutations(rest)) yield [items[i] as T, ...tail];
  }
}

/** Same rule as the WGL search: a precedes b only when a returned strictly before b was called. */
function respectsRealTime<Input, Output>(order: readonly Operation<Input, Output>[]): boolean {
  for (let i = 0; i < order.length; i += 1) {
    for (let j = i + 1; j < order.length; j += 1) {
      const earlier = order[i];
      const later = order[j];
      if (earlier !== undefined && later !== undefined && later.ret < earlier.call) return false;
    }
  }
  return true;
}

function replays<State, Input, Output>(order: readonly Operation<Input, Output>[], model: Model<State, Input, Output>): boolean {
  let state = model.init();
  for (const op of order) {
    const step = model.step(state, op.input, op.output);
    if (!step.ok) return false;
    state = step.state;
  }
  return true;
}

export function checkLinearizabilityBruteForce<State, Input, Output>(
  operations: readonly Operation<Input, Output>[],
  model: Model<State, Input, Output>,
): 'ok' | 'violation' {
  const ops = operations.filter((op) => op.outcome !== 'fail');
  if (ops.length > BRUTE_FORCE_MAX_OPERATIONS) {
    throw new InvalidArgumentError(`checkLinearizabilityBruteForce: at most ${BRUTE_FORCE_MAX_OPERATIONS} operations, got ${ops.length}`);
  }
  const completed = ops.filter((op) => op.outcome === 'ok');
  const unknown = ops.filter((op) => op.outcome !== 'ok');
  for (let mask = 0; mask < 1 << unknown.length; mask += 1) {
    const tookEffect = unknown.filter((_, i) => (mask & (1 << i)) !== 0);
    for (const order of permutations([...completed, ...tookEffect])) {
      if (respectsRealTime(order) && replays(order, model)) return 'ok';
    }
  }
  return 'violation';
}
