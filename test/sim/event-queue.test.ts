import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventQueue } from '../../sim/event-queue';
import { Streams } from '../../sim';

// The event heap orders by (time, tie, seq): a total order, so runs replay.

test('pops in (t, tie, seq) order', () => {
  const q = new EventQueue<{ t: number; tie: number; seq: number }>();
  const s = new Streams(1).get('q');
  const items = Array.from({ length: 500 }, (_, seq) => ({ t: s.int(20), tie: s.int(5), seq }));
  for (const e of items) q.push(e);
  assert.is(q.size, 500);
  const out = [];
  for (let e = q.pop(); e; e = q.pop()) out.push(e);
  const sorted = [...items].sort((a, b) => a.t - b.t || a.tie - b.tie || a.seq - b.seq);
  assert.equal(out, sorted);
  assert.is(q.size, 0);
  assert.is(q.peek(), undefined);
});

test('orders by fields whatever the keys: huge times, ties out of 32-bit range, fractional times, interleaved pushes and pops', () => {
  const q = new EventQueue<{ t: number; tie: number; seq: number }>();
  const s = new Streams(2).get('q');
  const times = [0, 1, 2, 2 ** 22, 2 ** 22 + 1, 2 ** 40, 2 ** 40 + 1, 2 ** 52, Number.MAX_SAFE_INTEGER, 0.5, 1.5];
  const ties = [0, 1, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 32, Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER + 1, 3.5];
  let seq = 0;
  const live: { t: number; tie: number; seq: number }[] = [];
  const cmp = (a: { t: number; tie: number; seq: number }, b: { t: number; tie: number; seq: number }) =>
    a.t !== b.t ? (a.t < b.t ? -1 : 1) : a.tie !== b.tie ? (a.tie < b.tie ? -1 : 1) : a.seq - b.seq;
  for (let round = 0; round < 4000; round++) {
    if (live.length === 0 || s.int(3) > 0) {
      const e = { t: times[s.int(times.length)]!, tie: ties[s.int(ties.length)]!, seq: seq++ };
      q.push(e);
      live.push(e);
    } else {
      live.sort(cmp);
      assert.is(q.pop(), live.shift());
    }
    assert.is(q.size, live.length);
  }
  live.sort(cmp);
  for (const e of live) assert.is(q.pop(), e);
  assert.is(q.pop(), undefined);
});

test('peek shows the next without removing it', () => {
  const q = new EventQueue<{ t: number; tie: number; seq: number }>();
  q.push({ t: 5, tie: 0, seq: 1 });
  q.push({ t: 3, tie: 9, seq: 2 });
  q.push({ t: 3, tie: 1, seq: 3 });
  assert.equal(q.peek(), { t: 3, tie: 1, seq: 3 });
  assert.is(q.size, 3);
});

test.run();
