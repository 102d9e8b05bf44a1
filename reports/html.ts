import type { RunResult } from '../scenarios/result';
import { escapeHtml } from './_internals/escape-html';
import { faultEndMs, faultTarget } from './_internals/fault-span';
import { perOperation } from './_internals/format';
import { htmlActorsTable } from './_internals/html-actors-table';
import { htmlKeyValueTable } from './_internals/html-key-value-table';
import { htmlPage } from './_internals/html-page';
import { htmlPlacementMap } from './_internals/html-placement-map';
import { storeStatusOf } from './_internals/store-status-of';
import { svgHistoryTimeline } from './_internals/svg-history-timeline';
import { svgSequenceDiagram } from './_internals/svg-sequence-diagram';
import { svgTimeChart, type SvgSeries } from './_internals/svg-time-chart';
import { clientOperationCount, latencyByOp } from './latency';
import { verdictExplained } from '../core/store/status';

// `actorsim run --html FILE`: one self-contained HTML page of a run (no
// network, no external script, style or font; charts are inline SVG). A pure
// function of the result; every string from it is escaped. On failure the
// repro line, the violations and a message sequence diagram of the trace
// around the first violation come first.

/** Line colours for per-node series, cycled. */
const PALETTE = ['#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#ad1457', '#5d4037', '#455a64', '#9e9d24'];

