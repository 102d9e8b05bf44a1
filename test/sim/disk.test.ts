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

test('clear loses everything; corrupt flips one character of the longest string', () => {
  const d = new SimDisk();
  d.put('chunk', { data: 'aaaa', sum: 'zz' });
  d.put('n', 5);
  d.append('log', 1);
  assert.is(d.corrupt('chunk', () => 2), true);
  assert.equal(d.get('chunk'), { data: 'aaba', sum: 'zz' });
  assert.is(d.corrupt('n', () => 0), false, 'nothing to rot in a number');
  assert.ok(d.sizeBytes() > 0);
  d.clear();
  assert.equal(d.keys(), []);
  assert.equal(d.readLog('log'), []);
});

test.run();
