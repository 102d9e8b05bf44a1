import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runScenario } from '../../harness';
import { runSwarm } from '../../scenarios/swarm';
import { drawSwarmOptions } from '../../scenarios/swarm-options';
import { drawStrategy, PORTFOLIO, STRATEGIES, type StrategyName } from '../../sim';
import { toy } from '../harness/toy-scenario';

// The strategy portfolio: each seed draws its strategy from its own stream;
// the swarm and the harness run the drawn strategy when none is given.

test('the portfolio draws every strategy over 40 seeds, the same one for a seed every time', () => {
  assert.equal([...PORTFOLIO], [...STRATEGIES]);
  const counts = new Map<StrategyName, number>();
  for (let seed = 1; seed <= 40; seed++) {
    const s = drawStrategy(seed);
    assert.is(drawStrategy(seed), s);
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  for (const s of STRATEGIES) assert.ok((counts.get(s) ?? 0) >= 4, `${s} drawn ${counts.get(s) ?? 0} times in 40 seeds`);
  assert.is(drawStrategy('chaos'), drawStrategy('chaos'));
});

test('swarm options take the strategy from the portfolio; an override wins and moves nothing else', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const o = drawSwarmOptions(seed);
    assert.is(o.strategy, drawStrategy(seed));
    const other = STRATEGIES.find((s) => s !== o.strategy)!;
    assert.equal(drawSwarmOptions(seed, { strategy: other }), { ...o, strategy: other });
  }
  assert.throws(() => drawSwarmOptions(1, { strategy: 'fifo' as StrategyName }), /swarm options: strategy must be one of random, pct, fair-pct, delay-bounded, got "fifo"/);
});

/** The first seeds from 1 that draw each strategy. */
function seedPerStrategy(): Map<StrategyName, number> {
  const out = new Map<StrategyName, number>();
  for (let seed = 1; out.size < STRATEGIES.length; seed++) if (!out.has(drawStrategy(seed))) out.set(drawStrategy(seed), seed);
  return out;
}

test('runSwarm and runScenario run the drawn strategy when none is given (same trace as naming it)', async () => {
  for (const [strategy, seed] of seedPerStrategy()) {
    const drawn = await runSwarm({ seed });
    assert.is(drawn.swarm.strategy, strategy);
    assert.is((await runSwarm({ seed, overrides: { strategy } })).traceHash, drawn.traceHash, `seed ${seed}`);
    const h = await runScenario(toy, { seed });
    assert.is(h.strategy, strategy);
    assert.is((await runScenario(toy, { seed, strategy })).traceHash, h.traceHash, `toy seed ${seed}`);
  }
  const err = await runScenario(toy, { seed: 1, strategy: 'fifo' as StrategyName }).then(() => null, (e: unknown) => e as Error);
  assert.match(err?.message ?? 'no error', /runScenario\(toy-register\): strategy must be one of random, pct, fair-pct, delay-bounded, got "fifo"/);
});

test.run();
