import * as asciichart from 'asciichart';
import type { RunResult } from '../scenarios/result';
import { asciiTimeChart, type TimePoint } from './_internals/ascii-time-chart';
import { faultEndMs, faultTarget } from './_internals/fault-span';
import { formatMs, perOperation } from './_internals/format';
import { storeStatusOf } from './_internals/store-status-of';
import { renderTextTable } from './_internals/text-table';
import { clientOperationCount, latencyByOp } from './latency';

// The report `actorsim run --report` prints after a run: cluster health over
// virtual time (asciichart), bytes per node, latency quantiles per operation,
// messages per client operation and the fault timeline. A pure function of the
// result: sections whose data the scenario did not collect say so in one line.

export interface TerminalReportOptions {
  /** ANSI colours on the chart lines (default off). */
  color?: boolean;
  /** Columns of the charts and the fault bars (default 60). */
  widthCols?: number;
}

const BAR = '█';

export function renderTerminalReport(result: RunResult, options: TerminalReportOptions = {}): string {
  const widthCols = Math.max(10, options.widthCols ?? 60);
  const color = options.color === true;
  const report = result.report;
  const endMs = Math.max(result.virtualTimeMs, ...(report?.series.map((s) => s.timeMs) ?? []));
  const lines: string[] = [`report: ${result.scenario} seed ${String(result.seed)}, ${result.virtualTimeMs}ms virtual, ${result.ok ? 'ok' : 'FAILED'}`];

  lines.push('', '-- cluster over virtual time');
  if (!report || report.series.length === 0) {
    lines.push('  (no samples: this scenario does not record the cluster over time)');
  } else {
    const chart = (title: string, points: TimePoint[], max: number, heightRows: number, extreme: 'min' | 'max', lineColor: string): void => {
      lines.push('', ...asciiTimeChart({ title: `  ${title}`, points, startMs: 0, endMs, widthCols, heightRows, min: 0, max, extreme, ...(color ? { color: lineColor } : {}) }));
    };
    const nodeCount = report.nodes.length;
    chart(`live storage nodes (of ${nodeCount})`, report.series.map((s) => ({ timeMs: s.timeMs, value: s.liveNodes })), nodeCount, Math.min(nodeCount, 8), 'min', asciichart.green);
    chart('under-replicated chunks', report.series.map((s) => ({ timeMs: s.timeMs, value: s.underReplicated })), 1, 6, 'max', asciichart.yellow);
    if (report.series.some((s) => s.missing > 0)) {
      chart('missing chunks (no replica left)', report.series.map((s) => ({ timeMs: s.timeMs, value: s.missing })), 1, 6, 'max', asciichart.red);
    }
  }

  lines.push('', '-- chunk bytes stored per node (as the status table counts them)', ...bytesTable(result, widthCols));

  lines.push('', '-- latency per operation (virtual ms, invoke to completion)');
  const latency = latencyByOp(result.history ?? []);
  if (latency.length === 0) {
    lines.push('  (no client history)');
  } else {
    const rows = latency.map((r) => [r.op, String(r.count), String(r.ok), String(r.fail), String(r.unknown), formatMs(r.p50Ms), formatMs(r.p95Ms), formatMs(r.p99Ms), formatMs(r.maxMs)]);
    lines.push(...renderTextTable(['op', 'count', 'ok', 'fail', 'unknown', 'p50', 'p95', 'p99', 'max'], rows, ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right']));
  }

  const operations = clientOperationCount(result.history);
  if (report) {
    const ratio = perOperation(report.messages, operations);
    lines.push('', `-- messages: ${report.messages} delivered, ${operations} client operations, ${ratio ?? 'n/a'} messages per operation`);
  }

  lines.push('', '-- faults');
  if (!report || report.faults.length === 0) {
    lines.push(report ? '  (no faults injected)' : '  (no fault record)');
  } else {
    const rows = report.faults.map((f) => {
      const end = faultEndMs(f);
      return [end === f.atMs ? `${f.atMs}ms` : `${f.atMs}..${end}ms`, f.kind, faultTarget(f), timelineBar(f.atMs, end, endMs, Math.min(40, widthCols))];
    });
    lines.push(...renderTextTable(['when', 'kind', 'target', `0..${endMs}ms`], rows, ['right', 'left', 'left', 'left']));
  }
  return lines.join('\n') + '\n';
}

/** Peak and final bytes per storage node, from the samples (or the final status when there are none). */
function bytesTable(result: RunResult, widthCols: number): string[] {
  const series = result.report?.series ?? [];
  const status = storeStatusOf(result);
  const nodes = result.report?.nodes ?? status?.nodes.map((n) => n.id) ?? [];
  if (nodes.length === 0) return ['  (no storage nodes)'];
  const last = series[series.length - 1];
  const rows = nodes.map((node) => {
    const fromStatus = status?.nodes.find((n) => n.id === node)?.bytes ?? 0;
    const finalBytes = last ? (last.bytesByNode[node] ?? 0) : fromStatus;
    const peakBytes = Math.max(finalBytes, ...series.map((s) => s.bytesByNode[node] ?? 0));
    return { node, peakBytes, finalBytes };
  });
  const scale = Math.max(1, ...rows.map((r) => r.peakBytes));
  const barCols = Math.min(30, widthCols);
  return renderTextTable(
    ['node', 'peak', 'final', ''],
    rows.map((r) => [r.node, String(r.peakBytes), String(r.finalBytes), BAR.repeat(Math.round((r.peakBytes / scale) * barCols))]),
    ['left', 'right', 'right', 'left'],
  );
}

/** A fault's span on a fixed-width line of the run's virtual time (an instant fault is one mark). */
function timelineBar(startMs: number, endMs: number, runEndMs: number, cols: number): string {
  const at = (ms: number): number => Math.min(cols - 1, Math.floor((ms / Math.max(1, runEndMs)) * cols));
  const a = at(startMs);
  const b = Math.max(a, at(endMs));
  return '·'.repeat(a) + (endMs === startMs ? '|' : '━'.repeat(b - a + 1)) + '·'.repeat(cols - 1 - b);
}
