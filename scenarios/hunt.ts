import { getBug } from './bugs';
import { reproFromResult, type ReproFile } from './repro-file';
import { shrinkRepro } from './shrink';
import { runSwarm, type SwarmRunResult } from './swarm';
import type { StrategyName } from '../sim';
import { sweepStrategies, type StrategySweep } from '../harness/strategy-sweep';

// The hunt: run seeds with one bug variant and one scheduling strategy until
// the first violation, then shrink it. Measures how many seeds a bug takes to
// find and how small its repro gets. huntStrategies runs every seed under
// each strategy instead, and says which seeds each one failed.

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

async function shrinkFound(r: SwarmRunResult, bug: string): Promise<{ after: { operations: number; faults: number }; repro: ReproFile }> {
  let shrunk = await shrinkRepro(reproFromResult(r, bug), { maxRuns: 800 });
  // A pass ends at its own fixpoint, but a smaller cluster or fewer clients
  // found late can open cuts an earlier step missed: shrink the result again
  // while that helps (at most two more passes, each within its own budget).
  for (let pass = 0; pass < 2; pass++) {
    const again = await shrinkRepro(shrunk.repro, { maxRuns: 800 });
    if (again.after.operations + again.after.faults >= shrunk.after.operations + shrunk.after.faults) break;
    shrunk = { ...again, before: shrunk.before, runs: shrunk.runs + again.runs };
  }
  return shrunk;
}

const kindsOf = (r: SwarmRunResult) => [...new Set(r.violations.map((v) => v.kind))];

export async function hunt(bugName: string, strategy: StrategyName, maxSeeds: number, clock: () => number, from = 1): Promise<HuntResult> {
  const bug = getBug(bugName);
  const started = clock();
  for (let k = 0; k < maxSeeds; k++) {
    const seed = from + k;
    const r = await runSwarm({ seed, overrides: { strategy }, bug: bug.name, ...bug.classes });
    if (r.ok) continue;
    const shrunk = await shrinkFound(r, bug.name);
    return { bug: bug.name, strategy, found: true, seedsToFind: k + 1, seed, kinds: kindsOf(r), wallMs: Math.round(clock() - started), shrunkOps: shrunk.after.operations, shrunkFaults: shrunk.after.faults, shrunk: shrunk.repro };
  }
  return { bug: bug.name, strategy, found: false, seedsToFind: maxSeeds, seed: null, kinds: [], wallMs: Math.round(clock() - started), shrunkOps: null, shrunkFaults: null, shrunk: null };
}

export interface StrategyHunt {
  /** The earliest failure over every strategy (first of the first finders), shrunk; or not found. */
  result: HuntResult;
  sweep: StrategySweep & { bug: string };
}

/** Seeds from..from+seeds-1 of one variant under each strategy; shrinks the earliest failure. */
export async function huntStrategies(bugName: string, strategies: readonly StrategyName[], seeds: number, clock: () => number, from = 1): Promise<StrategyHunt> {
  const bug = getBug(bugName);
  const started = clock();
  const { sweep, firsts } = await sweepStrategies({ from, seeds, strategies, clock }, async (seed, strategy) => {
    const r = await runSwarm({ seed, overrides: { strategy }, bug: bug.name, ...bug.classes });
    return { ok: r.ok, kinds: kindsOf(r), result: r };
  });
  const winner = sweep.firstFinders[0];
  const first = winner !== undefined ? firsts.get(winner) : undefined;
  if (winner === undefined || first === undefined) {
    return { result: { bug: bug.name, strategy: strategies[0]!, found: false, seedsToFind: seeds, seed: null, kinds: [], wallMs: Math.round(clock() - started), shrunkOps: null, shrunkFaults: null, shrunk: null }, sweep: { bug: bug.name, ...sweep } };
  }
  const seed = first.seed as number;
  const shrunk = await shrinkFound(first, bug.name);
  return {
    result: { bug: bug.name, strategy: winner, found: true, seedsToFind: seed - from + 1, seed, kinds: kindsOf(first), wallMs: Math.round(clock() - started), shrunkOps: shrunk.after.operations, shrunkFaults: shrunk.after.faults, shrunk: shrunk.repro },
    sweep: { bug: bug.name, ...sweep },
  };
}
