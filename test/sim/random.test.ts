import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SeededStream, Streams } from '../../sim';

// Seeded streams: reproducible, in range, and independent per name.

test('the same seed and name give the same sequence; another name another', () => {
  const a = new Streams(42).get('network');
  const b = new Streams(42).get('network');
  const c = new Streams(42).get('faults');
  const draw = (s: SeededStream) => Array.from({ length: 20 }, () => s.int(1000));
  const xs = draw(a);
  assert.equal(draw(b), xs);
  assert.not.equal(draw(c), xs);
});

test('a stream is cached per name within one Streams', () => {
  const s = new Streams('seed');
  assert.is(s.get('x'), s.get('x'));
  assert.is.not(s.get('x'), s.get('y'));
});

test('int(n) stays in [0, n) and covers it', () => {
  const s = new Streams(1).get('t');
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const v = s.int(7);
    assert.ok(Number.isInteger(v) && v >= 0 && v < 7, `drew ${v}`);
    seen.add(v);
  }
  assert.is(seen.size, 7);
  assert.is(s.int(1), 0);
});

test('chance(k, n) is an integer ratio: edges exact, middle near k/n', () => {
  const s = new Streams(2).get('t');
  assert.is(s.chance(0, 10), false);
  assert.is(s.chance(10, 10), true);
  let hits = 0;
  for (let i = 0; i < 4000; i++) if (s.chance(1, 4)) hits += 1;
  assert.ok(hits > 850 && hits < 1150, `hits ${hits}`);
});

test('pick and range', () => {
  const s = new Streams(3).get('t');
  const items = ['a', 'b', 'c'] as const;
  const picked = new Set(Array.from({ length: 100 }, () => s.pick(items)));
  assert.equal([...picked].sort(), ['a', 'b', 'c']);
  for (let i = 0; i < 100; i++) {
    const v = s.range(5, 8);
    assert.ok(v >= 5 && v <= 8);
  }
  const f = s.float();
  assert.ok(f >= 0 && f < 1);
});

test.run();
