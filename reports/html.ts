import { escapeHtml } from './_internals/escape-html';
import { faultEndMs, faultKind, faultTarget } from './_internals/fault-span';
import { perOperation } from './_internals/format';
import { htmlActorsTable } from './_internals/html-actors-table';
import { htmlGrid } from './_internals/html-grid';
import { htmlKeyValueTable } from './_internals/html-key-value-table';
import { htmlPage } from './_internals/html-page';
import { reportEndMs } from './_internals/report-end';
import { svgHistoryTimeline } from './_internals/svg-history-timeline';
import { svgSequenceDiagram } from './_internals/svg-sequence-diagram';
import { svgTimeChart, type SvgSeries } from './_internals/svg-time-chart';
import { clientOperationCount, latencyByOp } from './latency';
import type { ReportChart, ReportInput, ReportPanel, ReportTone } from './report-input';

// `actorsim run --html FILE`: one self-contained HTML page of a run (no
// network, no external script, style or font; charts are inline SVG). A pure
// function of the report input; every string from it is escaped. On failure
// the repro line, the violations and a message sequence diagram of the trace
// around the first violation come first. Charts, grids and panels carry the
// titles their system gave them.

/** Line colours for series without a tone, cycled. */
const PALETTE = ['#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#ad1457', '#5d4037', '#455a64', '#9e9d24'];
const TONE_LINE: Readonly<Record<ReportTone, string>> = { good: '#2e7d32', warn: '#ef8f00', bad: '#c62828', info: '#1565c0' };

