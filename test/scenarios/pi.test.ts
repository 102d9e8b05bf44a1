import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { piScenario } from '../../scenarios/pi';

async function rejected(p: Promise<unknown>): Promise<{ code?: unknown; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code?: unknown; message: string };
  }
  throw new Error('expected a rejection');
}

test('same seed twice: same estimate, same trace hash, same event count', async () => {
  const a = await piScenario.run({ seed: 1 });
  const b = await piScenario.run({ seed: 1 });
  assert.ok(a.ok);
  assert.is(a.figures?.estimate, b.figures?.estimate);
  assert.is(a.traceHash, b.traceHash);
  assert.is(a.events, b.events);
  assert.is(a.virtualTimeMs, b.virtualTimeMs);
  assert.equal(a.output, b.output);
});

test('different seeds give different estimates and traces', async () => {
  const a = await piScenario.run({ seed: 1 });
  const b = await piScenario.run({ seed: 2 });
  const c = await piScenario.run({ seed: 'two' });
  assert.is.not(a.traceHash, b.traceHash);
  assert.is.not(a.figures?.estimate, b.figures?.estimate);
  assert.is.not(b.traceHash, c.traceHash);
});

test('the estimate is within 0.1 of π and the figures add up', async () => {
  for (const seed of [1, 2, 3]) {
    const r = await piScenario.run({ seed });
    const estimate = r.figures?.estimate as number;
    assert.ok(Math.abs(estimate - Math.PI) < 0.1, `seed ${seed}: ${estimate}`);
    assert.is(r.figures?.tasks, 16);
    assert.is(r.figures?.samples, 160_000);
    assert.is(r.output[0], `pi ≈ ${estimate.toFixed(4)} from 160000 samples in 16 tasks`);
    assert.equal(r.violations, []);
  }
});

test('options shape the run and are recorded in the result', async () => {
  const r = await piScenario.run({ seed: 5, tasks: 3, samples: 200, nodes: 2, strategy: 'pct' });
  assert.ok(r.ok);
  assert.is(r.figures?.tasks, 3);
  assert.is(r.figures?.samples, 600);
  assert.equal(r.options, { tasks: 3, samples: 200, nodes: 2, crash: false, strategy: 'pct', maxRetries: 3 });
  assert.is(r.scenario, 'pi');
  assert.is(r.seed, 5);
});

test('a crash mid-run retries the lost tasks elsewhere, deterministically', async () => {
  const a = await piScenario.run({ seed: 1, crash: true });
  const b = await piScenario.run({ seed: 1, crash: true });
  const calm = await piScenario.run({ seed: 1 });
  assert.ok(a.ok, JSON.stringify(a.violations));
  assert.ok((a.figures?.retried as number) > 0);
  assert.is(a.figures?.samples, 160_000);
  assert.is(a.traceHash, b.traceHash);
  assert.is(a.figures?.estimate, b.figures?.estimate);
  assert.is.not(a.traceHash, calm.traceHash);
  assert.match(a.output[1] ?? '', /^crashed n1 at 5ms \(restarted at 40ms\): \d+ tasks retried$/);
});

test('bad options are rejected naming the option and the value', async () => {
  const typo = await rejected(piScenario.run({ seed: 1, taks: 4 }));
  assert.is(typo.code, 'INVALID_ARGUMENT');
  assert.match(typo.message, /unknown option "taks"/);
  const range = await rejected(piScenario.run({ seed: 1, tasks: 0 }));
  assert.match(range.message, /tasks must be an integer in 1\.\.10000, got 0/);
  const lonely = await rejected(piScenario.run({ seed: 1, crash: true, nodes: 1 }));
  assert.match(lonely.message, /crash needs at least 2 nodes/);
  const seed = await rejected(piScenario.run({ seed: '' }));
  assert.is(seed.code, 'INVALID_ARGUMENT');
});

test.run();
