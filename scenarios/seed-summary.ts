import type { FaultKind } from '../sim';
import type { ViolationReport } from './result';
import type { SwarmRunResult } from './swarm';

// What a swarm keeps of each seed's run: small, serialisable (it crosses
// worker threads and shard files), and the same whichever worker ran it.

export interface SeedSummary {
  seed: number;
  ok: boolean;
  traceHash: string;
  events: number;
  virtualTimeMs: number;
  violations: ViolationReport[];
  faults: Record<FaultKind, number>;
  /** Distinct violation kinds, for failure tables. */
  kinds: string[];
  /** Coverage marks reached (absent in shard files written before marks). */
  marks?: Record<string, number>;
}

export function summarize(seed: number, r: SwarmRunResult): SeedSummary {
  return {
    seed,
    ok: r.ok,
    traceHash: r.traceHash,
    events: r.events,
    virtualTimeMs: r.virtualTimeMs,
    violations: r.violations.map((v) => ({ ...v, message: v.message.length > 2000 ? v.message.slice(0, 2000) + '…' : v.message })),
    faults: r.faults,
    kinds: [...new Set(r.violations.map((v) => v.kind))],
    marks: r.marks,
  };
}
