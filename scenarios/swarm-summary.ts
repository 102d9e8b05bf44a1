import { FAULT_KINDS, FaultKind } from '../sim';
import type { SeedSummary } from './seed-summary';
import { STORE_MARK_NAMES } from '../core/store/marks';

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
  /** Per coverage mark: hits over all seeds and how many seeds hit it; every store mark listed, reached or not, then any other, sorted. */
  marks: Record<string, MarkTotal>;
}

export interface MarkTotal {
  hits: number;
  seeds: number;
}

/** Mark totals over seeds: the store's registry first (a mark no seed reached shows 0), then others by name. */
export function markTotals(results: readonly Pick<SeedSummary, 'marks'>[]): Record<string, MarkTotal> {
  const out: Record<string, MarkTotal> = {};
  for (const name of STORE_MARK_NAMES) out[name] = { hits: 0, seeds: 0 };
  const others = new Set<string>();
  for (const r of results) for (const name of Object.keys(r.marks ?? {})) if (!(name in out)) others.add(name);
  for (const name of [...others].sort()) out[name] = { hits: 0, seeds: 0 };
  for (const r of results) {
    for (const [name, n] of Object.entries(r.marks ?? {})) {
      if (n <= 0) continue;
      out[name]!.hits += n;
      out[name]!.seeds += 1;
    }
  }
  return out;
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
  return { seedsRun: results.length, passed, failed: results.length - passed, events, virtualTimeMs, faults, failuresByKind, marks: markTotals(results) };
}
