import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidArgumentError } from '../../core/errors';
import { sweepLines, sweepStrategies } from '../../harness/strategy-sweep';
import { drawStrategy, STRATEGIES, type StrategyName } from '../../sim';

// The per-strategy tally of a hunt, over a made-up run: which seeds fail
// under which strategy is known, so every figure can be checked.

const FAILS: Record<StrategyName, (seed: number) => boolean> = {
  random: (seed) => seed % 5 === 0,
  pct: (seed) => seed % 3 === 0,
  'fair-pct': (seed) => seed === 3 || seed === 17,
  'delay-bounded': () => false,
};

let tick = 0;
const clock = () => (tick += 10);

test('per strategy: failing seeds, first failing seed, rate; the first finders; the portfolio row', async () => {
  const calls: string[] = [];
  const { sweep, firsts } = await sweepStrategies({ from: 1, seeds: 20, strategies: STRATEGIES, clock }, async (seed, strategy) => {
    calls.push(`${strategy}:${seed}`);
    const ok = !FAILS[strategy](seed);
    return { ok, kinds: ok ? [] : [`${strategy}-kind`], result: `${strategy}@${seed}` };
  });
  assert.is(calls.length, 80, 'every seed under every strategy');
  const row = (s: StrategyName) => sweep.strategies.find((t) => t.strategy === s)!;
  assert.equal(row('random').failingSeeds, [5, 10, 15, 20]);
  assert.is(row('random').failureRate, 0.2);
  assert.equal(row('pct').failingSeeds, [3, 6, 9, 12, 15, 18]);
  assert.is(row('pct').firstFailingSeed, 3);
  assert.is(row('pct').failureRate, 0.3);
  assert.equal(row('fair-pct').kinds, ['fair-pct-kind']);
  assert.is(row('delay-bounded').firstFailingSeed, null);
  assert.is(row('delay-bounded').failureRate, 0);
  assert.ok(sweep.strategies.every((t) => t.seedsRun === 20 && t.wallMs > 0));
  assert.equal(sweep.firstFinders, ['pct', 'fair-pct']);
  assert.equal([...firsts], [['random', 'random@5'], ['pct', 'pct@3'], ['fair-pct', 'fair-pct@3']]);
  // The portfolio: each seed under the strategy it draws.
  const expected: number[] = [];
  for (let seed = 1; seed <= 20; seed++) if (FAILS[drawStrategy(seed)](seed)) expected.push(seed);
  assert.equal(sweep.portfolio!.failingSeeds, expected);
  assert.is(sweep.portfolio!.firstFailingSeed, expected[0] ?? null);
  assert.is(Object.values(sweep.portfolio!.drawn).reduce((a, b) => a + b, 0), 20);
  const text = sweepLines(sweep).join('\n');
  assert.match(text, /pct +20 +6 +30\.0% +3 +\(first\)/);
  assert.match(text, /delay-bounded +20 +0 +0\.0% +-/);
  assert.match(text, /portfolio +20 /);
});

test('one strategy: no portfolio row, and nothing found means no first finders', async () => {
  const { sweep } = await sweepStrategies({ from: 7, seeds: 3, strategies: ['pct'], clock }, async () => ({ ok: true, kinds: [], result: null }));
  assert.is(sweep.portfolio, null);
  assert.equal(sweep.firstFinders, []);
  assert.equal(sweep.strategies.map((t) => [t.strategy, t.seedsRun, t.failed]), [['pct', 3, 0]]);
});

test('bad sweeps name the argument and the value', async () => {
  const run = async () => ({ ok: true, kinds: [], result: null });
  for (const [o, message] of [
    [{ from: 1, seeds: 0, strategies: STRATEGIES }, /seeds must be an integer >= 1, got 0/],
    [{ from: 1.5, seeds: 1, strategies: STRATEGIES }, /from must be a safe integer, got 1\.5/],
    [{ from: 1, seeds: 1, strategies: [] }, /strategies must be distinct strategy names, got \[\]/],
    [{ from: 1, seeds: 1, strategies: ['pct', 'pct'] }, /strategies must be distinct/],
    [{ from: 1, seeds: 1, strategies: ['fifo'] }, /strategies must be distinct strategy names, got \["fifo"\]/],
  ] as const) {
    const err = await sweepStrategies({ ...o, strategies: o.strategies as readonly StrategyName[], clock }, run).then(() => null, (e: unknown) => e);
    assert.instance(err, InvalidArgumentError);
    assert.match((err as Error).message, message);
  }
});

test.run();
