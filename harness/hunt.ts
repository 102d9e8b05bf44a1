import { STRATEGIES, type StrategyName } from '../sim';
import { reproOf, type ScenarioRepro } from './repro';
import { runScenario, type ScenarioResult } from './run';
import type { Scenario } from './scenario';
import { shrinkScenarioRepro } from './shrink';
import { sweepStrategies, type StrategySweep } from './strategy-sweep';

// The hunt: seeds of one bug variant until the first violation, then shrink
// it. Says how many seeds a bug takes to find and how small its repro gets.
// huntScenarioStrategies runs every seed under each strategy instead and
// says which seeds each one failed (see strategy-sweep.ts).

export interface ScenarioHunt {
  scenario: string;
  bug: string | null;
  found: boolean;
  /** The strategy of the failing run (null if not found). */
  strategy: StrategyName | null;
  /** Seeds run up to and including the first failing one (or all, if none failed). */
  seedsToFind: number;
  seed: number | null;
  kinds: string[];
  shrunkOperations: number | null;
  shrunkFaults: number | null;
  shrinkRuns: number | null;
  /** The shrunk run as a repro (null if not found). */
  shrunk: ScenarioRepro | null;
}

export interface HuntOptions {
  bug: string | null;
  seeds: number;
  from?: number;
  strategy?: StrategyName;
  /** The module path written into the repro (for `replay FILE`). */
  module: string;
  maxShrinkRuns?: number;
}

const kindsOf = (r: ScenarioResult<object>) => [...new Set(r.violations.map((v) => v.kind))];

async function shrunkHunt(scenario: Scenario, o: HuntOptions, r: ScenarioResult<object>, seedsToFind: number): Promise<ScenarioHunt> {
  const s = await shrinkScenarioRepro(scenario, reproOf(r, o.module), { maxRuns: o.maxShrinkRuns ?? 400 });
  return {
    scenario: scenario.name,
    bug: o.bug,
    found: true,
    strategy: r.strategy,
    seedsToFind,
    seed: r.seed as number,
    kinds: kindsOf(r),
    shrunkOperations: s.after.operations,
    shrunkFaults: s.after.faults,
    shrinkRuns: s.runs,
    shrunk: s.repro,
  };
}

const notFound = (scenario: Scenario, o: HuntOptions): ScenarioHunt => ({ scenario: scenario.name, bug: o.bug, found: false, strategy: null, seedsToFind: o.seeds, seed: null, kinds: [], shrunkOperations: null, shrunkFaults: null, shrinkRuns: null, shrunk: null });

export async function huntScenario(scenario: Scenario, o: HuntOptions): Promise<ScenarioHunt> {
  const from = o.from ?? 1;
  for (let k = 0; k < o.seeds; k++) {
    const seed = from + k;
    const r = await runScenario(scenario, { seed, bug: o.bug, ...(o.strategy ? { strategy: o.strategy } : {}) });
    if (!r.ok) return shrunkHunt(scenario, o, r, k + 1);
  }
  return notFound(scenario, o);
}

export interface StrategyHuntOptions extends Omit<HuntOptions, 'strategy'> {
  /** Default: every strategy. */
  strategies?: readonly StrategyName[];
  /** Wall clock for the per-strategy times. */
  clock: () => number;
}

/** Every seed under each strategy; the earliest failure (first of the first finders) shrunk. */
export async function huntScenarioStrategies(scenario: Scenario, o: StrategyHuntOptions): Promise<{ result: ScenarioHunt; sweep: StrategySweep }> {
  const from = o.from ?? 1;
  const { sweep, firsts } = await sweepStrategies({ from, seeds: o.seeds, strategies: o.strategies ?? STRATEGIES, clock: o.clock }, async (seed, strategy) => {
    const r = await runScenario(scenario, { seed, bug: o.bug, strategy });
    return { ok: r.ok, kinds: kindsOf(r), result: r };
  });
  const winner = sweep.firstFinders[0];
  const first = winner !== undefined ? firsts.get(winner) : undefined;
  if (first === undefined) return { result: notFound(scenario, o), sweep };
  return { result: await shrunkHunt(scenario, o, first, (first.seed as number) - from + 1), sweep };
}