export function renderHtmlReport(result: RunResult): string {
  const report = result.report;
  const status = storeStatusOf(result);
  const endMs = Math.max(result.virtualTimeMs, ...(report?.series.map((s) => s.timeMs) ?? []));
  const title = `actorsim report: ${result.scenario} seed ${String(result.seed)}`;
  const body: string[] = [];

  body.push(
    '<header>',
    `<h1>${escapeHtml(title)}<span class="verdict ${result.ok ? 'ok' : 'failed'}">${result.ok ? 'ok' : 'FAILED'}</span></h1>`,
    `<div class="summary mono">trace ${escapeHtml(result.traceHash)} · ${result.events} events · ${result.virtualTimeMs}ms virtual` +
      `${status ? ` · verdict ${escapeHtml(verdictExplained(status.summary))}` : ''}</div>`,
    '</header>',
  );

  if (!result.ok) {
    const repro = report?.repro;
    body.push(
      '<section id="repro" class="repro"><h2>Reproduce</h2>',
      repro !== undefined ? `<pre>${escapeHtml(repro)}</pre>` : '<p class="empty">no repro line recorded (run through <code>actorsim run</code> to get one)</p>',
      '</section>',
    );
  }
  if (result.violations.length > 0) {
    const items = result.violations.map((v) => {
      const where = [v.name !== undefined ? `artifact ${JSON.stringify(v.name)}` : '', v.chunk !== undefined ? `chunk ${v.chunk}` : '', v.nodes !== undefined ? `nodes [${v.nodes.join(', ')}]` : '']
        .filter((s) => s !== '')
        .join(', ');
      return `<li><span class="kind">${escapeHtml(v.kind)}</span> at ${v.timeMs}ms: ${escapeHtml(v.message)}${where ? ` <span class="small">(${escapeHtml(where)})</span>` : ''}</li>`;
    });
    body.push(`<section id="violations"><h2>Violations (${result.violations.length})</h2><ul class="violations">${items.join('')}</ul></section>`);
  }

  body.push('<section id="charts"><h2>Cluster over virtual time</h2>');
  if (report && report.series.length > 0) {
    const bands = report.faults.map((f) => ({ fromMs: f.atMs, toMs: faultEndMs(f), label: `${f.kind} ${faultTarget(f)} ${f.atMs}..${faultEndMs(f)}ms` }));
    const health: SvgSeries[] = [
      { label: 'live storage nodes', color: '#2e7d32', points: report.series.map((s) => ({ timeMs: s.timeMs, value: s.liveNodes })) },
      { label: 'under-replicated chunks', color: '#ef8f00', points: report.series.map((s) => ({ timeMs: s.timeMs, value: s.underReplicated })) },
      { label: 'missing chunks', color: '#c62828', points: report.series.map((s) => ({ timeMs: s.timeMs, value: s.missing })) },
    ];
    body.push(svgTimeChart({ title: 'Live nodes and chunk health (shaded: faults)', series: health, startMs: 0, endMs, yMin: report.nodes.length, bands }));
    const bytes: SvgSeries[] = report.nodes.map((node, i) => ({
      label: node,
      color: PALETTE[i % PALETTE.length] ?? '#455a64',
      points: report.series.map((s) => ({ timeMs: s.timeMs, value: s.bytesByNode[node] ?? 0 })),
    }));
    body.push(svgTimeChart({ title: 'Chunk bytes stored per node (as the status table counts them)', series: bytes, startMs: 0, endMs, yMin: 1, heightPx: 220 }));
  } else {
    body.push('<p class="empty">this scenario does not record the cluster over time</p>');
  }
  body.push('</section>');

  body.push('<section><h2>Chunk placement at the end of the run</h2>');
  if (status || report) {
    body.push(
      htmlPlacementMap(status, report?.nodes ?? []),
      '<div class="legend-row">● replica · ✗ corrupt replica<span class="swatch" style="background:#fff3d6"></span>under-replicated<span class="swatch" style="background:#ffd9d9"></span>missing<span class="swatch" style="background:#e6f0ff"></span>over-replicated</div>',
    );
  } else {
    body.push('<p class="empty">no store status in this result</p>');
  }
  body.push('</section>');

  body.push('<section><h2>Actors</h2>');
  body.push(report ? htmlActorsTable(report.actors, endMs) : '<p class="empty">no actors table in this result</p>');
  body.push('</section>');

  body.push('<section id="history"><h2>Client history</h2>');
  const history = result.history ?? [];
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
  if (report) {
    const operations = clientOperationCount(result.history);
    body.push(`<p id="messages">${report.messages} messages delivered · ${operations} client operations · ${perOperation(report.messages, operations) ?? 'n/a'} messages per operation</p>`);
  }
  body.push('</section>');

  if (report) {
    body.push('<section id="faults"><h2>Faults</h2>');
    if (report.faults.length === 0) {
      body.push('<p class="empty">no faults injected</p>');
    } else {
      const rows = report.faults.map(
        (f) => `<tr><td class="num">${f.atMs}ms</td><td class="num">${faultEndMs(f)}ms</td><td class="num">${f.durationMs}ms</td><td>${escapeHtml(f.kind)}</td><td class="mono">${escapeHtml(faultTarget(f))}</td></tr>`,
      );
      body.push(`<table class="faults"><thead><tr><th class="num">start</th><th class="num">end</th><th class="num">duration</th><th>kind</th><th>target</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
    }
    body.push('</section>');
  }

  if (!result.ok) {
    body.push('<section id="sequence"><h2>Messages around the first violation</h2>');
    const trace = report?.traceAround ?? [];
    const first = result.violations[0];
    const mark = first ? { timeMs: first.timeMs, label: `[${first.kind}] ${first.message}` } : undefined;
    const focus = report?.traceFocus;
    if (focus && first) {
      body.push(`<p id="sequence-focus">Centred on event #${focus.i} at ${focus.timeMs}ms: ${escapeHtml(focus.why)}; the violation was detected at ${first.timeMs}ms.</p>`);
    }
    body.push(trace.length > 0 ? svgSequenceDiagram(trace, report?.nodes ?? [], mark, focus?.i) : '<p class="empty">the run did not keep its trace</p>');
    body.push('</section>');
  }

  if (result.figures !== undefined && Object.keys(result.figures).length > 0) {
    body.push(`<section><h2>Figures</h2>${htmlKeyValueTable('figures', result.figures)}</section>`);
  }
  body.push(`<section><h2>Options</h2>${htmlKeyValueTable('options', { scenario: result.scenario, seed: result.seed, ...result.options })}</section>`);
  const outputLines = result.output.length;
  if (outputLines > 0) {
    body.push(`<section><details><summary>Scenario output (${outputLines} line${outputLines === 1 ? '' : 's'})</summary><pre>${escapeHtml(result.output.join('\n'))}</pre></details></section>`);
  }
  return htmlPage(title, body.join('\n'));
}
