// Checks that a history is linearizable against a sequential model (Porcupine's
// approach: partition, then a WGL search per partition), and on a violation
// reports the smallest failing set of operations it can find with a timeline.
//
// Deterministic: effort is a step budget, never wall time (see wgl-search.ts),
// and running out of steps gives 'unknown', never a wrong verdict.

import { InvalidArgumentError, show } from '../core/errors';
import { operationsFromHistory } from './from-history';
import type { History, HistoryEvent } from './history';
import { minimizeViolation } from './minimize-violation';
import type { Model, Operation } from './model';
import { renderTimeline } from './render-timeline';
import { searchLinearization, type SearchResult, type SearchVerdict } from './wgl-search';

export type LinearizabilityVerdict = SearchVerdict;

export const DEFAULT_MAX_STEPS = 2_000_000;
export const DEFAULT_MINIMIZE_MAX_STEPS = 1_000_000;
/** Each minimisation search may use 4 times the steps of the search that found the violation, and at least this. */
const MINIMIZE_MIN_STEPS_PER_CHECK = 10_000;

export interface LinearizabilityOptions {
  /** Search budget over all partitions; out of steps gives 'unknown'. */
  maxSteps?: number;
  /** Separate budget for shrinking a violation to its smallest failing set. */
  minimizeMaxSteps?: number;
  /** Only to report elapsedMs: the caller's clock (properties/ never reads wall time itself). */
  clock?: () => number;
}

export interface LinearizabilityViolation<Input, Output> {
  /** The partition's key (the artifact name for the store). */
  partition: string;
  /**
   * A small set of the partition's completed operations, in call order, that
   * cannot be linearized, on their own or whatever the partition's other
   * operations did (see minimize-violation.ts).
   */
  operations: Operation<Input, Output>[];
  /** The operation whose completion makes those operations non-linearizable. */
  culpritId: number;
  /** True when each of `operations` is essential: with any one of them free to do anything, the set could be linearized. */
  minimal: boolean;
  /** One line saying what failed. */
  summary: string;
  /** ASCII timeline of `operations`: one row per process, then a legend with values and times. */
  timeline: string;
}

export interface LinearizabilityResult<Input, Output> {
  verdict: LinearizabilityVerdict;
  model: string;
  partitions: number;
  /** Operations in the history, including failed and ignored ones. */
  operations: number;
  /** Operations the search considered (ok and unknown outcomes the model checks). */
  checked: number;
  failed: number;
  ignored: number;
  /** Search steps used (minimisation not included). */
  steps: number;
  violation?: LinearizabilityViolation<Input, Output>;
  /** Only when a clock was passed in the options. */
  elapsedMs?: number;
}

function isHistory<Input, Output>(input: History | readonly Operation<Input, Output>[]): input is History {
  const first: HistoryEvent | Operation<Input, Output> | undefined = input[0];
  return first !== undefined && 'timeMs' in first;
}

/**
 * Decides one partition. Unknown outcomes make the exact search exponential in
 * the worst case, so when there are any, the budget is split: a quarter for
 * the exact search in time order; half for a relaxed one where unknown
 * operations may take effect any number of times (that only adds
 * linearizations, so a violation it finds is real, and it finds one fast); the
 * rest for the exact search trying unknown operations last (fast when many of
 * them never took effect, where time order is slow).
 */
function decidePartition<State, Input, Output>(
  ops: readonly Operation<Input, Output>[],
  model: Model<State, Input, Output>,
  maxSteps: number,
): SearchResult & { relaxed: boolean } {
  const unknownIds = new Set(ops.filter((op) => op.outcome !== 'fail' && !Number.isFinite(op.ret)).map((op) => op.id));
  if (unknownIds.size === 0) return { ...searchLinearization(ops, model, { maxSteps }), relaxed: false };
  const quick = searchLinearization(ops, model, { maxSteps: Math.floor(maxSteps / 4) });
  if (quick.verdict !== 'unknown') return { ...quick, relaxed: false };
  const relaxed = searchLinearization(ops, model, { maxSteps: Math.floor(maxSteps / 2), reusableIds: unknownIds });
  let steps = quick.steps + relaxed.steps;
  if (relaxed.verdict === 'violation') return { ...relaxed, steps, relaxed: true };
  const full = searchLinearization(ops, model, { maxSteps: maxSteps - steps, unknownsLast: true });
  steps += full.steps;
  return { ...full, steps, relaxed: false };
}

