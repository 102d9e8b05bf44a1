import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHUNK_PREFIX, StoredChunk, checksum } from '../../../core/store';
import { assertHealthy, assertNoViolations, chunkIds, content, ok, world } from './helpers';

// Replication: a dead storage node's replicas are copied back to R within a
// bounded virtual time, R-1 losses lose nothing, rot is caught and replaced,
// and a returning node's stale replicas are removed.

test('a crashed storage node is declared DEAD and its chunks are re-replicated to R within deadTimeout + a few ticks', async () => {
  const w = await world();
  const o = w.storeOptions;
  const a = content('alpha', 4);
  const b = content('beta', 3);
  ok(await w.do(w.client(0).upload('a', a)), 'upload a');
  ok(await w.do(w.client(1).upload('b', b)), 'upload b');
  const before = await w.status();
  assertHealthy(w, before, 'before the crash');
  // The busiest node holds replicas of both artifacts.
  const victim = [...before.nodes].sort((x, y) => y.chunkCount - x.chunkCount || x.id.localeCompare(y.id))[0]!.id;
  assert.ok(before.nodes.find((n) => n.id === victim)!.chunkCount > 0, 'the victim holds chunks');
  const t0 = w.sim.now();
  w.sim.crash(victim);
  const bound = o.deadTimeoutMs + 3 * o.heartbeatIntervalMs;
  await w.settle(bound);
  const s = await w.status();
  assert.ok(s.timeMs - t0 <= bound + 50, `status taken ${s.timeMs - t0}ms after the crash`);
  assert.is(s.nodes.find((n) => n.id === victim)!.state, 'DEAD', `${victim} state`);
  assert.is(s.nodes.find((n) => n.id === victim)!.chunkCount, 0, `${victim} counts no chunk`);
  for (const art of s.artifacts) for (const c of art.chunks) assert.not.ok(c.replicas.includes(victim), `chunk ${c.id} still counted on ${victim}`);
  assertHealthy(w, s, `${s.timeMs - t0}ms after crashing ${victim}`);
  assert.equal(chunkIds(s), chunkIds(before), 'same chunks, same versions');
  assert.is(ok(await w.do(w.client(0).get('a')), 'get a'), a);
  assert.is(ok(await w.do(w.client(1).get('b')), 'get b'), b);
  assertNoViolations(w);
});

test('crashing R-1 holders of every chunk loses nothing; the chunks are re-replicated back to R', async () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const w = await world({ seed, storageNodes: 5 });
    const o = w.storeOptions;
    const a = content('keep', 5);
    ok(await w.do(w.client(0).upload('a', a)), `seed ${seed}: upload`);
    const before = await w.status();
    assertHealthy(w, before, `seed ${seed}: before`);
    // Two holders of chunk 0: every other chunk also loses at most two replicas.
    const victims = before.artifacts[0]!.chunks[0]!.replicas.slice(0, o.replicationFactor - 1);
    for (const v of victims) w.sim.crash(v);
    assert.is(ok(await w.do(w.client(1).get('a')), `seed ${seed}: get right after the crash`), a, `seed ${seed}: content right after the crash`);
    const t0 = w.sim.now();
    await w.settle(o.deadTimeoutMs + 3 * o.heartbeatIntervalMs);
    const s = await w.status();
    for (const v of victims) assert.is(s.nodes.find((n) => n.id === v)!.state, 'DEAD', `seed ${seed}: ${v} state`);
    assertHealthy(w, s, `seed ${seed}: ${s.timeMs - t0}ms after crashing ${victims}`);
    assert.is(ok(await w.do(w.client(0).get('a')), `seed ${seed}: get after re-replication`), a);
    // The victims return: their replicas are surplus now and go, back to exactly R.
    for (const v of victims) w.sim.restart(v);
    await w.settle(2 * o.blockReportIntervalMs + 2 * o.heartbeatIntervalMs);
    const back = await w.status();
    for (const v of victims) assert.is(back.nodes.find((n) => n.id === v)!.state, 'ALIVE', `seed ${seed}: ${v} back`);
    assertHealthy(w, back, `seed ${seed}: after the victims returned`);
    assertNoViolations(w);
  }
});

