import type { CheckViolation } from '../properties/violation';

// Where a violation's story is: checkers often notice late (an end-of-run
// replication check sees a loss seconds of heartbeats after the crash that
// caused it), so reports and `replay --trace` centre on the likely cause, not
// on the moment of detection. The cause is the checker's own `causeMs` when it
// knows it; else the latest fault before detection, preferring faults on the
// violation's nodes and, among those, faults that destroy data (crash, wipe,
// rot) over those that cut nodes off over the rest; else detection.

/** Trace kinds that are the world doing something to the system (not its own messages and timers). */
const NOT_FAULTS: ReadonlySet<string> = new Set(['deliver', 'defer', 'timer', 'action', 'violation', 'restart', 'resume', 'heal']);
const DESTROYING: ReadonlySet<string> = new Set(['crash', 'wipe', 'corrupt']);
const CUTTING: ReadonlySet<string> = new Set(['partition', 'pause']);

export interface CauseEvent {
  i: number;
  timeMs: number;
  kind: string;
  node: string;
}

export interface ViolationCause {
  /** Index into the events array given (not the trace position `i`). */
  index: number;
  timeMs: number;
  why: string;
}

export function locateCause(v: Pick<CheckViolation, 'timeMs' | 'causeMs' | 'nodes'>, events: readonly CauseEvent[]): ViolationCause | null {
  if (events.length === 0) return null;
  // The last event at or before `atMs` (events are in time order).
  const lastAtOrBefore = (atMs: number): number => {
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (events[mid]!.timeMs <= atMs) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  };
  if (v.causeMs !== undefined) {
    const index = Math.max(0, lastAtOrBefore(v.causeMs));
    return { index, timeMs: events[index]!.timeMs, why: `where the checker placed the cause (${v.causeMs}ms)` };
  }
  const end = lastAtOrBefore(v.timeMs);
  const nodes = new Set(v.nodes ?? []);
  // Faults that destroy data first, then those that cut nodes off, then the rest (network settings, drops).
  const rank = (kind: string): number => (DESTROYING.has(kind) ? 0 : CUTTING.has(kind) ? 1 : 2);
  for (const wantNode of nodes.size > 0 ? [true, false] : [false]) {
    let best = -1;
    for (let k = end; k >= 0; k--) {
      const e = events[k]!;
      if (NOT_FAULTS.has(e.kind)) continue;
      if (wantNode && !nodes.has(e.node)) continue;
      if (best === -1 || rank(e.kind) < rank(events[best]!.kind)) best = k;
      if (rank(e.kind) === 0) break;
    }
    if (best !== -1) {
      const e = events[best]!;
      const on = wantNode ? `on ${e.node} ` : '';
      return { index: best, timeMs: e.timeMs, why: `the last ${rank(e.kind) === 0 ? 'destructive ' : ''}fault ${on}before the violation was detected (${e.kind} ${e.node})` };
    }
  }
  const index = Math.max(0, end);
  return { index, timeMs: events[index]!.timeMs, why: 'where the violation was detected (no fault before it)' };
}
