// Shrinks a non-linearizable partition to the few operations that matter: a set
// S of completed operations whose observed results contradict each other even
// if every other operation of the partition may or may not have taken effect,
// at any time after its invoke, any number of times.
//
// Weakening, not deleting: deleting the upload before a stale read would
// "explain" it by an update of an absent artifact, and deleting the write a
// read saw would call the read's value never written. Weakened operations can
// still happen, so what remains is a contradiction the history really holds.
// S alone cannot be linearized either (fewer operations only remove options).
// Letting weakened operations take effect repeatedly only adds options too, and
// keeps each search polynomial instead of exploring subsets of them.
//
// 1. Drop operations invoked after the culprit completed: they cannot matter.
// 2. Keep the culprit and the k completed operations invoked last before it,
//    weaken the rest; find the smallest k that still fails (doubling, then
//    bisection: more completed operations only remove options). Searches with
//    few completed operations are cheap, so start small.
// 3. Weaken windows of what is left (halves, quarters, ... single ones; latest
//    first) while it still fails; repeat single ones until none can be
//    weakened (every operation of S is then essential) or the budget runs out.
//
// Bounded by steps: every search is given at most what is left of
// options.maxSteps (and options.maxStepsPerCheck), so minimisation ends after
// at most maxSteps search steps in all, whatever the model, however many
// searches that takes; each step costs one model step plus a memo lookup.

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
  /** Budget per search; a candidate whose search runs out counts as not failing. */
  maxStepsPerCheck: number;
  /** Let the history's own unknown operations take effect repeatedly too (when the violation was found so). */
  reusableUnknowns: boolean;
  /** The caller's stop signal (a wall-time limit): minimisation then returns what it has. */
  interrupt?: () => boolean;
}

export function minimizeViolation<State, Input, Output>(
  operations: readonly Operation<Input, Output>[],
  model: Model<State, Input, Output>,
  culpritId: number,
  options: MinimizeOptions,
): MinimizedViolation<Input, Output> {
  let steps = 0;
  let undecided = false;
  let stopped = false;
  const interrupt = options.interrupt === undefined ? {} : { interrupt: options.interrupt };
  let lastCulprit = culpritId;
  const all = operations.filter((op) => op.outcome !== 'fail').sort((a, b) => a.call - b.call || a.id - b.id);
  const culprit = all.find((op) => op.id === culpritId);
  // Calls sort before returns at equal times, so a call at the culprit's
  // completion time still belongs to the failing prefix.
  const ops = culprit === undefined ? all : all.filter((op) => op.call <= culprit.ret);
  const unknownIds = ops.filter((op) => op.outcome !== 'ok').map((op) => op.id);

  /** Does the history fail with only `definite` completed (the others weakened)? */
  const fails = (definite: ReadonlySet<number>): boolean => {
    const maxSteps = Math.min(options.maxStepsPerCheck, options.maxSteps - steps);
    if (maxSteps <= 0 || stopped) {
      undecided = true;
      return false;
    }
    const weakenedIds = new Set<number>(options.reusableUnknowns ? unknownIds : []);
    const candidate = ops.map((op) => {
      if (op.outcome !== 'ok' || definite.has(op.id)) return op;
      weakenedIds.add(op.id);
      return { ...op, ret: Number.POSITIVE_INFINITY, output: undefined, outcome: 'unknown' as const };
    });
    let result = searchLinearization(candidate, model, { maxSteps, reusableIds: weakenedIds, ...interrupt });
    steps += result.steps;
    // Models whose states grow (appends) can make the relaxed search give up
    // (see wgl-search.ts); then search exactly: weakened operations take
    // effect at most once, which costs more steps but proves as much.
    if (result.verdict === 'unknown' && result.stoppedBy === 'reuse-cap') {
      const left = Math.min(options.maxStepsPerCheck - result.steps, options.maxSteps - steps);
      if (left > 0) {
        result = searchLinearization(candidate, model, { maxSteps: left, ...interrupt });
        steps += result.steps;
      }
    }
    if (result.verdict === 'unknown' && result.stoppedBy === 'interrupt') stopped = true;
    if (result.verdict === 'unknown') undecided = true;
    if (result.verdict !== 'violation') return false;
    lastCulprit = result.culpritId;
    return true;
  };

  // Step 2: the smallest suffix of completed operations that still fails.
  const before = ops.filter((op) => op.outcome === 'ok' && op.id !== culpritId).map((op) => op.id);
  const suffix = (k: number): Set<number> => new Set([culpritId, ...before.slice(before.length - k)]);
  let failing = before.length; // everything completed: the original violation
  let passing = -1;
  for (let k = 0; k < failing; k = k === 0 ? 1 : Math.min(2 * k, failing)) {
    if (fails(suffix(k))) failing = k;
    else passing = k;
  }
  while (failing - passing > 1) {
    const k = Math.floor((failing + passing) / 2);
    if (fails(suffix(k))) failing = k;
    else passing = k;
  }
  // The last confirmed failure (if any) was this very set, and set lastCulprit.
  let definite = suffix(failing);

  // Step 3: weaken windows of the remaining completed operations.
  let minimal = false;
  let size = Math.max(1, Math.floor(definite.size / 2));
  for (;;) {
    undecided = false;
    let changed = false;
    const ids = ops.filter((op) => definite.has(op.id)).map((op) => op.id);
    for (let end = ids.length; end > 0 && steps < options.maxSteps && !stopped; end -= size) {
      const window = new Set(ids.slice(Math.max(0, end - size), end));
      const candidate = new Set([...definite].filter((id) => !window.has(id)));
      if (candidate.size > 0 && fails(candidate)) {
        definite = candidate;
        changed = true;
      }
    }
    if (steps >= options.maxSteps || stopped) break;
    if (size === 1 && !changed) {
      minimal = !undecided;
      break;
    }
    size = Math.max(1, Math.floor(size / 2));
  }
  const operationsOfS = ops.filter((op) => definite.has(op.id));
  return { operations: operationsOfS, culpritId: lastCulprit, others: all.length - operationsOfS.length, minimal, steps };
}
