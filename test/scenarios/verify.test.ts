import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { verdictExplained, type StatusSummary } from '../../core/store/status';
import { renderHtmlReport } from '../../reports/html';
import { renderTerminalReport } from '../../reports/terminal';
import { getScenario } from '../../scenarios/index';
import { StoreWorld } from '../../scenarios/store-world';
import { runReportInput } from '../../scenarios/report-input';

// The verification scenario as a newcomer reads it: the fault it injects shows
// in both reports, reads print what they read, and the report's bytes per node
// are the status table's bytes.

test('verify records its storage-node crash as a fault, and both reports show it', async () => {
  const r = await getScenario('verify').run({ seed: 1 });
  assert.ok(r.ok);
  const faults = r.report?.faults ?? [];
  assert.is(faults.length, 1);
  const crash = faults[0]!;
  assert.is(crash.kind, 'crash');
  assert.ok(typeof crash.node === 'string' && /^s\d$/.test(crash.node));
  assert.ok(crash.durationMs > 0, 'the crash lasts until the restart');
  assert.ok(r.output.includes(`crash ${crash.node} (holds chunk #0)`));
  const text = renderTerminalReport(runReportInput(r), { widthCols: 100 });
  assert.not.match(text, /no faults injected/);
  assert.match(text, new RegExp(`${crash.atMs}\\.\\.${crash.atMs + crash.durationMs}ms\\s+crash\\s+${crash.node}`));
  const html = renderHtmlReport(runReportInput(r));
  assert.not.match(html, /no faults injected/);
  assert.match(html, new RegExp(`<td>crash</td><td class="mono">${crash.node}</td>`));
});

test('verify prints the content each get read', async () => {
  const r = await getScenario('verify').run({ seed: 2 });
  const gets = r.output.filter((l) => l.startsWith('get '));
  assert.is(gets.length, 2);
  for (const l of gets) assert.match(l, /^get "[\w.]+": ok "version two: shorter, and on new chunks\."$/);
});

test('bytes per node in the report series equal the status table bytes', async () => {
  const w = new StoreWorld({ seed: 5, storageNodes: 4, clients: 1, store: { chunkSizeBytes: 8 } });
  await w.settle(200);
  const c = w.client(0);
  assert.is((await w.do(c.upload('a', 'héllo wörld, chunked'))).type, 'ok');
  assert.is((await w.do(c.upload('b', '0123456789'))).type, 'ok');
  await w.settle(w.storeOptions.blockReportIntervalMs * 2);
  const st = await w.status();
  const point = w.series[w.series.length - 1]!;
  let total = 0;
  for (const n of st.nodes) {
    assert.is(point.bytesByNode[n.id], n.bytes, `node ${n.id}`);
    total += n.bytes;
  }
  assert.is(total, st.summary.totalBytes * st.summary.replicationTarget, 'every byte of content R times');
});

test('the verdict names the chunk states behind it', () => {
  const base: StatusSummary = { artifacts: 1, chunks: 3, totalBytes: 10, replicationTarget: 3, averageReplication: 3, underReplicated: 0, overReplicated: 0, missing: 0, corrupt: 0, safeMode: false, verdict: 'HEALTHY' };
  assert.is(verdictExplained(base), 'HEALTHY');
  assert.is(verdictExplained({ ...base, verdict: 'CORRUPT', missing: 1, underReplicated: 2 }), 'CORRUPT (1 chunk MISSING, 2 chunks UNDER_REPLICATED)');
  assert.is(verdictExplained({ ...base, verdict: 'DEGRADED', corrupt: 1 }), 'DEGRADED (1 corrupt replica being replaced)');
});

test.run();
