import type { StoreStatus } from '../core/store';
import type { DiskView } from './disk-view';
import type { CheckViolation } from './violation';

// Safety while faults rage: the name node may list a replica a node does not
// hold, but not for longer than the dead timeout plus one block report.
// Observed on samples; the first sample past the bound reports it once.
// Time the name node spent paused does not count: it cannot notice anything
// then (its timers and messages wait), and a status it answers on resuming
// still shows what it knew when it froze.

export interface PhantomTrackerOptions {
  /** Milliseconds of [fromMs, toMs) during which the name node was paused. */
  pausedMs?: (fromMs: number, toMs: number) => number;
}

export class PhantomTracker {
  private readonly since = new Map<string, number>();
  private readonly reported = new Set<string>();
  readonly violations: CheckViolation[] = [];
  private readonly pausedMs: (fromMs: number, toMs: number) => number;

  constructor(
    private readonly boundMs: number,
    options: PhantomTrackerOptions = {},
  ) {
    this.pausedMs = options.pausedMs ?? (() => 0);
  }

  observe(timeMs: number, status: StoreStatus, disks: DiskView, upNodes: ReadonlySet<string>): void {
    const seen = new Set<string>();
    for (const a of status.artifacts) {
      for (const c of a.chunks) {
        for (const node of c.replicas) {
          const d = disks[node]?.[c.id];
          // A down node's disk still holds what it held; only a real absence counts.
          if (d && d.intact) continue;
          if (!upNodes.has(node) && d) continue;
          const key = `${c.id}@${node}`;
          seen.add(key);
          const first = this.since.get(key) ?? timeMs;
          this.since.set(key, first);
          if (timeMs - first - this.pausedMs(first, timeMs) > this.boundMs && !this.reported.has(key)) {
            this.reported.add(key);
            this.violations.push({
              kind: 'phantom-replica',
              message: `the name node has listed chunk ${c.id} of ${JSON.stringify(a.name)} on ${node} since ${first}ms, but the disk does not hold it (bound ${this.boundMs}ms)`,
              timeMs,
              chunk: c.id,
              nodes: [node],
              name: a.name,
            });
          }
        }
      }
    }
    for (const key of [...this.since.keys()]) if (!seen.has(key)) this.since.delete(key);
  }
}