export function renderHtmlReport(input: ReportInput): string {
  const endMs = reportEndMs(input);
  const title = `actorsim report: ${input.scenario} seed ${String(input.seed)}`;
  const body: string[] = [];

  body.push(
    '<header>',
    `<h1>${escapeHtml(title)}<span class="verdict ${input.ok ? 'ok' : 'failed'}">${input.ok ? 'ok' : 'FAILED'}</span></h1>`,
    `<div class="summary mono">trace ${escapeHtml(input.traceHash)} · ${input.events} events · ${input.virtualTimeMs}ms virtual` +
      `${input.verdict !== undefined ? ` · verdict ${escapeHtml(input.verdict)}` : ''}</div>`,
    '</header>',
  );

  if (!input.ok) {
    const repro = input.repro;
    body.push(
      '<section id="repro" class="repro"><h2>Reproduce</h2>',
      repro !== undefined ? `<pre>${escapeHtml(repro)}</pre>` : '<p class="empty">no repro line recorded (run through <code>actorsim run</code> to get one)</p>',
      '</section>',
    );
  }
  if (input.violations.length > 0) {
    const items = input.violations.map(
      (v) => `<li><span class="kind">${escapeHtml(v.kind)}</span> at ${v.timeMs}ms: ${escapeHtml(v.message)}${v.where ? ` <span class="small">(${escapeHtml(v.where)})</span>` : ''}</li>`,
    );
    body.push(`<section id="violations"><h2>Violations (${input.violations.length})</h2><ul class="violations">${items.join('')}</ul></section>`);
  }

  body.push('<section id="charts"><h2>Cluster over virtual time</h2>');
  const drawn = input.charts.filter((c) => c.series.some((s) => s.points.length > 0));
  if (drawn.length > 0) {
    for (const chart of drawn) body.push(svgChart(chart, input, endMs));
  } else {
    body.push('<p class="empty">this scenario does not record the cluster over time</p>');
  }
  body.push('</section>');

  for (const grid of input.grids) body.push(`<section><h2>${escapeHtml(grid.title)}</h2>${htmlGrid(grid)}</section>`);
  for (const panel of input.panels) body.push(`<section class="panel"><h2>${escapeHtml(panel.title)}</h2>${htmlPanel(panel)}</section>`);

  body.push('<section><h2>Actors</h2>');
  body.push(input.actors ? htmlActorsTable(input.actors, endMs) : '<p class="empty">no actors table in this result</p>');
  body.push('</section>');

  body.push('<section id="history"><h2>Client history</h2>');
  const history = input.history ?? [];
  if (history.length > 0) {
    body.push(svgHistoryTimeline(history, endMs));
    body.push(
      '<div class="legend-row"><span class="swatch" style="background:#2e7d32"></span>ok<span class="swatch" style="background:#c62828"></span>fail<span class="swatch" style="background:#ef8f00"></span>unknown (timed out)</div>',
    );
    const rows = latencyByOp(history).map(
      (r) =>
        `<tr><td class="mono">${escapeHtml(r.op)}</td><td class="num">${r.count}</td><td class="num">${r.ok}</td><td class="num">${r.fail}</td><td class="num">${r.unknown}</td>` +
        [r.p50Ms, r.p95Ms, r.p99Ms, r.maxMs].map((v) => `<td class="num">${v === null ? '-' : `${v}ms`}</td>`).join('') +
        '</tr>',
    );
    body.push(
      '<h2 style="margin-top:16px">Latency per operation (virtual ms)</h2>',
      '<table id="latency"><thead><tr><th>op</th><th class="num">count</th><th class="num">ok</th><th class="num">fail</th><th class="num">unknown</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th><th class="num">max</th></tr></thead>',
      `<tbody>${rows.join('')}</tbody></table>`,
    );
  } else {
    body.push('<p class="empty">no client history in this result</p>');
  }
  if (input.messages !== undefined) {
    const operations = clientOperationCount(input.history);
    body.push(`<p id="messages">${input.messages} messages delivered · ${operations} client operations · ${perOperation(input.messages, operations) ?? 'n/a'} messages per operation</p>`);
  }
  body.push('</section>');

  if (input.faults !== undefined) {
    body.push('<section id="faults"><h2>Faults</h2>');
    if (input.faults.length === 0) {
      body.push('<p class="empty">no faults injected</p>');
    } else {
      const rows = input.faults.map(
        (f) => `<tr><td class="num">${f.atMs}ms</td><td class="num">${faultEndMs(f)}ms</td><td class="num">${f.durationMs}ms</td><td>${escapeHtml(faultKind(f))}</td><td class="mono">${escapeHtml(faultTarget(f))}</td></tr>`,
      );
      body.push(`<table class="faults"><thead><tr><th class="num">start</th><th class="num">end</th><th class="num">duration</th><th>kind</th><th>target</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
    }
    body.push('</section>');
  }

  if (!input.ok) {
    body.push('<section id="sequence"><h2>Messages around the first violation</h2>');
    const trace = input.trace;
    const first = input.violations[0];
    const mark = first ? { timeMs: first.timeMs, label: `[${first.kind}] ${first.message}` } : undefined;
    const focus = trace?.focus;
    if (focus && first) {
      body.push(`<p id="sequence-focus">Centred on event #${focus.i} at ${focus.timeMs}ms: ${escapeHtml(focus.why)}; the violation was detected at ${first.timeMs}ms.</p>`);
    }
    body.push(trace && trace.events.length > 0 ? svgSequenceDiagram(trace.events, trace.nodes, mark, focus?.i) : '<p class="empty">the run did not keep its trace</p>');
    body.push('</section>');
  }

  if (input.figures !== undefined && Object.keys(input.figures).length > 0) {
    body.push(`<section><h2>Figures</h2>${htmlKeyValueTable('figures', input.figures)}</section>`);
  }
  body.push(`<section><h2>Options</h2>${htmlKeyValueTable('options', { scenario: input.scenario, seed: input.seed, ...input.options })}</section>`);
  const outputLines = input.output.length;
  if (outputLines > 0) {
    body.push(`<section><details><summary>Scenario output (${outputLines} line${outputLines === 1 ? '' : 's'})</summary><pre>${escapeHtml(input.output.join('\n'))}</pre></details></section>`);
  }
  return htmlPage(title, body.join('\n'));
}

/** One SVG chart: its series in their tones (or the palette), the faults shaded behind when asked. */
function svgChart(chart: ReportChart, input: ReportInput, endMs: number): string {
  const series: SvgSeries[] = chart.series.map((s, i) => ({ label: s.label, color: s.tone !== undefined ? TONE_LINE[s.tone] : (PALETTE[i % PALETTE.length] ?? '#455a64'), points: s.points }));
  const bands = chart.faultBands === true ? (input.faults ?? []).map((f) => ({ fromMs: f.atMs, toMs: faultEndMs(f), label: `${faultKind(f)} ${faultTarget(f)} ${f.atMs}..${faultEndMs(f)}ms` })) : [];
  const yMin = Math.max(1, ...chart.series.map((s) => s.yMax ?? 1));
  return svgTimeChart({ title: chart.title, series, startMs: 0, endMs, yMin, ...(bands.length > 0 ? { bands } : {}), ...(chart.heightPx !== undefined ? { heightPx: chart.heightPx } : {}) });
}

function htmlPanel(p: ReportPanel): string {
  const numeric = p.columns.map((_, i) => p.rows.length > 0 && p.rows.every((r) => typeof r[i] === 'number'));
  const head = p.columns.map((c, i) => `<th${numeric[i] ? ' class="num"' : ''}>${escapeHtml(c)}</th>`).join('');
  const rows = p.rows.map((r) => `<tr>${p.columns.map((_, i) => `<td${numeric[i] ? ' class="num"' : ''}>${escapeHtml(String(r[i] ?? ''))}</td>`).join('')}</tr>`);
  if (rows.length === 0) rows.push(`<tr><td class="empty" colspan="${Math.max(1, p.columns.length)}">no rows</td></tr>`);
  return `<table class="panel"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
