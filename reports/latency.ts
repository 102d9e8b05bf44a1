import type { ReportHistoryEvent } from './report-input';

// Latency quantiles per operation kind from a client history: every `invoke`
// is paired with the next completion of the same process (a process has at most
// one operation open). Latencies are virtual ms from invoke to completion, for
// ok, fail and unknown alike: a timed-out operation did keep its client waiting
// that long. An invoke with no completion at the end of the history counts as
// unknown (Jepsen's reading of an operation that never returned) but has no
// latency. Quantiles are nearest-rank: the smallest sample with at least q of
// all samples at or below it.

export interface LatencyRow {
  /** Operation name as the history spells it (`upload`, `get`, ...). */
  op: string;
  /** Operations invoked. */
  count: number;
  ok: number;
  fail: number;
  unknown: number;
  /** Quantiles over the completed operations; null when none completed. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** One row per operation kind, in order of first invocation. */
export function latencyByOp(history: readonly ReportHistoryEvent[]): LatencyRow[] {
  const samples = new Map<string, number[]>();
  const rows = new Map<string, LatencyRow>();
  const open = new Map<number, ReportHistoryEvent>();
  const rowOf = (op: string): LatencyRow => {
    let row = rows.get(op);
    if (row === undefined) {
      row = { op, count: 0, ok: 0, fail: 0, unknown: 0, p50Ms: null, p95Ms: null, p99Ms: null, maxMs: null };
      rows.set(op, row);
      samples.set(op, []);
    }
    return row;
  };
  for (const e of history) {
    if (e.type === 'invoke') {
      rowOf(e.op).count += 1;
      open.set(e.process, e);
      continue;
    }
    const invoke = open.get(e.process);
    if (invoke === undefined) continue; // a completion without an invoke: malformed, not ours to judge
    open.delete(e.process);
    const row = rowOf(invoke.op);
    row[e.type] += 1;
    samples.get(invoke.op)?.push(Math.max(0, e.timeMs - invoke.timeMs));
  }
  for (const invoke of open.values()) rowOf(invoke.op).unknown += 1;
  for (const row of rows.values()) {
    const sorted = [...(samples.get(row.op) ?? [])].sort((a, b) => a - b);
    row.p50Ms = quantileMs(sorted, 0.5);
    row.p95Ms = quantileMs(sorted, 0.95);
    row.p99Ms = quantileMs(sorted, 0.99);
    row.maxMs = sorted.length > 0 ? (sorted[sorted.length - 1] ?? null) : null;
  }
  return [...rows.values()];
}

/** Nearest-rank quantile of ascending samples; null for none. */
export function quantileMs(sortedMs: readonly number[], q: number): number | null {
  if (sortedMs.length === 0) return null;
  const rank = Math.min(sortedMs.length, Math.max(1, Math.ceil(q * sortedMs.length)));
  return sortedMs[rank - 1] ?? null;
}

/** Client operations invoked in a history (the denominator of messages per operation). */
export function clientOperationCount(history: readonly ReportHistoryEvent[] | undefined): number {
  let n = 0;
  for (const e of history ?? []) if (e.type === 'invoke') n += 1;
  return n;
}
