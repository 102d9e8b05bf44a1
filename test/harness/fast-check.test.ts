import * as fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commandsProperty, ScenarioFailedError, seedProperty } from '../../harness';
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

test.run();
