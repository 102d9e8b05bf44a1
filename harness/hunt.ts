import type { StrategyName } from '../sim';
import { reproOf, type ScenarioRepro } from './repro';
import { runScenario } from './run';
import type { Scenario } from './scenario';
import { shrinkScenarioRepro } from './shrink';

// The hunt: seeds of one bug variant until the first violation, then shrink
// it. Says how many seeds a bug takes to find and how small its repro gets.

export interface ScenarioHunt {
  scenario: string;
  bug: string | null;
  found: boolean;
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

export async function huntScenario(scenario: Scenario, o: HuntOptions): Promise<ScenarioHunt> {
  const from = o.from ?? 1;
  for (let k = 0; k < o.seeds; k++) {
    const seed = from + k;
    const r = await runScenario(scenario, { seed, bug: o.bug, ...(o.strategy ? { strategy: o.strategy } : {}) });
    if (r.ok) continue;
    const s = await shrinkScenarioRepro(scenario, reproOf(r, o.module), { maxRuns: o.maxShrinkRuns ?? 400 });
    return {
      scenario: scenario.name,
      bug: o.bug,
      found: true,
      seedsToFind: k + 1,
      seed,
      kinds: [...new Set(r.violations.map((v) => v.kind))],
      shrunkOperations: s.after.operations,
      shrunkFaults: s.after.faults,
      shrinkRuns: s.runs,
      shrunk: s.repro,
    };
  }
  return { scenario: scenario.name, bug: o.bug, found: false, seedsToFind: o.seeds, seed: null, kinds: [], shrunkOperations: null, shrunkFaults: null, shrinkRuns: null, shrunk: null };
}
