// Shrinks a non-linearizable partition to the few operations that matter: a set
// S of completed operations whose observed results contradict each other even
// if every other operation of the partition may or may not have taken effect,
// at any time after its invoke (that is, turned into an unknown outcome).
//
// Weakening, not deleting: deleting the upload before a stale read would
// "explain" it by an update of an absent artifact, and deleting the write a
// read saw would call the read's value never written. Weakened operations can
// still happen, so what remains is a contradiction the history really holds.
// S alone cannot be linearized either (fewer unknowns only remove options).
//
// 1. Drop operations invoked after the culprit completed: they cannot matter.
// 2. Weaken windows of completed operations (halves, quarters, ... single ones;
//    latest first) while the whole still fails; repeat single ones until none
//    can be weakened (then every operation of S is essential) or the step
//    budget runs out.

import type { Model, Operation } from './model';
import { searchLinearization } from './wgl-search';

export interface MinimizedViolation<Input, Output> {
  /** S, in call order: completed operations that cannot be linearized together. */
  operations: Operation<Input, Output>[];
  /** The operation of S whose completion makes the history non-linearizable. */
  culpritId: number;
  /** Operations of the partition outside S, all of which were allowed to take effect or not. */
  others: number;
  /** True when weakening any one operation of S makes the history linearizable. */
  minimal: boolean;
  steps: number;
}

export interface MinimizeOptions {
  /** Total budget for all the searches minimisation runs. */
  maxSteps: number;
  /** Budget per search; a candidate whose search runs out is kept as it was. */
  maxStepsPerCheck: number;
}

function weakened<Input, Output>(op: Operation<Input, Output>): Operation<Input, Output> {
  return { ...op, ret: Number.POSITIVE_INFINITY, output: undefined, outcome: 'unknown' };
}

export function minimizeViolation<State, Input, Output>(
  operations: readonly Operation<Input, Output>[],
  model: Model<State, Input, Output>,
  culpritId: number,
  options: MinimizeOptions,
): MinimizedViolation<Input, Output> {
  let steps = 0;
  let undecided = false;
  let lastCulprit = culpritId;
  const fails = (candidate: readonly Operation<Input, Output>[]): boolean => {
    const budget = Math.min(options.maxStepsPerCheck, options.maxSteps - steps);
    if (budget <= 0) {
      undecided = true;
      return false;
    }
    const result = searchLinearization(candidate, model, budget);
    steps += result.steps;
    if (result.verdict === 'unknown') undecided = true;
    if (result.verdict !== 'violation') return false;
    lastCulprit = result.culpritId;
    return true;
  };

  const all = operations.filter((op) => op.outcome !== 'fail').sort((a, b) => a.call - b.call || a.id - b.id);
  const culprit = all.find((op) => op.id === culpritId);
  // Calls sort before returns at equal times, so a call at the culprit's
  // completion time still belongs to the failing prefix.
  const cut = culprit === undefined ? all : all.filter((op) => op.call <= culprit.ret);
  let current = cut.length < all.length && fails(cut) ? cut : all;

  let minimal = false;
  const definite = (ops: readonly Operation<Input, Output>[]): number[] =>
    ops.flatMap((op, i) => (op.outcome === 'ok' ? [i] : []));
  let size = Math.max(1, Math.floor(definite(current).length / 2));
  for (;;) {
    undecided = false;
    let changed = false;
    const indexes = definite(current);
    // Windows of the completed operations, latest first.
    for (let end = indexes.length; end > 0 && steps < options.maxSteps; end -= size) {
      const window = new Set(indexes.slice(Math.max(0, end - size), end));
      const candidate = current.map((op, i) => (window.has(i) ? weakened(op) : op));
      if (fails(candidate)) {
        current = candidate;
        changed = true;
      }
    }
    if (steps >= options.maxSteps) break;
    if (size === 1 && !changed) {
      minimal = !undecided;
      break;
    }
    size = Math.max(1, Math.floor(size / 2));
  }
  // Every accepted candidate became `current`, so the last culprit is its own:
  // the operation of the furthest return entry, hence a completed one, in S.
  const operationsOfS = current.filter((op) => op.outcome === 'ok');
  return {
    operations: operationsOfS,
    culpritId: lastCulprit,
    others: all.length - operationsOfS.length,
    minimal,
    steps,
  };
}
