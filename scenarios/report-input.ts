import { verdictExplained, type StoreStatus } from '../core/store/status';
import type { ReportChart, ReportFault, ReportGrid, ReportInput, ReportTone, ReportViolation } from '../reports/report-input';
import type { ReportData, RunResult, ViolationReport } from './result';
import { NAME_NODE_NODE } from './store-world';

// A run of the registry's scenarios (the store's verify and swarm, pi) as the
// reports read it: the store's own titles and units live here, not in
// reports/. The store's series become two charts (cluster health; bytes per
// node), its final status the placement grid and the summary's verdict.

export function runReportInput(result: RunResult): ReportInput {
  const report = result.report;
  const status = storeStatusOf(result);
  return {
    scenario: result.scenario,
    seed: result.seed,
    ok: result.ok,
    traceHash: result.traceHash,
    events: result.events,
    virtualTimeMs: result.virtualTimeMs,
    ...(status ? { verdict: verdictExplained(status.summary) } : {}),
    ...(report?.repro !== undefined ? { repro: report.repro } : {}),
    violations: result.violations.map(storeViolation),
    charts: report ? storeCharts(report, status, result.virtualTimeMs) : [],
    panels: [],
    grids: status || report ? [placementGrid(status, report?.nodes ?? [])] : [],
    ...(report ? { actors: report.actors, messages: report.messages, faults: report.faults.map(storeFault) } : {}),
    ...(result.history !== undefined ? { history: result.history } : {}),
    ...(report?.traceAround !== undefined
      ? { trace: { events: report.traceAround, nodes: [NAME_NODE_NODE, ...report.nodes], ...(report.traceFocus ? { focus: report.traceFocus } : {}) } }
      : {}),
    ...(result.figures !== undefined ? { figures: result.figures } : {}),
    options: result.options,
    output: result.output,
  };
}

/** A run result's `status` is scenario-specific (unknown); the store's scenarios put a StoreStatus there. */
export function storeStatusOf(result: RunResult): StoreStatus | null {
  const s = result.status as Partial<StoreStatus> | null | undefined;
  if (s === null || typeof s !== 'object') return null;
  if (!Array.isArray(s.nodes) || !Array.isArray(s.artifacts)) return null;
  if (s.summary === null || typeof s.summary !== 'object') return null;
  return s as StoreStatus;
}

function storeViolation(v: ViolationReport): ReportViolation {
  const where = [v.name !== undefined ? `artifact ${JSON.stringify(v.name)}` : '', v.chunk !== undefined ? `chunk ${v.chunk}` : '', v.nodes !== undefined ? `nodes [${v.nodes.join(', ')}]` : '']
    .filter((s) => s !== '')
    .join(', ');
  return { kind: v.kind, message: v.message, timeMs: v.timeMs, ...(where ? { where } : {}) };
}

function storeFault(f: ReportData['faults'][number]): ReportFault {
  return { atMs: f.atMs, kind: f.kind, durationMs: f.durationMs, ...(f.node !== undefined ? { node: f.node } : {}), ...(f.group !== undefined ? { group: [...f.group] } : {}) };
}

function storeCharts(report: ReportData, status: StoreStatus | null, endMs: number): ReportChart[] {
  const nodeCount = report.nodes.length;
  const at = (pick: (s: ReportData['series'][number]) => number) => report.series.map((s) => ({ timeMs: s.timeMs, value: pick(s) }));
  const health: ReportChart = {
    title: 'Live nodes and chunk health (shaded: faults)',
    faultBands: true,
    series: [
      { label: 'live storage nodes', description: `of ${nodeCount}`, tone: 'good', points: at((s) => s.liveNodes), yMax: nodeCount, rows: Math.min(nodeCount, 8), extreme: 'min' },
      { label: 'under-replicated chunks', tone: 'warn', points: at((s) => s.underReplicated) },
      { label: 'missing chunks', description: 'no replica left', tone: 'bad', points: at((s) => s.missing), hideWhenZero: true },
    ],
  };
  // Without samples, the final status gives each node one point at the end.
  const finalBytes = (node: string) => (report.series.length > 0 ? [] : [{ timeMs: endMs, value: status?.nodes.find((n) => n.id === node)?.bytes ?? 0 }]);
  const bytes: ReportChart = {
    title: 'Chunk bytes stored per node (as the status table counts them)',
    heightPx: 220,
    text: { kind: 'peaks', rowNoun: 'node' },
    series: report.nodes.map((node) => ({ label: node, points: [...at((s) => s.bytesByNode[node] ?? 0), ...finalBytes(node)] })),
  };
  return [health, bytes];
}

const CHUNK_TONE: Readonly<Record<string, ReportTone>> = { UNDER_REPLICATED: 'warn', MISSING: 'bad', OVER_REPLICATED: 'info' };

/** The chunk placement map: a row per chunk of every artifact, a column per storage node. */
function placementGrid(status: StoreStatus | null, nodeIds: readonly string[]): ReportGrid {
  const nodes = status?.nodes ?? [];
  const ids = nodeIds.length > 0 ? nodeIds : nodes.map((n) => n.id);
  const nodeOf = (id: string) => nodes.find((n) => n.id === id);
  return {
    name: 'placement',
    title: 'Chunk placement at the end of the run',
    corner: 'artifact · chunk',
    stateHeading: status ? `state R=${status.summary.replicationTarget}` : 'state',
    footHeading: 'stored',
    columns: ids.map((id) => {
      const n = nodeOf(id);
      return { id, note: n?.state ?? '', ...(n?.state === 'DEAD' ? { tone: 'bad' as const } : {}), foot: n ? [`${n.chunkCount} ch`, `${n.bytes} B`] : [] };
    }),
    rows: (status?.artifacts ?? []).flatMap((a) =>
      a.chunks.map((c) => {
        const tone = CHUNK_TONE[c.state];
        return {
          label: a.name,
          note: `v${a.version} #${c.index}`,
          detail: `${c.id} ${c.size}B`,
          state: `${c.state} ${c.replicas.length}`,
          ...(tone ? { tone } : {}),
          cells: ids.map((id) => (c.corruptReplicas.includes(id) ? 'bad' : c.replicas.includes(id) ? 'mark' : '')),
        };
      }),
    ),
    empty: 'no artifacts stored at the end of the run',
    legend: {
      marks: '● replica · ✗ corrupt replica',
      tones: [
        { tone: 'warn', text: 'under-replicated' },
        { tone: 'bad', text: 'missing' },
        { tone: 'info', text: 'over-replicated' },
      ],
    },
  };
}
