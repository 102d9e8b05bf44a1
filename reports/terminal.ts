import * as asciichart from 'asciichart';
import { asciiTimeChart } from './_internals/ascii-time-chart';
import { faultEndMs, faultKind, faultTarget } from './_internals/fault-span';
import { formatMs, perOperation } from './_internals/format';
import { reportEndMs } from './_internals/report-end';
import { renderTextTable, type Align } from './_internals/text-table';
import { clientOperationCount, latencyByOp } from './latency';
import type { ReportChart, ReportInput, ReportPanel, ReportSeries, ReportTone } from './report-input';

// The report `actorsim run --report` prints after a run: the run's series over
// virtual time (asciichart), peak and last values per series where a chart asks
// for a table, the scenario's panels, latency quantiles per operation, messages
// per client operation and the fault timeline. A pure function of the report
// input: sections whose data the run did not collect say so in one line.

export interface TerminalReportOptions {
  /** ANSI colours on the chart lines (default off). */
  color?: boolean;
  /** Columns of the charts and the fault bars (default 60). */
  widthCols?: number;
}

const BAR = '█';
const ANSI: Readonly<Record<ReportTone, string>> = { good: asciichart.green, warn: asciichart.yellow, bad: asciichart.red, info: asciichart.blue };

export function renderTerminalReport(input: ReportInput, options: TerminalReportOptions = {}): string {
  const widthCols = Math.max(10, options.widthCols ?? 60);
  const color = options.color === true;
  const endMs = reportEndMs(input);
  const lines: string[] = [`report: ${input.scenario} seed ${String(input.seed)}, ${input.virtualTimeMs}ms virtual, ${input.ok ? 'ok' : 'FAILED'}`];

  const lineCharts = input.charts.filter((c) => (c.text?.kind ?? 'charts') === 'charts');
  lines.push('', '-- cluster over virtual time');
  if (!lineCharts.some((c) => c.series.some((s) => s.points.length > 0))) {
    lines.push('  (no samples: this scenario does not record the cluster over time)');
  } else {
    for (const s of lineCharts.flatMap((c) => c.series)) lines.push(...seriesChart(s, endMs, widthCols, color));
  }

  for (const chart of input.charts) {
    const text = chart.text;
    if (text?.kind !== 'peaks') continue;
    lines.push('', `-- ${lowerFirst(chart.title)}`, ...peaksTable(chart, text.rowNoun, widthCols));
  }
  for (const panel of input.panels) lines.push('', `-- ${panel.title}`, ...panelTable(panel));

  lines.push('', '-- latency per operation (virtual ms, invoke to completion)');
  const latency = latencyByOp(input.history ?? []);
  if (latency.length === 0) {
    lines.push('  (no client history)');
  } else {
    const rows = latency.map((r) => [r.op, String(r.count), String(r.ok), String(r.fail), String(r.unknown), formatMs(r.p50Ms), formatMs(r.p95Ms), formatMs(r.p99Ms), formatMs(r.maxMs)]);
    lines.push(...renderTextTable(['op', 'count', 'ok', 'fail', 'unknown', 'p50', 'p95', 'p99', 'max'], rows, ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right']));
  }

  const operations = clientOperationCount(input.history);
  if (input.messages !== undefined) {
    const ratio = perOperation(input.messages, operations);
    lines.push('', `-- messages: ${input.messages} delivered, ${operations} client operations, ${ratio ?? 'n/a'} messages per operation`);
  }

  lines.push('', '-- faults');
  const faults = input.faults;
  if (faults === undefined || faults.length === 0) {
    lines.push(faults ? '  (no faults injected)' : '  (no fault record)');
  } else {
    const rows = faults.map((f) => {
      const end = faultEndMs(f);
      return [end === f.atMs ? `${f.atMs}ms` : `${f.atMs}..${end}ms`, faultKind(f), faultTarget(f), timelineBar(f.atMs, end, endMs, Math.min(40, widthCols))];
    });
    lines.push(...renderTextTable(['when', 'kind', 'target', `0..${endMs}ms`], rows, ['right', 'left', 'left', 'left']));
  }
  return lines.join('\n') + '\n';
}

/** One text chart of a series over the run (nothing for a series asked to hide while it stays at zero). */
function seriesChart(s: ReportSeries, endMs: number, widthCols: number, color: boolean): string[] {
  if (s.hideWhenZero === true && s.points.every((p) => p.value === 0)) return [];
  const title = `  ${s.label}${s.description ? ` (${s.description})` : ''}`;
  if (s.points.length === 0) return ['', `${title}: no samples`];
  const lineColor = s.tone !== undefined ? ANSI[s.tone] : undefined;
  return [
    '',
    ...asciiTimeChart({
      title,
      points: s.points,
      startMs: 0,
      endMs,
      widthCols,
      heightRows: s.rows ?? 6,
      min: 0,
      max: s.yMax ?? 1,
      extreme: s.extreme ?? 'max',
      ...(color && lineColor !== undefined ? { color: lineColor } : {}),
    }),
  ];
}

/** Peak and last value of each series of a chart, with a bar scaled to the largest peak. */
function peaksTable(chart: ReportChart, rowNoun: string, widthCols: number): string[] {
  if (chart.series.length === 0) return [`  (no ${rowNoun}s)`];
  const rows = chart.series.map((s) => {
    const last = s.points[s.points.length - 1]?.value ?? 0;
    const peak = Math.max(last, ...s.points.map((p) => p.value));
    return { label: s.label, peak, last };
  });
  const scale = Math.max(1, ...rows.map((r) => r.peak));
  const barCols = Math.min(30, widthCols);
  return renderTextTable(
    [rowNoun, 'peak', 'final', ''],
    rows.map((r) => [r.label, String(r.peak), String(r.last), BAR.repeat(Math.round((Math.max(0, r.peak) / scale) * barCols))]),
    ['left', 'right', 'right', 'left'],
  );
}

/** A panel as a text table: columns whose every cell is a number are right-aligned. */
function panelTable(p: ReportPanel): string[] {
  if (p.rows.length === 0) return ['  (no rows)'];
  const align: Align[] = p.columns.map((_, i) => (p.rows.every((r) => typeof r[i] === 'number') ? 'right' : 'left'));
  return renderTextTable(p.columns, p.rows.map((r) => p.columns.map((_, i) => String(r[i] ?? ''))), align);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** A fault's span on a fixed-width line of the run's virtual time (an instant fault is one mark). */
function timelineBar(startMs: number, endMs: number, runEndMs: number, cols: number): string {
  const at = (ms: number): number => Math.min(cols - 1, Math.floor((ms / Math.max(1, runEndMs)) * cols));
  const a = at(startMs);
  const b = Math.max(a, at(endMs));
  return '·'.repeat(a) + (endMs === startMs ? '|' : '━'.repeat(b - a + 1)) + '·'.repeat(cols - 1 - b);
}
