import { FAULT_KINDS, FaultKind } from '../sim';
import type { SeedSummary } from './seed-summary';

// The totals of a swarm over its seeds: the same whether the seeds ran on one
// worker, many, or in shards merged afterwards.

export interface SwarmTotals {
  seedsRun: number;
  passed: number;
  failed: number;
  events: number;
  virtualTimeMs: number;
  faults: Record<FaultKind, number>;
  failuresByKind: Record<string, number>;
}

export function swarmTotals(results: readonly SeedSummary[]): SwarmTotals {
  const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  const failuresByKind: Record<string, number> = {};
  let passed = 0;
  let events = 0;
  let virtualTimeMs = 0;
  for (const r of results) {
    if (r.ok) passed += 1;
    events += r.events;
    virtualTimeMs += r.virtualTimeMs;
    for (const k of FAULT_KINDS) faults[k] += r.faults[k] ?? 0;
    for (const kind of r.kinds) failuresByKind[kind] = (failuresByKind[kind] ?? 0) + 1;
  }
  return { seedsRun: results.length, passed, failed: results.length - passed, events, virtualTimeMs, faults, failuresByKind };
}
