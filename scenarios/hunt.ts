import { getBug } from './bugs';
import { reproFromResult, type ReproFile } from './repro-file';
import { shrinkRepro } from './shrink';
import { runSwarm } from './swarm';
import type { StrategyName } from '../sim';

// The hunt: run seeds with one bug variant and one scheduling strategy until
// the first violation, then shrink it. Measures how many seeds a bug takes to
// find and how small its repro gets.

export interface HuntResult {
  bug: string;
  strategy: StrategyName;
  found: boolean;
  /** Seeds run up to and including the first failing one (or all, if none failed). */
  seedsToFind: number;
  seed: number | null;
  kinds: string[];
  wallMs: number;
  shrunkOps: number | null;
  shrunkFaults: number | null;
  /** The shrunk run, ready to write as a repro file (null if not found). */
  shrunk: ReproFile | null;
}

export async function hunt(bugName: string, strategy: StrategyName, maxSeeds: number, clock: () => number, from = 1): Promise<HuntResult> {
  const bug = getBug(bugName);
  const started = clock();
  for (let k = 0; k < maxSeeds; k++) {
    const seed = from + k;
    const r = await runSwarm({ seed, overrides: { strategy }, bug: bug.name, ...bug.classes });
    if (r.ok) continue;
    let shrunk = await shrinkRepro(reproFromResult(r, bug.name), { maxRuns: 800 });
    // A pass ends at its own fixpoint, but a smaller cluster or fewer clients
    // found late can open cuts an earlier step missed: shrink the result again
    // while that helps (at most two more passes, each within its own budget).
    for (let pass = 0; pass < 2; pass++) {
      const again = await shrinkRepro(shrunk.repro, { maxRuns: 800 });
      if (again.after.operations + again.after.faults >= shrunk.after.operations + shrunk.after.faults) break;
      shrunk = { ...again, before: shrunk.before, runs: shrunk.runs + again.runs };
    }
    return {
      bug: bug.name,
      strategy,
      found: true,
      seedsToFind: k + 1,
      seed,
      kinds: [...new Set(r.violations.map((v) => v.kind))],
      wallMs: Math.round(clock() - started),
      shrunkOps: shrunk.after.operations,
      shrunkFaults: shrunk.after.faults,
      shrunk: shrunk.repro,
    };
  }
  return { bug: bug.name, strategy, found: false, seedsToFind: maxSeeds, seed: null, kinds: [], wallMs: Math.round(clock() - started), shrunkOps: null, shrunkFaults: null, shrunk: null };
}