test('a corrupt replica is detected on read, the get still returns the content, and the replica is replaced', async () => {
  for (const seed of [1, 2, 3]) {
    // Reports every 100s: between reports only a read can find the rot.
    const w = await world({ seed, store: { blockReportIntervalMs: 100_000 } });
    const a = content('rot', 3);
    ok(await w.do(w.client(0).upload('a', a)), 'upload');
    const before = await w.status();
    const chunk = before.artifacts[0]!.chunks[1]!;
    const bad = chunk.replicas[0]!;
    const key = CHUNK_PREFIX + chunk.id;
    assert.ok(w.sim.corrupt(bad, key), 'corrupted');
    assert.is.not(checksum((w.sim.disk(bad).peek(key) as StoredChunk).data), chunk.checksum, 'the bytes rotted');
    // Read until a read lands on the rotten replica (the replica order is random).
    let reads = 0;
    while (w.sim.disk(bad).has(key) && reads < 30) {
      reads += 1;
      assert.is(ok(await w.do(w.client(reads % 2).get('a')), `seed ${seed}: get ${reads}`), a, `seed ${seed}: get ${reads} content`);
    }
    assert.not.ok(w.sim.disk(bad).has(key), `seed ${seed}: no read found the rot in ${reads} reads`);
    const seen = await w.status();
    const c1 = seen.artifacts[0]!.chunks[1]!;
    // Right after detection the rotten replica no longer counts: the chunk is
    // under-replicated with the corrupt copy named, or already repaired.
    if (c1.state === 'UNDER_REPLICATED') {
      assert.not.ok(c1.replicas.includes(bad), `seed ${seed}: the rotten replica on ${bad} still counts`);
      assert.equal(c1.corruptReplicas, [bad], `seed ${seed}: corrupt replicas`);
      assert.is(seen.summary.verdict, 'DEGRADED');
    } else {
      assert.is(c1.state, 'OK', `seed ${seed}: chunk state`);
      if (c1.replicas.includes(bad)) assert.is(checksum((w.sim.disk(bad).peek(key) as StoredChunk).data), chunk.checksum, 'repaired in place');
    }
    await w.settle(3 * w.storeOptions.heartbeatIntervalMs);
    const s = await w.status();
    assertHealthy(w, s, `seed ${seed}: after the repair`);
    // The rotten copy is gone from `bad`, or was rewritten sound.
    const now = w.sim.disk(bad).peek(key) as StoredChunk | undefined;
    if (now) assert.is(checksum(now.data), chunk.checksum, 'rewritten sound');
    assert.is(ok(await w.do(w.client(1).get('a')), 'get after the repair'), a);
    assertNoViolations(w);
  }
});

test('rot found by the block report scanner (no read) is replaced too', async () => {
  const w = await world({ seed: 7 });
  const a = content('scan', 2);
  ok(await w.do(w.client(0).upload('a', a)), 'upload');
  const before = await w.status();
  const chunk = before.artifacts[0]!.chunks[0]!;
  const bad = chunk.replicas[1]!;
  assert.ok(w.sim.corrupt(bad, CHUNK_PREFIX + chunk.id));
  await w.settle(w.storeOptions.blockReportIntervalMs + 3 * w.storeOptions.heartbeatIntervalMs);
  const s = await w.status();
  assertHealthy(w, s, 'after the scan');
  const now = w.sim.disk(bad).peek(CHUNK_PREFIX + chunk.id) as StoredChunk | undefined;
  if (now) assert.is(checksum(now.data), chunk.checksum);
  assert.is(ok(await w.do(w.client(1).get('a')), 'get'), a);
  assertNoViolations(w);
});

test('a storage node down during an update returns and its stale replicas are removed from its disk', async () => {
  for (const seed of [1, 2, 3, 4]) {
    const w = await world({ seed });
    const o = w.storeOptions;
    const v1 = content('old', 4);
    const v2 = content('new', 3);
    ok(await w.do(w.client(0).upload('a', v1)), 'upload');
    const before = await w.status();
    const oldIds = chunkIds(before);
    const down = before.artifacts[0]!.chunks[0]!.replicas[0]!;
    w.sim.crash(down);
    // Past the dead timeout so the update can place R replicas on the others.
    await w.settle(o.deadTimeoutMs + 2 * o.heartbeatIntervalMs);
    ok(await w.do(w.client(1).update('a', v2)), `seed ${seed}: update while ${down} is down`);
    assert.ok(oldIds.some((id) => w.sim.disk(down).has(CHUNK_PREFIX + id)), 'the down node still holds old chunks on disk');
    w.sim.restart(down);
    await w.settle(o.blockReportIntervalMs + 3 * o.heartbeatIntervalMs);
    const s = await w.status();
    assert.is(s.artifacts[0]!.version, 2);
    for (const n of w.storageNodes) for (const id of oldIds) assert.not.ok(w.sim.disk(n).has(CHUNK_PREFIX + id), `seed ${seed}: stale chunk ${id} survives on ${n}`);
    assertHealthy(w, s, `seed ${seed}: after ${down} returned`);
    assert.is(ok(await w.do(w.client(0).get('a')), 'get'), v2);
    assertNoViolations(w);
  }
});

