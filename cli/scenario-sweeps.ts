import { version } from '../package.json';
import { ActorsimError, show } from '../core/errors';
import type { SwarmRun } from '../harness';
import { readReproJson, writeJsonAtomically } from '../harness/repro-json';

// A scenario module's sweep split into shards (`swarm --scenario M --shard
// i/n`): each shard writes its slice's summary to a results file; `actorsim
// merge` combines them into exactly the summary the unsharded sweep prints.

export const SCENARIO_SHARD_FORMAT = 'actorsim-scenario-shard/1';

/** What `swarm --scenario M --json` prints (and what merging its shards prints). */
export interface ScenarioSweepSummary {
  scenario: string;
  module: string;
  from: number;
  seedsRun: number;
  passed: number;
  failed: number;
  faults: SwarmRun['faults'];
  failuresByKind: SwarmRun['failuresByKind'];
  seeds: SwarmRun['seeds'];
  failures: Array<{ seed: number; kinds: string[]; repro: string }>;
}

export interface ScenarioShardFile {
  format: typeof SCENARIO_SHARD_FORMAT;
  actorsim: string;
  /** The whole sweep this is a slice of: merge refuses shards of different sweeps. */
  sweep: { scenario: string; module: string; from: number; seeds: number; bug: string | null; overrides: Record<string, unknown>; strategy: string | null };
  shard: { i: number; n: number };
  summary: ScenarioSweepSummary;
}

class ScenarioShardError extends ActorsimError {
  constructor(message: string) {
    super('BAD_SHARD', message);
  }
}

export function writeScenarioShard(file: string, sweep: ScenarioShardFile['sweep'], shard: { i: number; n: number }, summary: ScenarioSweepSummary): void {
  const data: ScenarioShardFile = { format: SCENARIO_SHARD_FORMAT, actorsim: version, sweep, shard, summary };
  writeJsonAtomically(file, data);
}

export function readScenarioShard(file: string): ScenarioShardFile {
  const r = readReproJson(file, SCENARIO_SHARD_FORMAT, (m) => new ScenarioShardError(m.replace('repro file', 'shard results file')));
  const s = r as unknown as ScenarioShardFile;
  if (!s.sweep || !s.shard || !s.summary || !Array.isArray(s.summary.seeds)) throw new ScenarioShardError(`shard results file ${show(file)}: sweep, shard or summary missing`);
  return s;
}

const add = (into: Record<string, number>, from: Record<string, number>): void => {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
};

/** The summary of the whole sweep from all of its shards (each exactly once). */
export function mergeScenarioShards(shards: readonly ScenarioShardFile[]): ScenarioSweepSummary {
  const first = shards[0];
  if (!first) throw new ScenarioShardError('merge: no shard results files');
  const key = (s: ScenarioShardFile): string => JSON.stringify([s.sweep, s.shard.n]);
  for (const s of shards) if (key(s) !== key(first)) throw new ScenarioShardError(`shards are of different sweeps: ${key(s)} vs ${key(first)}`);
  const seen = new Set(shards.map((s) => s.shard.i));
  if (seen.size !== shards.length) throw new ScenarioShardError('a shard appears twice');
  const missing = Array.from({ length: first.shard.n }, (_, k) => k + 1).filter((i) => !seen.has(i));
  if (missing.length) throw new ScenarioShardError(`missing shards ${missing.map((i) => `${i}/${first.shard.n}`).join(', ')}`);
  const ordered = [...shards].sort((a, b) => a.shard.i - b.shard.i);
  const out: ScenarioSweepSummary = { scenario: first.sweep.scenario, module: first.sweep.module, from: first.sweep.from, seedsRun: 0, passed: 0, failed: 0, faults: {}, failuresByKind: {}, seeds: [], failures: [] };
  for (const s of ordered) {
    out.seedsRun += s.summary.seedsRun;
    out.passed += s.summary.passed;
    out.failed += s.summary.failed;
    add(out.faults, s.summary.faults);
    add(out.failuresByKind, s.summary.failuresByKind);
    out.seeds.push(...s.summary.seeds);
    out.failures.push(...s.summary.failures);
  }
  return out;
}

/** Whether FILE's first bytes say it is a scenario shard (merge then reads it as one). */
export function isScenarioShardText(text: string): boolean {
  return text.includes(`"format":"${SCENARIO_SHARD_FORMAT}"`) || text.includes(`"format": "${SCENARIO_SHARD_FORMAT}"`);
}
