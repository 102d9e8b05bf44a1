import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderTerminalReport } from '../../reports/terminal';
import { bareResult, failedResult } from './fixture';
import { runReportInput } from '../../scenarios/report-input';

const text = renderTerminalReport(runReportInput(failedResult()));
const lines = text.split('\n');

test('charts live nodes and under-replicated chunks over virtual time, with a time axis', () => {
  assert.ok(text.includes('live storage nodes (of 3)'), text);
  assert.ok(text.includes('under-replicated chunks'));
  // asciichart's axis and line glyphs; the live-nodes line drops from 3 to 2.
  const chart = lines.slice(lines.findIndex((l) => l.includes('live storage nodes')));
  assert.match(chart[1] ?? '', /^\s+3┤─+╮$/);
  assert.match(chart[2] ?? '', /^\s+2┤\s+╰─+$/);
  assert.ok(lines.some((l) => /^\s+0ms\s+1000ms$/.test(l)), 'time axis from 0ms to the end of the run');
});

test('a missing-chunks chart appears when some sample has missing chunks', () => {
  assert.ok(text.includes('missing chunks'));
  const healthy = failedResult();
  for (const s of healthy.report?.series ?? []) s.missing = 0;
  assert.not.ok(renderTerminalReport(runReportInput(healthy)).includes('missing chunks'));
});

test('a short spike between columns still shows (columns keep the extreme)', () => {
  const r = failedResult();
  r.report?.series.splice(1, 0, { timeMs: 301, liveNodes: 0, underReplicated: 9, missing: 0, bytesByNode: {} }, { timeMs: 302, liveNodes: 3, underReplicated: 0, missing: 0, bytesByNode: {} });
  const out = renderTerminalReport(runReportInput(r));
  assert.ok(out.split('\n').some((l) => /^\s+9┤/.test(l)), out);
});

test('one fault row each: start..end, kind, target, and a bar on the run time line', () => {
  const faults = lines.slice(lines.indexOf('-- faults') + 1);
  assert.match(faults[0] ?? '', /when\s+kind\s+target\s+0\.\.1000ms/);
  assert.match(faults[1] ?? '', /^\s+250\.\.300ms\s+crash\s+s2\s+·+━+·+$/);
  assert.match(faults[2] ?? '', /^\s+400\.\.700ms\s+split\s+\[s1, c1\]\s+·+━+·+$/);
  assert.match(faults[3] ?? '', /^\s*500\.\.1500ms\s+crash\s+s2\s+·+━+$/);
  assert.match(faults[4] ?? '', /^\s+650ms\s+bitrot\s+s3\s+·+\|·+$/);
});

test('latency table per op kind and messages per client operation', () => {
  assert.ok(lines.some((l) => /^\s+upload\s+2\s+2\s+0\s+0\s+10ms\s+30ms\s+30ms\s+30ms$/.test(l)), text);
  assert.ok(lines.some((l) => /^\s+get\s+3\s+1\s+1\s+1\s+7ms\s+100ms\s+100ms\s+100ms$/.test(l)));
  assert.ok(lines.some((l) => /^\s+delete\s+1\s+0\s+0\s+1\s+-\s+-\s+-\s+-$/.test(l)));
  assert.ok(text.includes('50 delivered, 6 client operations, 8.33 messages per operation'));
});

test('bytes per node: peak and final with a bar scaled to the largest', () => {
  assert.ok(lines.some((l) => /^\s+s1\s+96\s+96\s+█{30}$/.test(l)), text);
  assert.ok(lines.some((l) => /^\s+s3\s+32\s+32\s+█{10}$/.test(l)));
});

test('a result without history or report data renders, saying what is missing', () => {
  const out = renderTerminalReport(runReportInput(bareResult()));
  assert.ok(out.startsWith('report: pi seed 1'));
  assert.ok(out.includes('(no samples'));
  assert.ok(out.includes('(no client history)'));
  assert.ok(out.includes('(no fault record)'));
});

test('pure: the same result gives the same text; colours only when asked', () => {
  assert.is(renderTerminalReport(runReportInput(failedResult())), text);
  assert.not.ok(text.includes('\x1b['));
  assert.ok(renderTerminalReport(runReportInput(failedResult()), { color: true }).includes('\x1b['));
});

test.run();
