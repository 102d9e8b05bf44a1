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
  /**
   * Polled every few thousand steps; true stops the check with 'unknown' (the
   * CLI's --timeout: properties/ never reads wall time, the caller does).
   */
  interrupt?: () => boolean;
}

/** What an 'unknown' verdict explored before it stopped. */
export interface UndecidedPartition {
  partition: string;
  /** Completed operations of the partition. */
  completed: number;
  /** The most of them linearized at once: how far the search got. */
  linearized: number;
  /** `steps`: out of budget; `interrupt`: stopped by the caller (a time limit). */
  stoppedBy: 'steps' | 'interrupt';
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
  /** Search steps minimisation used: at most the minimizeMaxSteps budget. */
  minimizeSteps: number;
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
  /** Failed operations kept as observations (see Model.observeFailure); counted in `failed` too. */
  observed: number;
  /** Partitions decided (linearizable, or the violation's). */
  decided: number;
  /** With an 'unknown' verdict: the partition that was not decided, and how far it got. */
  undecided?: UndecidedPartition;
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
  interrupt: (() => boolean) | undefined,
): SearchResult & { relaxed: boolean } {
  const stop = interrupt === undefined ? {} : { interrupt };
  const unknownIds = new Set(ops.filter((op) => op.outcome !== 'fail' && !Number.isFinite(op.ret)).map((op) => op.id));
  if (unknownIds.size === 0) return { ...searchLinearization(ops, model, { maxSteps, ...stop }), relaxed: false };
  const quick = searchLinearization(ops, model, { maxSteps: Math.floor(maxSteps / 4), ...stop });
  if (quick.verdict !== 'unknown' || quick.stoppedBy === 'interrupt') return { ...quick, relaxed: false };
  const relaxed = searchLinearization(ops, model, { maxSteps: Math.floor(maxSteps / 2), reusableIds: unknownIds, ...stop });
  let steps = quick.steps + relaxed.steps;
  let linearized = Math.max(quick.linearized, relaxed.linearized);
  if (relaxed.verdict === 'violation') return { ...relaxed, steps, relaxed: true };
  if (relaxed.verdict === 'unknown' && relaxed.stoppedBy === 'interrupt') return { ...relaxed, steps, linearized, relaxed: false };
  const full = searchLinearization(ops, model, { maxSteps: maxSteps - steps, unknownsLast: true, ...stop });
  steps += full.steps;
  linearized = Math.max(linearized, full.linearized);
  return { ...full, steps, linearized, relaxed: false };
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
        observed: 0,
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
    observed: decoded.observed,
    decided: 0,
  };
  const finish = (): LinearizabilityResult<Input, Output> => {
    if (startedMs !== undefined && options.clock !== undefined) result.elapsedMs = options.clock() - startedMs;
    return result;
  };

  // Smallest partitions first (stable, so deterministic): a budget spent on one
  // huge partition must not hide a violation in the small ones.
  const order = parts.map((part, index) => ({ part, index })).sort((a, b) => a.part.operations.length - b.part.operations.length || a.index - b.index);
  for (const { part } of order) {
    const search = decidePartition(part.operations, model, maxSteps - result.steps, options.interrupt);
    result.steps += search.steps;
    if (search.verdict === 'unknown') {
      result.verdict = 'unknown';
      // The first undecided partition is reported; later ones are tried with what budget is left.
      if (result.undecided === undefined) {
        const stoppedBy = search.stoppedBy === 'interrupt' ? 'interrupt' : 'steps';
        result.undecided = { partition: part.key, completed: search.completed, linearized: search.linearized, stoppedBy };
      }
      if (search.stoppedBy === 'interrupt') return finish();
      continue;
    }
    result.decided += 1;
    if (search.verdict !== 'violation') continue;

    const small = minimizeViolation(part.operations, model, search.culpritId, {
      maxSteps: minimizeMaxSteps,
      maxStepsPerCheck: Math.max(MINIMIZE_MIN_STEPS_PER_CHECK, 4 * search.steps),
      reusableUnknowns: search.relaxed,
      ...(options.interrupt === undefined ? {} : { interrupt: options.interrupt }),
    });
    const describe = (op: Operation<Input, Output>): string => model.describeOperation(op.input, op.output);
    const culpritId = small.culpritId;
    const culprit = small.operations.find((op) => op.id === culpritId);
    const culpritText = culprit === undefined ? `operation ${culpritId}` : `p${culprit.process} ${describe(culprit)}`;
    const others = small.others === 0 ? '' : `, whatever the other ${small.others} did,`;
    result.verdict = 'violation';
    delete result.undecided;
    result.violation = {
      partition: part.key,
      operations: small.operations,
      culpritId,
      minimal: small.minimal,
      minimizeSteps: small.steps,
      summary:
        `${model.name} partition ${show(part.key)}: ${small.operations.length} of its ${part.operations.length} operations` +
        `${others} cannot be linearized; no linearization survives the completion of ${culpritText}`,
      timeline: renderTimeline(small.operations, { describe, culpritId }),
    };
    return finish();
  }
  return finish();
}
