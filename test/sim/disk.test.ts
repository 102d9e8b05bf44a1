import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimDisk } from '../../sim';

// A node's simulated disk: key/value and append-only logs, copied in and out.

test('put, get, has, delete and keys in insertion order', () => {
  const d = new SimDisk();
  d.put('b', 1);
  d.put('a:1', { x: 1 });
  d.put('a:2', [1, 2]);
  assert.is(d.has('b'), true);
  assert.is(d.get('b'), 1);
  assert.equal(d.keys(), ['b', 'a:1', 'a:2']);
  assert.equal(d.keys('a:'), ['a:1', 'a:2']);
  assert.is(d.delete('b'), true);
  assert.is(d.delete('b'), false);
  assert.is(d.get('b'), undefined);
  assert.is(d.has('b'), false);
});

test('values are copied in and out', () => {
  const d = new SimDisk();
  const v = { xs: [1] };
  d.put('k', v);
  v.xs.push(2);
  const out = d.get('k') as { xs: number[] };
  assert.equal(out, { xs: [1] });
  out.xs.push(3);
  assert.equal(d.get('k'), { xs: [1] });
});

test('logs append, read oldest first, and rewrite', () => {
  const d = new SimDisk();
  assert.equal(d.readLog('edits'), []);
  const rec = { op: 'add', n: 1 };
  d.append('edits', rec);
  rec.n = 99;
  d.append('edits', { op: 'del', n: 2 });
  const log = d.readLog('edits');
  assert.equal(log, [{ op: 'add', n: 1 }, { op: 'del', n: 2 }]);
  (log as unknown[]).pop();
  assert.is(d.readLog('edits').length, 2, 'reading returns a copy');
  d.rewriteLog('edits', [{ op: 'snapshot' }]);
  assert.equal(d.readLog('edits'), [{ op: 'snapshot' }]);
});

test('clear loses everything; corrupt flips one character of the longest string', async () => {
  const d = new SimDisk();
  d.put('chunk', { data: 'aaaa', sum: 'zz' });
  d.put('n', 5);
  d.append('log', 1);
  await d.sync();
  assert.is(d.corrupt('chunk', () => 2), true);
  assert.equal(d.get('chunk'), { data: 'aaba', sum: 'zz' });
  assert.is(d.corrupt('n', () => 0), false, 'nothing to rot in a number');
  assert.ok(d.sizeBytes() > 0);
  d.clear();
  assert.equal(d.keys(), []);
  assert.equal(d.readLog('log'), []);
});

// ------------------------------------------------- durability (issue 12)

test('writes are visible at once and durable only after sync; a crash keeps exactly the synced ones', async () => {
  const d = new SimDisk();
  d.put('a', 1);
  d.append('log', 'r1');
  await d.sync();
  d.put('b', 2);
  d.delete('a');
  d.append('log', 'r2');
  d.rewriteLog('other', ['x']);
  assert.is(d.get('b'), 2, 'reads see unsynced writes');
  assert.is(d.has('a'), false);
  assert.is(d.unsyncedWrites, 4);
  const loss = d.crash();
  assert.equal(loss, { lost: 4, torn: 'none' });
  assert.is(d.get('a'), 1, 'the unsynced delete is undone');
  assert.is(d.has('b'), false, 'the unsynced put is gone');
  assert.equal(d.readLog('log'), ['r1']);
  assert.equal(d.readLog('other'), []);
  assert.is(d.unsyncedWrites, 0);
});

test('a crash tears the last unsynced append or leaves the last unsynced put partly written, as drawn', () => {
  const torn = new SimDisk();
  torn.append('log', 'first record');
  torn.append('log', 'second record');
  // draw(3) = 1: tear the last append; then its cut point.
  const draws = [1, 4];
  const loss = torn.crash(() => draws.shift()!);
  assert.equal(loss, { lost: 2, torn: 'append', key: 'log' });
  assert.equal(torn.readLog('log'), ['seco'], 'only the torn prefix of the last append lands');

  const partial = new SimDisk();
  partial.put('chunk', { id: 'c', data: 'abcdefgh', size: 8 });
  const draws2 = [2, 3];
  assert.equal(partial.crash(() => draws2.shift()!), { lost: 1, torn: 'put', key: 'chunk' });
  assert.equal(partial.get('chunk'), { id: 'c', data: 'abc', size: 8 }, 'the longest string is cut short');

  const dropped = new SimDisk();
  dropped.put('k', 'value');
  assert.equal(dropped.crash(() => 0), { lost: 1, torn: 'none' });
  assert.is(dropped.has('k'), false);
});

test('a sync covers the writes before it, not the ones after; a slow sync takes its delay', async () => {
  let release: () => void = () => {};
  const d = new SimDisk({ delay: () => new Promise<void>((r) => (release = r)) });
  d.slowSyncMs = 50;
  d.put('a', 1);
  const synced = d.sync();
  d.put('b', 2);
  assert.is(d.unsyncedWrites, 2, 'nothing durable until the sync completes');
  release();
  await synced;
  assert.is(d.unsyncedWrites, 1);
  d.crash();
  assert.is(d.get('a'), 1);
  assert.is(d.has('b'), false);
});

test('disk faults: read errors, a full disk, a missing value, garbage, log rot', async () => {
  const d = new SimDisk();
  d.put('k', { data: 'hello' });
  d.append('log', 'a record');
  await d.sync();
  d.failReads('k');
  assert.throws(() => d.get('k'), (e: Error & { code?: string }) => e.code === 'DISK_READ_ERROR');
  d.healReads('k');
  assert.equal(d.get('k'), { data: 'hello' });
  d.full = true;
  assert.throws(() => d.put('x', 1), (e: Error & { code?: string }) => e.code === 'DISK_FULL');
  assert.throws(() => d.append('log', 'more'), /ENOSPC/);
  assert.is(d.delete('nothing'), false, 'deletes still work');
  d.full = false;
  assert.is(d.garble('k', () => 0), true);
  assert.is(typeof d.get('k'), 'string', 'garbage in place of the value');
  assert.is(d.loseValue('k'), true);
  assert.is(d.has('k'), true, 'still listed');
  assert.is(d.get('k'), undefined, 'but its value is gone');
  assert.is(d.corruptLogRecord('log', 0, () => 0), true);
  assert.equal(d.readLog('log'), ['b record']);
  assert.is(d.corruptLogRecord('log', 5, () => 0), false);
  d.crash();
  assert.equal(d.readLog('log'), ['b record'], 'faults hit the platter: a crash keeps them');
});

test.run();
