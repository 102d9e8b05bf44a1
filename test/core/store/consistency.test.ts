import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NameNode } from '../../../core/store';
import type { HistoryEvent } from '../../../properties/history';
import { allDiskChunkIds, assertHealthy, assertNoViolations, chunkIds, content, diskChunks, fail, ok, world } from './helpers';

// Atomic updates, complete deletes and a durable name node.

/** Counts `locate` calls: a get that locates twice read a version the update retired under it. */
let locates = 0;
class CountingNameNode extends NameNode {
  override locate(name: string) {
    locates += 1;
    return super.locate(name);
  }
}

test('an update racing a get: the get returns the old or the new content, never a mix (30 seeds)', async () => {
  const v1 = content('old', 5);
  const v2 = content('new', 4);
  // Sanity: the two versions differ in every chunk, so a mix would show.
  for (let i = 0; i < 4; i++) assert.is.not(v1.slice(i * 64, i * 64 + 64), v2.slice(i * 64, i * 64 + 64));
  let sawOld = 0;
  let sawNew = 0;
  let relocated = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const w = await world({ seed, nameNodeClass: CountingNameNode });
    ok(await w.do(w.client(0).upload('a', v1)), `seed ${seed}: upload`);
    // Start the get a little after, before or with the update, to sweep the race.
    const lag = seed % 10;
    const upd = w.client(0).update('a', v2);
    locates = 0;
    const get = new Promise<HistoryEvent>((resolve) => w.sim.after(lag, () => resolve(w.client(1).get('a'))));
    ok(await w.do(upd), `seed ${seed}: update`);
    const got = ok(await w.do(get), `seed ${seed}: get`);
    assert.ok(got === v1 || got === v2, `seed ${seed}: get returned neither version: ${JSON.stringify(got)}`);
    if (got === v1) sawOld += 1;
    else sawNew += 1;
    if (locates > 1) relocated += 1;
    // After the update completed, a get sees the new content.
    assert.is(ok(await w.do(w.client(1).get('a')), `seed ${seed}: get after`), v2, `seed ${seed}: get after the update`);
    assertNoViolations(w);
  }
  assert.ok(sawOld > 0 && sawNew > 0, `the race was swept: ${sawOld} old, ${sawNew} new`);
  // In some seeds the get located v1, found its chunks deleted by the commit of v2, and located again.
  assert.ok(relocated > 0, 'no get read across the commit');
});

test('updates racing gets from two clients, repeatedly, with message reordering', async () => {
  const versions = [content('v1', 4), content('v2', 3), content('v3', 4), content('v4', 2)];
  for (let seed = 1; seed <= 10; seed++) {
    const w = await world({ seed });
    ok(await w.do(w.client(0).upload('a', versions[0]!)), 'upload');
    const writer = (async () => {
      for (const v of versions.slice(1)) await w.client(0).update('a', v);
    })();
    const reader = (async () => {
      const out: HistoryEvent[] = [];
      for (let i = 0; i < 8; i++) out.push((await w.client(1).get('a')) as HistoryEvent);
      return out;
    })();
    await w.do(writer);
    const reads = await w.do(reader);
    for (const e of reads) {
      if (e.type === 'ok') assert.ok(versions.includes(e.result as string), `seed ${seed}: a get returned a mix`);
      else assert.is(e.type, 'fail', `seed ${seed}: a get is never unknown`);
    }
    assert.ok(reads.filter((e) => e.type === 'ok').length >= 6, `seed ${seed}: most gets succeed`);
    await w.settle(500);
    const s = await w.status();
    assert.is(s.artifacts[0]!.version, 4);
    assertHealthy(w, s, `seed ${seed}: after the race`);
    assertNoViolations(w);
  }
});

test('a delete while a holder is down leaves no chunk anywhere once it returns', async () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    for (const wait of ['before the dead timeout', 'after the dead timeout'] as const) {
      const w = await world({ seed });
      const o = w.storeOptions;
      ok(await w.do(w.client(0).upload('a', content('doomed', 4))), 'upload a');
      ok(await w.do(w.client(0).upload('keep', content('keep', 2))), 'upload keep');
      const before = await w.status();
      const doomed = chunkIds(before, 'a');
      const down = before.artifacts.find((a) => a.name === 'a')!.chunks[0]!.replicas[0]!;
      w.sim.crash(down);
      if (wait === 'after the dead timeout') await w.settle(o.deadTimeoutMs + 2 * o.heartbeatIntervalMs);
      else await w.settle(50);
      ok(await w.do(w.client(1).delete('a')), `seed ${seed}: delete while ${down} is down (${wait})`);
      assert.ok(doomed.some((id) => w.sim.disk(down).has('chunk/' + id)), 'the down node still holds chunks of a');
      await w.settle(200);
      w.sim.restart(down);
      await w.settle(o.deadTimeoutMs + o.blockReportIntervalMs + 3 * o.heartbeatIntervalMs);
      const left = allDiskChunkIds(w);
      for (const id of doomed) assert.not.ok(left.has(id), `seed ${seed} (${wait}): chunk ${id} of the deleted artifact survives: ${JSON.stringify([...diskChunks(w)])}`);
      const s = await w.status();
      assert.equal(s.artifacts.map((a) => a.name), ['keep']);
      assertHealthy(w, s, `seed ${seed} (${wait})`);
      fail(await w.do(w.client(0).get('a')), 'NOT_FOUND', 'get of the deleted artifact');
      assertNoViolations(w);
    }
  }
});

