import type { ReportFault, ReportInput, ReportTraceEvent, ReportViolation } from '../reports/report-input';
import type { CheckViolation } from '../properties/violation';
import type { ScenarioResult } from './run';
import type { TraceEvent } from '../sim';

// A harness scenario's run as the reports read it: each series the scenario
// declares becomes a chart titled with its own name, its panels stay its
// panels, and the faults are shown as they fired (vetoed ones marked). The
// sequence diagram shows the kept trace around the first violation's cause.

/** Trace events kept either side of the first violation. */
const TRACE_WINDOW = 25;

export function scenarioReportInput(result: ScenarioResult<object>, extra: { repro?: string } = {}): ReportInput {
  const r = result.report;
  const trace = traceAround(result);
  return {
    scenario: result.scenario,
    seed: result.seed,
    ok: result.ok,
    traceHash: result.traceHash,
    events: result.events,
    virtualTimeMs: result.virtualTimeMs,
    ...(extra.repro !== undefined ? { repro: extra.repro } : {}),
    violations: result.violations.map(reportViolation),
    charts: r.series.map((s) => ({
      title: s.description ? `${s.name} (${s.description})` : s.name,
      faultBands: true,
      series: [{ label: s.name, ...(s.description ? { description: s.description } : {}), points: s.points.map((p) => ({ ...p })) }],
    })),
    panels: r.panels.map((p) => ({ title: p.title, columns: [...p.columns], rows: p.rows.map((row) => [...row]) })),
    grids: [],
    actors: r.actors.map((a) => ({ ...a })),
    history: result.history,
    messages: r.messages,
    faults: r.faults.map(
      (f): ReportFault => ({ atMs: f.atMs, kind: f.kind, durationMs: f.durationMs, applied: f.applied, ...(f.node !== null ? { node: f.node } : f.group ? { group: [...f.group] } : f.target !== undefined ? { role: f.target } : {}) }),
    ),
    ...(trace ? { trace: { events: trace, nodes: [] } } : {}),
    options: { ...(result.bug ? { bug: result.bug } : {}), strategy: result.strategy, ...(result.options as Record<string, unknown>) },
    output: result.output,
  };
}

function reportViolation(v: CheckViolation): ReportViolation {
  const where = [v.name !== undefined ? `name ${JSON.stringify(v.name)}` : '', v.chunk !== undefined ? `chunk ${v.chunk}` : '', v.nodes !== undefined ? `nodes [${v.nodes.join(', ')}]` : '']
    .filter((s) => s !== '')
    .join(', ');
  return { kind: v.kind, message: v.message, timeMs: v.timeMs, ...(where ? { where } : {}) };
}

/** The kept trace around the first violation's cause (or where it was noticed); null without both. */
function traceAround(result: ScenarioResult<object>): ReportTraceEvent[] | null {
  const events = result.trace ?? [];
  const first = result.violations[0];
  if (events.length === 0 || first === undefined) return null;
  const atMs = first.causeMs ?? first.timeMs;
  const after = events.findIndex((e) => e.timeMs > atMs);
  const idx = after === -1 ? events.length - 1 : Math.max(0, after - 1);
  return reportTraceWindow(events, idx);
}

/** The trace events either side of event `index`, as the reports read them (plain data). */
export function reportTraceWindow(events: readonly TraceEvent[], index: number): ReportTraceEvent[] {
  return events.slice(Math.max(0, index - TRACE_WINDOW), index + TRACE_WINDOW).map((e) => ({
    i: e.i,
    timeMs: e.timeMs,
    kind: e.kind,
    node: e.node,
    label: e.label,
    ...(e.from !== undefined ? { from: e.from } : {}),
    ...(e.message !== undefined ? { message: e.message } : {}),
    ...(e.detail !== undefined ? { detail: e.detail } : {}),
  }));
}
