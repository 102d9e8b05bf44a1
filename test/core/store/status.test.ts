import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderStatusText } from '../../../core/store';
import { assertHealthy, assertNoViolations, content, ok, world } from './helpers';

// The status the name node reports and its text rendering (the CLI's view).

test('renderStatusText names every node, every artifact and the verdict', async () => {
  const w = await world();
  ok(await w.do(w.client(0).upload('alpha', content('alpha', 3))), 'upload');
  ok(await w.do(w.client(0).upload('beta/two', content('beta', 1))), 'upload');
  const s = await w.status();
  const text = renderStatusText(s);
  for (const n of ['s1', 's2', 's3', 's4']) assert.match(text, new RegExp(`^\\s+${n}\\s+ALIVE`, 'm'), `node ${n}`);
  assert.match(text, /"alpha" v1 160 bytes, 3 chunks/);
  assert.match(text, /"beta\/two" v1 32 bytes, 1 chunks/);
  for (const a of s.artifacts) for (const c of a.chunks) assert.match(text, new RegExp(`#${c.index} ${c.id}\\s+${c.size}B\\s+on \\[${c.replicas.join(', ')}\\]$`, 'm'));
  assert.match(text, /summary: 2 artifacts, 4 chunks, 192 bytes, replication 3\.00\/3, under-replicated 0/);
  assert.match(text, /verdict: HEALTHY$/);
  assert.not.match(text, /SAFE MODE/);
  assert.is(s.summary.chunks, 4);
  assert.is(s.summary.totalBytes, 192);
  assert.is(s.nodes.reduce((n, x) => n + x.chunkCount, 0), 12);
  assertNoViolations(w);
});

test('an empty store renders "(none)" and is HEALTHY', async () => {
  const w = await world();
  const s = await w.status();
  const text = renderStatusText(s);
  assert.match(text, /artifacts:\n\s+\(none\)/);
  assert.match(text, /verdict: HEALTHY/);
});

test('the verdict is DEGRADED while a chunk is under-replicated and HEALTHY after repair', async () => {
  // Three storage nodes, R=3: a dead node leaves no spare to copy to.
  const w = await world({ storageNodes: 3 });
  const o = w.storeOptions;
  ok(await w.do(w.client(0).upload('a', content('a', 2))), 'upload');
  assertHealthy(w, await w.status(), 'before');
  w.sim.crash('s2');
  await w.settle(o.deadTimeoutMs + 2 * o.heartbeatIntervalMs);
  const s = await w.status();
  const text = renderStatusText(s);
  assert.is(s.summary.verdict, 'DEGRADED');
  assert.is(s.summary.underReplicated, 2);
  assert.is(s.summary.averageReplication, 2);
  assert.is(s.nodes.find((n) => n.id === 's2')!.state, 'DEAD');
  assert.match(text, /^\s+s2\s+DEAD/m);
  assert.match(text, /<- UNDER_REPLICATED/);
  assert.match(text, /replication 2\.00\/3, under-replicated 2/);
  assert.match(text, /verdict: DEGRADED/);
  // Reads still work, writes need R live nodes.
  assert.is(ok(await w.do(w.client(1).get('a')), 'get while degraded'), content('a', 2));
  const refused = await w.do(w.client(1).upload('b', 'bee'));
  assert.is(refused.type, 'fail');
  assert.is(refused.result, 'UNAVAILABLE');
  w.sim.restart('s2');
  await w.settle(o.blockReportIntervalMs + 3 * o.heartbeatIntervalMs);
  const healed = await w.status();
  assertHealthy(w, healed, 'after s2 returned');
  const healedText = renderStatusText(healed);
  assert.match(healedText, /verdict: HEALTHY/);
  assert.not.match(healedText, /UNDER_REPLICATED/);
  assert.match(healedText, /^\s+s2\s+ALIVE.* 1$/m);
  assertNoViolations(w);
});