function budget(value: number | undefined, fallback: number, option: string): number {
  const steps = value ?? fallback;
  if (!Number.isInteger(steps) || steps < 0) {
    throw new InvalidArgumentError(`checkLinearizability: ${option} must be a non-negative integer, got ${show(value)}`);
  }
  return steps;
}

export function checkLinearizability<State, Input, Output>(
  input: History | readonly Operation<Input, Output>[],
  model: Model<State, Input, Output>,
  options: LinearizabilityOptions = {},
): LinearizabilityResult<Input, Output> {
  const startedMs = options.clock?.();
  const maxSteps = budget(options.maxSteps, DEFAULT_MAX_STEPS, 'maxSteps');
  const minimizeMaxSteps = budget(options.minimizeMaxSteps, DEFAULT_MINIMIZE_MAX_STEPS, 'minimizeMaxSteps');
  const decoded = isHistory(input)
    ? operationsFromHistory(input, model)
    : {
        operations: input.filter((op) => op.outcome !== 'fail'),
        total: input.length,
        failed: input.filter((op) => op.outcome === 'fail').length,
        ignored: 0,
      };
  const parts = model.partition(decoded.operations);
  const result: LinearizabilityResult<Input, Output> = {
    verdict: 'ok',
    model: model.name,
    partitions: parts.length,
    operations: decoded.total,
    checked: decoded.operations.length,
    failed: decoded.failed,
    ignored: decoded.ignored,
    steps: 0,
  };
  const finish = (): LinearizabilityResult<Input, Output> => {
    if (startedMs !== undefined && options.clock !== undefined) result.elapsedMs = options.clock() - startedMs;
    return result;
  };

  // Smallest partitions first (stable, so deterministic): a budget spent on one
  // huge partition must not hide a violation in the small ones.
  const order = parts.map((part, index) => ({ part, index })).sort((a, b) => a.part.operations.length - b.part.operations.length || a.index - b.index);
  for (const { part } of order) {
    const search = decidePartition(part.operations, model, maxSteps - result.steps);
    result.steps += search.steps;
    if (search.verdict === 'unknown') result.verdict = 'unknown';
    if (search.verdict !== 'violation') continue;

    const small = minimizeViolation(part.operations, model, search.culpritId, {
      maxSteps: minimizeMaxSteps,
      maxStepsPerCheck: Math.max(MINIMIZE_MIN_STEPS_PER_CHECK, 4 * search.steps),
      reusableUnknowns: search.relaxed,
    });
    const describe = (op: Operation<Input, Output>): string => model.describeOperation(op.input, op.output);
    const culpritId = small.culpritId;
    const culprit = small.operations.find((op) => op.id === culpritId);
    const culpritText = culprit === undefined ? `operation ${culpritId}` : `p${culprit.process} ${describe(culprit)}`;
    const others = small.others === 0 ? '' : `, whatever the other ${small.others} did,`;
    result.verdict = 'violation';
    result.violation = {
      partition: part.key,
      operations: small.operations,
      culpritId,
      minimal: small.minimal,
      summary:
        `${model.name} partition ${show(part.key)}: ${small.operations.length} of its ${part.operations.length} operations` +
        `${others} cannot be linearized; no linearization survives the completion of ${culpritText}`,
      timeline: renderTimeline(small.operations, { describe, culpritId }),
    };
    return finish();
  }
  return finish();
}
