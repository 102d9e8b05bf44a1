import type { FaultEvent } from '../sim';
import type { ReportData, ViolationReport } from './result';
import type { StoreWorld } from './store-world';
import { locateCause } from './violation-cause';
import { reportTraceWindow } from '../harness/report-input';

// Gathers what reports draw from a finished store world (plain data only).

export function reportData(world: StoreWorld, faults: readonly FaultEvent[], violations: readonly ViolationReport[]): ReportData {
  const data: ReportData = {
    nodes: [...world.storageNodes],
    series: world.series.map((p) => ({ ...p, bytesByNode: { ...p.bytesByNode } })),
    actors: world.system.actorsTable(),
    faults: faults.map((f) => ({ atMs: f.atMs, kind: f.kind, durationMs: f.durationMs, ...(f.node ? { node: f.node } : {}), ...(f.group ? { group: [...f.group] } : {}) })),
    messages: world.sim.delivered,
  };
  const events = world.sim.traceEvents();
  const first = violations[0];
  if (events.length > 0) {
    // Around the first violation's likely cause (not where a late check noticed it), or the end of the run.
    const cause = first ? locateCause(first, events) : null;
    const idx = cause ? cause.index : events.length - 1;
    if (cause) data.traceFocus = { i: events[idx]!.i, timeMs: cause.timeMs, why: cause.why };
    data.traceAround = reportTraceWindow(events, idx);

  }
  return data;
}
