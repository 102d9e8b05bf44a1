import * as fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commandsArbitrary, commandsProperty, ScenarioFailedError, seedProperty } from '../../harness';
import { toy } from './toy-scenario';

// fast-check glue: a property over seeds and a model-based property over
// explicit operations and faults, both taking a scenario. A property is shown
// to fail on a broken variant, and to shrink its counterexample.

test('seedProperty holds for the correct register and fails for the stale one', async () => {
  await fc.assert(seedProperty(toy), { numRuns: 10, seed: 42 });
  const out = await fc.check(seedProperty(toy, { bug: 'stale' }), { numRuns: 100, seed: 42 });
  assert.ok(out.failed);
  assert.instance(out.errorInstance, ScenarioFailedError);
});

test('commandsProperty finds the stale read and shrinks it to a handful of operations', async () => {
  await fc.assert(commandsProperty(toy, { seed: 3 }), { numRuns: 10, seed: 7 });
  const out = await fc.check(commandsProperty(toy, { bug: 'stale', seed: 3 }), { numRuns: 200, seed: 7 });
  assert.ok(out.failed);
  const [c] = out.counterexample!;
  assert.ok(c.operations.length <= 4, JSON.stringify(c.operations));
  assert.ok(c.operations.some((o) => o.op === 'read'));
});

test('commandsArbitrary gives each operation a unique index: equal numbers drawn twice never write the same value', () => {
  // fast-check draws the same number twice in many lists (small numbers shrink together).
  const lists = fc.sample(commandsArbitrary(toy, { seed: 3, maxOperations: 12 }), { numRuns: 300, seed: 11 });
  let writes = 0;
  for (const c of lists) {
    const values = c.operations.filter((o) => o.op === 'write').map((o) => o.args[0]);
    writes += values.length;
    assert.is(new Set(values).size, values.length, JSON.stringify(values));
  }
  assert.ok(writes > 300, `${writes} writes sampled`);
});

test.run();
