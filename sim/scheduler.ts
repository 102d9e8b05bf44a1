import { InvalidArgumentError, show } from '../core/errors';
import type { SeededStream } from './random';

// Scheduling strategies decide the order of events that are due at the same
// virtual millisecond (the tie key); latency draws already reorder the rest.
// - random: a seeded random tie per event.
// - pct: probabilistic concurrency testing (Burckhardt et al. 2010) adapted to
//   timed events: each owner (actor or node) gets a random priority; events of
//   higher-priority owners go first among equals; at d-1 change points, drawn
//   uniformly over the first `pctSteps` events, the owner of the running event
//   drops below every initial priority.

export type StrategyName = 'random' | 'pct';
export const STRATEGIES: readonly StrategyName[] = ['random', 'pct'];

export interface SchedulerOptions {
  strategy: StrategyName;
  /** PCT's bug depth d (default 3). */
  pctDepth: number;
  /** Events over which PCT's change points are spread (default 20,000). */
  pctSteps: number;
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
  if (!STRATEGIES.includes(strategy)) throw new InvalidArgumentError(`Simulation: strategy must be one of ${STRATEGIES.join(', ')}, got ${show(strategy)}`);
  const pctDepth = o.pctDepth ?? 3;
  if (!Number.isInteger(pctDepth) || pctDepth < 1) throw new InvalidArgumentError(`Simulation: pctDepth must be an integer >= 1, got ${show(pctDepth)}`);
  const pctSteps = o.pctSteps ?? 20_000;
  if (!Number.isInteger(pctSteps) || pctSteps < 1) throw new InvalidArgumentError(`Simulation: pctSteps must be an integer >= 1, got ${show(pctSteps)}`);
  return { strategy, pctDepth, pctSteps };
}

export function makeScheduler(options: SchedulerOptions, stream: SeededStream): Scheduler {
  if (options.strategy === 'random') {
    return { name: 'random', tie: () => stream.int(0x7fffffff), onStep: () => {} };
  }
  const d = options.pctDepth;
  const priorities = new Map<string, number>();
  const changeAt = new Map<number, number>();
  for (let i = 1; i < d; i++) changeAt.set(stream.int(options.pctSteps), d - i);
  const priority = (owner: string): number => {
    let p = priorities.get(owner);
    if (p === undefined) {
      p = d + stream.int(1_000_000_000);
      priorities.set(owner, p);
    }
    return p;
  };
  return {
    name: 'pct',
    tie: (owner) => -priority(owner),
    onStep: (step, owner) => {
      const lowered = changeAt.get(step);
      if (lowered !== undefined) priorities.set(owner, lowered);
    },
  };
}
