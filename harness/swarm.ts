import type { Seed, StrategyName } from '../sim';
import { runScenario, type ScenarioResult } from './run';
import type { Scenario } from './scenario';

// Many seeds of one scenario, in this process, one after another (scenario
// modules are user code loaded by path; worker threads would each compile
// them again). Deterministic: the same seeds give the same summaries.

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
  const out: SwarmRun = { seeds: [], passed: 0, failed: 0, faults: {}, failuresByKind: {} };
  for (let k = 0; k < o.seeds; k++) {
    const seed: Seed = from + k;
    const r = await runScenario(scenario, { seed, bug: o.bug ?? null, ...(o.overrides ? { overrides: o.overrides } : {}), ...(o.strategy ? { strategy: o.strategy } : {}) });
    const kinds = [...new Set(r.violations.map((v) => v.kind))];
    out.seeds.push({ seed: from + k, ok: r.ok, traceHash: r.traceHash, events: r.events, virtualTimeMs: r.virtualTimeMs, kinds });
    if (r.ok) out.passed += 1;
    else out.failed += 1;
    for (const [kind, n] of Object.entries(r.faults.injected)) out.faults[kind] = (out.faults[kind] ?? 0) + n;
    for (const kind of kinds) out.failuresByKind[kind] = (out.failuresByKind[kind] ?? 0) + 1;
    await o.onSeed?.(r, k + 1);
  }
  return out;
}