test('deleting every artifact empties every disk', async () => {
  const w = await world({ seed: 9 });
  const o = w.storeOptions;
  for (const n of ['a', 'b', 'c']) ok(await w.do(w.client(0).upload(n, content(n, 3))), `upload ${n}`);
  w.sim.crash('s2');
  for (const n of ['a', 'b', 'c']) ok(await w.do(w.client(1).delete(n)), `delete ${n}`);
  w.sim.restart('s2');
  await w.settle(o.deadTimeoutMs + o.blockReportIntervalMs + 2 * o.heartbeatIntervalMs);
  for (const [node, keys] of diskChunks(w)) assert.equal(keys, [], `${node} still holds chunks`);
  const s = await w.status();
  assert.is(s.summary.chunks, 0);
  assert.is(s.summary.verdict, 'HEALTHY');
  assertNoViolations(w);
});

test('a name node restart keeps every acknowledged artifact: get returns the content after safe mode', async () => {
  for (const seed of [1, 2, 3]) {
    const w = await world({ seed });
    const o = w.storeOptions;
    const a = content('durable', 4);
    const b1 = content('b-one', 2);
    const b2 = content('b-two', 3);
    ok(await w.do(w.client(0).upload('a', a)), 'upload a');
    ok(await w.do(w.client(0).upload('b', b1)), 'upload b');
    ok(await w.do(w.client(1).update('b', b2)), 'update b');
    ok(await w.do(w.client(1).upload('gone', content('gone', 2))), 'upload gone');
    ok(await w.do(w.client(1).delete('gone')), 'delete gone');
    const before = await w.status();
    w.sim.crash('nn');
    await w.settle(200);
    w.sim.restart('nn');
    await w.settle(10);
    const early = await w.status();
    assert.ok(early.summary.safeMode, `seed ${seed}: safe mode right after the restart`);
    const e = await w.do(w.client(0).upload('new', 'x'));
    fail(e, 'SAFE_MODE', 'a write in safe mode');
    await w.settle(o.safeModeMs + 2 * o.heartbeatIntervalMs);
    const s = await w.status();
    assert.is(s.summary.safeMode, false);
    assert.equal(s.artifacts.map((x) => [x.name, x.version]), [['a', 1], ['b', 2]], `seed ${seed}: artifacts after the restart`);
    assert.equal(chunkIds(s), chunkIds(before));
    assertHealthy(w, s, `seed ${seed}: after the name node restart`);
    assert.is(ok(await w.do(w.client(0).get('a')), 'get a'), a);
    assert.is(ok(await w.do(w.client(1).get('b')), 'get b'), b2);
    fail(await w.do(w.client(1).get('gone')), 'NOT_FOUND', 'get gone');
    // New writes get fresh chunk ids, never ones reserved before the crash.
    ok(await w.do(w.client(0).upload('c', content('c', 2))), 'upload after the restart');
    ok(await w.do(w.client(0).update('a', content('a2', 2))), 'update after the restart');
    await w.settle(300);
    const after = await w.status();
    assertHealthy(w, after, `seed ${seed}: after new writes`);
    assert.is(ok(await w.do(w.client(1).get('a')), 'get a v2'), content('a2', 2));
    assert.is(ok(await w.do(w.client(1).get('c')), 'get c'), content('c', 2));
    assertNoViolations(w);
  }
});

test('a name node restart together with a storage node crash: the data survives and is re-replicated', async () => {
  const w = await world({ seed: 4 });
  const o = w.storeOptions;
  const a = content('both', 4);
  ok(await w.do(w.client(0).upload('a', a)), 'upload');
  const before = await w.status();
  const victim = before.artifacts[0]!.chunks[0]!.replicas[0]!;
  w.sim.crash('nn');
  w.sim.crash(victim);
  await w.settle(100);
  w.sim.restart('nn');
  await w.settle(o.safeModeMs + o.deadTimeoutMs + 4 * o.heartbeatIntervalMs);
  const s = await w.status();
  assert.is(s.nodes.find((n) => n.id === victim)!.state, 'DEAD');
  assertHealthy(w, s, 'after the double fault');
  assert.is(ok(await w.do(w.client(1).get('a')), 'get'), a);
  assertNoViolations(w);
});

test.run();
