import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderHtmlReport } from '../../reports/html';
import { bareResult, EVIL_NAME, failedResult } from './fixture';
import { runReportInput } from '../../scenarios/report-input';

const html = renderHtmlReport(runReportInput(failedResult()));

/** The markup of the element with this id, up to its closing tag (tables and sections do not nest in themselves here). */
function element(page: string, id: string, tag: string): string {
  const start = page.indexOf(`<${tag} id="${id}"`);
  assert.ok(start !== -1, `no <${tag} id="${id}">`);
  return page.slice(start, page.indexOf(`</${tag}>`, start));
}

test('escapes a malicious artifact name everywhere it appears', () => {
  assert.not.ok(html.includes(EVIL_NAME));
  assert.not.ok(html.includes('<script>alert'));
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.not.ok(html.includes('<b>bold</b>'), 'option values are escaped too');
  // Only the report's own inline script.
  assert.is(html.split('<script').length - 1, 1);
});

test('self-contained: no network references, no external script, style or font', () => {
  assert.not.ok(/https?:\/\//i.test(html), 'no http:// or https:// anywhere');
  assert.not.ok(/<script[^>]*\bsrc\s*=/i.test(html), 'no <script src');
  assert.not.ok(/<link\b/i.test(html), 'no <link>');
  assert.not.ok(/\bsrc\s*=/i.test(html), 'no src= at all');
  assert.not.ok(/url\(\s*['"]?(?!#)|@import|@font-face/i.test(html), 'no CSS fetches (url(#id) references the page itself)');
  assert.not.ok(/href\s*=\s*["']?(?!#)/i.test(html), 'no href but same-page anchors');
});

test('a Content-Security-Policy forbids fetches and allows exactly the inline script, by hash', () => {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(csp);
  assert.ok(csp.includes("default-src 'none'"));
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1];
  assert.ok(script !== undefined);
  const hash = createHash('sha256').update(script).digest('base64');
  assert.ok(csp.includes(`script-src 'sha256-${hash}'`), csp);
});

test('a failure leads with the repro line and the violations', () => {
  const repro = html.indexOf('id="repro"');
  assert.ok(repro !== -1);
  assert.ok(repro < html.indexOf('id="charts"'));
  assert.ok(element(html, 'repro', 'section').includes('npx actorsim run swarm --seed 42 --bug early-ack'));
  const violations = element(html, 'violations', 'section');
  assert.ok(violations.includes('lost-write'));
  assert.ok(violations.includes('at 600ms'));
});

test('actors table: one row per actor, Ray-style columns, uptime in virtual time', () => {
  const table = element(html, 'actors', 'table');
  for (const h of ['ID', 'Class', 'Name', 'Node', 'State', 'Restarts', 'Uptime']) assert.ok(table.includes(`>${h}</th>`), h);
  assert.is(table.split('<tr data-class=').length - 1, 4);
  assert.ok(table.includes('<td class="mono">NameNode:1</td><td>NameNode</td>'));
  // s2's actor died at 500 after starting at 300; the living ran to the end (1000ms).
  assert.match(table, /StorageNode:3<\/td>.*DEAD.*<td class="num">1<\/td><td class="num">200ms<\/td><td>500ms: node s2 crashed<\/td>/);
  assert.match(table, /NameNode:1<\/td>.*<td class="num">1000ms<\/td>/);
});

test('placement map: a row per chunk, a cell per storage node, replicas marked, bad chunks highlighted', () => {
  const map = element(html, 'placement', 'table');
  const rows = map.split('<tr class="row').slice(1);
  assert.is(rows.length, 3);
  for (const row of rows) for (const node of ['s1', 's2', 's3']) assert.ok(row.includes(`data-column="${node}"`), node);
  assert.ok(rows[0]?.startsWith(' tone-warn"'), 'b1_0 is under-replicated');
  assert.ok(rows[0]?.includes('UNDER_REPLICATED 2'));
  assert.is(rows[0]?.split('class="cell mark"').length, 3, 'b1_0 on s1 and s2');
  assert.ok(rows[1]?.includes('<td class="cell bad" data-column="s3">✗</td>'));
  assert.ok(rows[1]?.startsWith('"'), 'an OK chunk has no tone');
  assert.ok(rows[2]?.startsWith(' tone-bad"'), 'b2_0 is missing');
  assert.not.ok(rows[2]?.includes('class="cell mark"'));
  assert.ok(map.includes('class="column tone-bad" data-column="s2"'), 'the dead node is marked');
  assert.ok(map.includes('<th>state R=2</th>'));
});

test('charts: SVG lines for live nodes, under-replicated, missing and bytes per node; fault bands', () => {
  const charts = element(html, 'charts', 'section');
  assert.is(charts.split('<svg').length - 1, 2);
  assert.is(charts.split('<path class="line"').length - 1, 3 + 3);
  assert.is(charts.split('<rect class="band"').length - 1, 4);
  for (const label of ['live storage nodes', 'under-replicated chunks', 'missing chunks', 's1', 's2', 's3']) assert.ok(charts.includes(`>${label}</text>`), label);
});

test('history: one lane per process, one bar per operation coloured by outcome', () => {
  const history = element(html, 'history', 'section');
  assert.ok(history.includes('>process 0</text>'));
  assert.ok(history.includes('>process 1</text>'));
  assert.is(history.split('class="op op-ok"').length - 1, 3);
  assert.is(history.split('class="op op-fail"').length - 1, 1);
  assert.is(history.split('class="op op-unknown"').length - 1, 1);
  assert.is(history.split('class="op op-open"').length - 1, 1);
  assert.ok(history.includes('8.33 messages per operation'));
});

test('sequence diagram: lifelines per node, arrows for deliveries, drops marked, the violation placed in time', () => {
  const seq = element(html, 'sequence', 'section');
  for (const node of ['nn', 's1', 's2', 's3', 'c1']) assert.ok(seq.includes(`class="lifeline-name"`) && seq.includes(`>${node}</text>`), node);
  assert.not.ok(seq.includes('>@sim</text>'), 'world events span the diagram instead of a lifeline');
  assert.is(seq.split('class="msg msg-deliver"').length - 1, 2);
  assert.is(seq.split('class="msg msg-drop"').length - 1, 1);
  assert.ok(seq.includes('✕'));
  assert.ok(seq.includes('dropped (node-down)'));
  assert.ok(seq.includes('partition: s1,c1|nn,s2,s3'));
  // The violation at 600ms sits between event #15 (599ms) and #16 (605ms).
  const mark = seq.indexOf('violation: [lost-write]');
  assert.ok(mark > seq.indexOf('#15 599ms'));
  assert.ok(mark < seq.indexOf('#16 605ms'));
});

test('a passing run has no repro, violations or sequence sections', () => {
  const r = failedResult();
  r.ok = true;
  r.violations = [];
  const page = renderHtmlReport(runReportInput(r));
  for (const id of ['repro', 'violations', 'sequence']) assert.not.ok(page.includes(`id="${id}"`), id);
  assert.ok(page.includes('id="charts"'));
});

test('a result without history, status or report data renders, saying what is missing', () => {
  const page = renderHtmlReport(runReportInput(bareResult()));
  assert.ok(page.startsWith('<!DOCTYPE html>'));
  assert.ok(page.includes('no client history in this result'));
  assert.ok(page.includes('does not record the cluster over time'));
  assert.ok(page.includes('id="figures"'));
  assert.ok(page.includes('3.14'));
});

test('pure: the same result gives the same page', () => {
  assert.is(renderHtmlReport(runReportInput(failedResult())), html);
});

test.run();
