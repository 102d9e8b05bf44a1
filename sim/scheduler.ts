import { InvalidArgumentError, show } from '../core/errors';
import { makeDelayBoundedScheduler } from './delay-bounded-scheduler';
import { makePctScheduler } from './pct-scheduler';
import type { SeededStream } from './random';

// Scheduling strategies decide the order of events that are due at the same
// virtual millisecond (the tie key); latency draws already reorder the rest.
// - random: a seeded random tie per event.
// - pct: probabilistic concurrency testing (Burckhardt et al. 2010) adapted to
//   timed events: each owner (actor or node) gets a random priority; events of
//   higher-priority owners go first among equals; at d-1 change points, drawn
//   uniformly over the first `pctSteps` events, the owner of the running event
//   drops below every initial priority.
// - fair-pct: Coyote's fair PCT: PCT (change points over the prefix) for the
//   first `fairPctPrefixSteps` events, then random ties, so that an owner
//   that keeps enqueuing events at one millisecond cannot starve the others.
// - delay-bounded: delay-bounded scheduling (Emmi, Qadeer, Rakamarić 2011):
//   a deterministic FIFO order among equals, except `delayBound` events, drawn
//   uniformly over the first `delaySteps` enqueued, each delayed behind every
//   event due at its millisecond.
// Each draws only from the run's `scheduler` stream.

export type StrategyName = 'random' | 'pct' | 'fair-pct' | 'delay-bounded';
export const STRATEGIES: readonly StrategyName[] = ['random', 'pct', 'fair-pct', 'delay-bounded'];

export function isStrategyName(v: unknown): v is StrategyName {
  return typeof v === 'string' && (STRATEGIES as readonly string[]).includes(v);
}

export interface SchedulerOptions {
  strategy: StrategyName;
  /** PCT's (and fair PCT's) bug depth d (default 3). */
  pctDepth: number;
  /** Events over which PCT's change points are spread (default 20,000). */
  pctSteps: number;
  /** Events run under PCT before fair PCT turns random (default 500: about the first half of a swarm run); its change points are spread over them. */
  fairPctPrefixSteps: number;
  /** Delays of delay-bounded scheduling (default 3). */
  delayBound: number;
  /** Enqueued events over which those delays are spread (default 1,000). */
  delaySteps: number;
}

export interface Scheduler {
  readonly name: StrategyName;
  /** Tie key for an event of `owner` enqueued now; lower runs first. */
  tie(owner: string): number;
  /** Called as event number `step` of `owner` starts. */
  onStep(step: number, owner: string): void;
}

export function checkSchedulerOptions(o: Partial<SchedulerOptions>): SchedulerOptions {
  const strategy = o.strategy ?? 'random';
  if (!isStrategyName(strategy)) throw new InvalidArgumentError(`Simulation: strategy must be one of ${STRATEGIES.join(', ')}, got ${show(strategy)}`);
  const int = (key: keyof SchedulerOptions, fallback: number, min: number): number => {
    const v = o[key] ?? fallback;
    if (!Number.isInteger(v) || (v as number) < min) throw new InvalidArgumentError(`Simulation: ${key} must be an integer >= ${min}, got ${show(v)}`);
    return v as number;
  };
  return {
    strategy,
    pctDepth: int('pctDepth', 3, 1),
    pctSteps: int('pctSteps', 20_000, 1),
    fairPctPrefixSteps: int('fairPctPrefixSteps', 500, 1),
    delayBound: int('delayBound', 3, 0),
    delaySteps: int('delaySteps', 1_000, 1),
  };
}

export function makeScheduler(options: SchedulerOptions, stream: SeededStream): Scheduler {
  switch (options.strategy) {
    case 'random':
      return { name: 'random', tie: () => stream.int(0x7fffffff), onStep: () => {} };
    case 'pct':
      return makePctScheduler('pct', options.pctDepth, options.pctSteps, null, stream);
    case 'fair-pct':
      return makePctScheduler('fair-pct', options.pctDepth, options.fairPctPrefixSteps, options.fairPctPrefixSteps, stream);
    case 'delay-bounded':
      return makeDelayBoundedScheduler(options.delayBound, options.delaySteps, stream);
  }
}
