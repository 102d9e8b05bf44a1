import type { Seed, StrategyName } from '../sim';
import { runScenario, type ScenarioResult } from './run';
import type { Scenario } from './scenario';

// Many seeds of one scenario, in this process, one after another (a scenario
// loaded from a module file can also run on worker threads: swarm-pool.ts).
// Deterministic: the same seeds give the same summaries.

export interface SeedOutcome {
  seed: number;
  ok: boolean;
  traceHash: string;
  events: number;
  virtualTimeMs: number;
  kinds: string[];
}

export interface SwarmRun {
  seeds: SeedOutcome[];
  passed: number;
  failed: number;
  /** Faults applied by kind over all seeds. */
  faults: Record<string, number>;
  failuresByKind: Record<string, number>;
}

export interface SwarmRunOptions<O> {
  from?: number;
  seeds: number;
  bug?: string | null;
  overrides?: Partial<O>;
  strategy?: StrategyName;
  /** Called after each seed, with the full result (a failing one can be written as a repro file). */
  onSeed?(result: ScenarioResult<O>, done: number): void | Promise<void>;
}

export async function swarmScenario<O extends object>(scenario: Scenario<O>, o: SwarmRunOptions<O>): Promise<SwarmRun> {
  const from = o.from ?? 1;
  const out = emptySwarmRun();
  for (let k = 0; k < o.seeds; k++) {
    const seed: Seed = from + k;
    const r = await runScenario(scenario, { seed, bug: o.bug ?? null, ...(o.overrides ? { overrides: o.overrides } : {}), ...(o.strategy ? { strategy: o.strategy } : {}) });
    addSeed(out, r);
    await o.onSeed?.(r, k + 1);
  }
  return out;
}

export function emptySwarmRun(): SwarmRun {
  return { seeds: [], passed: 0, failed: 0, faults: {}, failuresByKind: {} };
}

/** Counts one seed's result into the sweep (in seed order, so any number of workers sums the same). */
export function addSeed(out: SwarmRun, r: ScenarioResult<object>): void {
  const kinds = [...new Set(r.violations.map((v) => v.kind))];
  out.seeds.push({ seed: Number(r.seed), ok: r.ok, traceHash: r.traceHash, events: r.events, virtualTimeMs: r.virtualTimeMs, kinds });
  if (r.ok) out.passed += 1;
  else out.failed += 1;
  for (const [kind, n] of Object.entries(r.faults.injected)) out.faults[kind] = (out.faults[kind] ?? 0) + n;
  for (const kind of kinds) out.failuresByKind[kind] = (out.failuresByKind[kind] ?? 0) + 1;
}