test('every replica rotten: the get fails DATA_UNAVAILABLE (never wrong bytes), the chunk is MISSING and the verdict CORRUPT', async () => {
  const w = await world({ storageNodes: 3, store: { blockReportIntervalMs: 100_000 } });
  ok(await w.do(w.client(0).upload('a', content('a', 1))), 'upload');
  const before = await w.status();
  const c = before.artifacts[0]!.chunks[0]!;
  for (const n of c.replicas) w.sim.corrupt(n, 'chunk/' + c.id);
  const e = await w.do(w.client(0).get('a'));
  assert.is(e.type, 'fail', 'every replica rotten: the get fails, never returns wrong bytes');
  assert.is(e.result, 'DATA_UNAVAILABLE');
  const s = await w.status();
  assert.is(s.summary.verdict, 'CORRUPT');
  assert.is(s.artifacts[0]!.chunks[0]!.state, 'MISSING');
  assert.equal([...s.artifacts[0]!.chunks[0]!.corruptReplicas].sort(), [...c.replicas].sort());
  const text = renderStatusText(s);
  assert.match(text, /corrupt on \[/);
  assert.match(text, /<- MISSING/);
  // The verdict names the state the chunk map shows (fsck's CORRUPT is a MISSING chunk).
  assert.match(text, /verdict: CORRUPT \(1 chunk MISSING/);
  assertNoViolations(w);
});

test('safe mode shows in the status after a name node restart', async () => {
  const w = await world();
  ok(await w.do(w.client(0).upload('a', 'x')), 'upload');
  w.sim.crash('nn');
  w.sim.restart('nn');
  await w.settle(5);
  const s = await w.status();
  assert.ok(s.summary.safeMode);
  assert.match(renderStatusText(s), /SAFE MODE/);
  await w.settle(w.storeOptions.safeModeMs + 200);
  const after = await w.status();
  assert.not.ok(after.summary.safeMode);
  assertHealthy(w, after, 'after safe mode');
});

test('a corrupt replica found by a read shows as "corrupt on [node]" and DEGRADED, then HEALTHY once replaced', async () => {
  const w = await world({ seed: 2, store: { blockReportIntervalMs: 100_000 } });
  const a = content('a', 2);
  ok(await w.do(w.client(0).upload('a', a)), 'upload');
  const c = (await w.status()).artifacts[0]!.chunks[0]!;
  const bad = c.replicas[0]!;
  w.sim.corrupt(bad, 'chunk/' + c.id);
  // Reads until one lands on the rotten replica; re-replication waits for the next tick.
  for (let i = 0; i < 30 && w.sim.disk(bad).has('chunk/' + c.id); i++) assert.is(ok(await w.do(w.client(1).get('a')), 'get'), a);
  const s = await w.status();
  const text = renderStatusText(s);
  if (s.summary.underReplicated > 0) {
    assert.is(s.summary.verdict, 'DEGRADED');
    assert.is(s.summary.corrupt, 1);
    assert.match(text, new RegExp(`#0 ${c.id} .* corrupt on \\[${bad}\\]  <- UNDER_REPLICATED`));
    assert.match(text, /corrupt 1\n  verdict: DEGRADED \(\d+ chunks? UNDER_REPLICATED, 1 corrupt replica being replaced\)$/);
  }
  await w.settle(3 * w.storeOptions.heartbeatIntervalMs);
  const healed = await w.status();
  assertHealthy(w, healed, 'after the replacement');
  assert.is(healed.summary.corrupt, 0);
  assert.not.match(renderStatusText(healed), /corrupt on/);
  assert.match(renderStatusText(healed), /verdict: HEALTHY$/);
  assertNoViolations(w);
});

test('the verdict is not HEALTHY while a storage node is RESTARTING (its holdings unknown until it reports)', async () => {
  const w = await world();
  const o = w.storeOptions;
  ok(await w.do(w.client(0).upload('a', content('a', 2))), 'upload');
  assertHealthy(w, await w.status(), 'before');
  // s1 is paused (its answer to the report request waits), and the name node hears of a new incarnation of it.
  w.sim.pause('s1', 4 * o.heartbeatIntervalMs);
  const ctx = w.system.clientAt(w.sim.driverNode);
  ctx.getActor<{ heartbeat(stamp: unknown, h: unknown): void }>('namenode').tell.heartbeat({ node: 's1', boot: '999-new', seq: 0 }, ctx.getActor('storage:s1'));
  await w.settle(o.heartbeatIntervalMs);
  const s = await w.status();
  assert.is(s.nodes.find((n) => n.id === 's1')!.state, 'RESTARTING');
  assert.is(s.summary.underReplicated + s.summary.missing + s.summary.corrupt, 0, 'nothing else is wrong');
  assert.is(s.summary.verdict, 'DEGRADED');
  await w.settle(4 * o.heartbeatIntervalMs + o.blockReportIntervalMs);
  assertHealthy(w, await w.status(), 'after s1 reported');
});

test.run();
