import { ddmin } from './ddmin';
import type { ScheduledFault } from './faults';
import type { Operation } from './operation';
import { reproOf, type ScenarioRepro } from './repro';
import { rerun } from './replay';
import type { Scenario } from './scenario';

// Shrinks a failing run of any scenario: ddmin over the fault schedule, then
// over the operations, then renumbers the clients still used; each cut is kept
// only while a violation of the same kind still occurs. Runs are
// deterministic, so the same input shrinks to the same result.

export interface ShrinkSize {
  operations: number;
  faults: number;
}

export interface ScenarioShrink {
  repro: ScenarioRepro;
  before: ShrinkSize;
  after: ShrinkSize;
  runs: number;
}

export const sizeOf = (r: Pick<ScenarioRepro, 'workload' | 'schedule'>): ShrinkSize => ({ operations: r.workload.length, faults: r.schedule.length });

export async function shrinkScenarioRepro(scenario: Scenario, original: ScenarioRepro, options: { maxRuns?: number; log?: (line: string) => void } = {}): Promise<ScenarioShrink> {
  const maxRuns = options.maxRuns ?? 400;
  const target = new Set(original.violations.map((v) => v.kind));
  let runs = 0;
  let best = { workload: original.workload, schedule: original.schedule };
  const fails = async (c: { workload: Operation[]; schedule: ScheduledFault[] }): Promise<boolean> => {
    if (runs >= maxRuns) return false;
    runs += 1;
    const r = await rerun(scenario, { ...original, ...c });
    return !r.ok && r.violations.some((v) => target.has(v.kind));
  };
  for (let round = 0; round < 3; round++) {
    const start = sizeOf(best);
    best = { ...best, schedule: await ddmin(best.schedule, (s) => fails({ ...best, schedule: s })) };
    best = { ...best, workload: await ddmin(best.workload, (w) => fails({ ...best, workload: w })) };
    options.log?.(`round ${round + 1}: ${JSON.stringify(start)} -> ${JSON.stringify(sizeOf(best))} after ${runs} runs`);
    if (JSON.stringify(sizeOf(best)) === JSON.stringify(start)) break;
  }
  const final = await rerun(scenario, { ...original, ...best });
  return { repro: reproOf(final, original.module), before: sizeOf(original), after: sizeOf(best), runs };
}