test('a storage node that crashes and restarts before the dead timeout comes back with its replicas counted', async () => {
  const w = await world({ seed: 3 });
  const a = content('blink', 4);
  ok(await w.do(w.client(0).upload('a', a)), 'upload');
  const before = await w.status();
  const node = before.artifacts[0]!.chunks[0]!.replicas[0]!;
  w.sim.crash(node);
  await w.settle(150);
  w.sim.restart(node);
  await w.settle(w.storeOptions.deadTimeoutMs + w.storeOptions.blockReportIntervalMs);
  const s = await w.status();
  assert.is(s.nodes.find((n) => n.id === node)!.state, 'ALIVE');
  assert.is(s.nodes.find((n) => n.id === node)!.restarts, 1);
  assertHealthy(w, s, 'after the blink');
  assert.is(ok(await w.do(w.client(1).get('a')), 'get'), a);
  assertNoViolations(w);
});

test('a write that commits after one of its targets died does not count the dead replica; it is re-replicated', async () => {
  for (const seed of [1, 2, 3, 4]) {
    // Long RPC timeouts and a short dead timeout: a write waits on a cut-off
    // target long enough for another target, crashed after its ack, to be
    // declared dead. (Cut off, not crashed: a call to a crashed actor that is
    // restarting fails at once, as in Ray.)
    const w = await world({ seed, storageNodes: 6, store: { rpcTimeoutMs: 1000, deadTimeoutMs: 300, heartbeatIntervalMs: 50 } });
    const a = content('late', 6);
    w.sim.isolate('s1');
    const up = w.client(0).upload('a', a);
    w.sim.after(15, () => w.sim.crash('s2'));
    ok(await w.do(up), `seed ${seed}: upload`);
    const s = await w.status();
    assert.is(s.nodes.find((n) => n.id === 's2')!.state, 'DEAD', `seed ${seed}: s2 declared dead during the write`);
    assert.ok(w.sim.disk('s2').keys(CHUNK_PREFIX).length > 0, `seed ${seed}: s2 acked some chunk before it crashed`);
    for (const c of s.artifacts[0]!.chunks) {
      assert.not.ok(c.replicas.includes('s2'), `seed ${seed}: chunk ${c.id} counts a replica on DEAD s2`);
      assert.not.ok(c.replicas.includes('s1'), `seed ${seed}: chunk ${c.id} counts a replica on DEAD s1`);
    }
    await w.settle(500);
    const later = await w.status();
    assertHealthy(w, later, `seed ${seed}: after re-replication`);
    assert.is(ok(await w.do(w.client(1).get('a')), 'get'), a);
    assertNoViolations(w);
  }
});

test('a storage node that misses an update by a short crash (before the dead timeout) drops its stale replicas', async () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const w = await world({ seed });
    const o = w.storeOptions;
    const v1 = content('old', 3);
    const v2 = content('new', 4);
    ok(await w.do(w.client(0).upload('a', v1)), 'upload');
    const oldIds = chunkIds(await w.status());
    const down = (await w.status()).artifacts[0]!.chunks[1]!.replicas[0]!;
    w.sim.crash(down);
    // The name node still thinks it ALIVE: writes to it time out and go elsewhere.
    const upd = w.client(1).update('a', v2);
    w.sim.after(o.rpcTimeoutMs / 2, () => w.sim.restart(down));
    ok(await w.do(upd), `seed ${seed}: update across the blink of ${down}`);
    await w.settle(o.deadTimeoutMs + o.blockReportIntervalMs + 2 * o.heartbeatIntervalMs);
    for (const n of w.storageNodes) for (const id of oldIds) assert.not.ok(w.sim.disk(n).has(CHUNK_PREFIX + id), `seed ${seed}: stale ${id} on ${n}`);
    assertHealthy(w, await w.status(), `seed ${seed}: after the blink`);
    assert.is(ok(await w.do(w.client(0).get('a')), 'get'), v2);
    assertNoViolations(w);
  }
});

test('rot in a copy the name node never counted (a late write) is dropped without marking the chunk corrupt', async () => {
  const w = await world({ seed: 5 });
  const o = w.storeOptions;
  ok(await w.do(w.client(0).upload('a', content('stray', 2))), 'upload');
  const before = await w.status();
  const chunk = before.artifacts[0]!.chunks[0]!;
  const spare = w.storageNodes.find((n) => !chunk.replicas.includes(n))!;
  // As a write that timed out and landed later would leave it: a copy on a
  // fourth node, which then rots before the node's next report.
  const good = w.sim.disk(chunk.replicas[0]!).peek(CHUNK_PREFIX + chunk.id) as StoredChunk;
  w.sim.disk(spare).put(CHUNK_PREFIX + chunk.id, good);
  void w.sim.disk(spare).sync(); // rot hits what is on the platter
  assert.ok(w.sim.corrupt(spare, CHUNK_PREFIX + chunk.id));
  await w.settle(o.blockReportIntervalMs + 2 * o.heartbeatIntervalMs);
  assert.not.ok(w.sim.disk(spare).has(CHUNK_PREFIX + chunk.id), 'the scanner dropped the rotten copy');
  const s = await w.status();
  assertHealthy(w, s, 'after the scan');
  assertNoViolations(w);
});

test.run();
