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

test('peek shows the next without removing it', () => {
  const q = new EventQueue<{ t: number; tie: number; seq: number }>();
  q.push({ t: 5, tie: 0, seq: 1 });
  q.push({ t: 3, tie: 9, seq: 2 });
  q.push({ t: 3, tie: 1, seq: 3 });
  assert.equal(q.peek(), { t: 3, tie: 1, seq: 3 });
  assert.is(q.size, 3);
});

test.run();
