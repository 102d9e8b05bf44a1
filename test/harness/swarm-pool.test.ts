import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { swarmScenario, swarmScenarioPool } from '../../harness';
import { toy } from './toy-scenario';

// The swarm of a scenario module on worker threads: each worker loads the
// module; the sweep (counts, per-seed trace hashes, onSeed order) is the one
// the same seeds give in this process.

const MODULE = path.join(__dirname, 'toy-scenario.ts');

test('two workers give the same sweep as one process, seeds handed over in order', async () => {
  const o = { seeds: 4, from: 40, bug: 'stale' };
  const inProcess = await swarmScenario(toy, o);
  const order: number[] = [];
  const pooled = await swarmScenarioPool(toy, { ...o, module: MODULE, workers: 2, onSeed: (r, done) => void order.push(Number(r.seed), done) });
  assert.equal(pooled, inProcess);
  assert.equal(order, [40, 1, 41, 2, 42, 3, 43, 4]);
  assert.ok(inProcess.failed > 0 && inProcess.passed + inProcess.failed === 4, JSON.stringify(inProcess));
});

test('bad worker counts are refused naming the value', async () => {
  await swarmScenarioPool(toy, { seeds: 1, module: MODULE, workers: 0 }).then(
    () => assert.unreachable('accepted 0 workers'),
    (err: Error) => assert.match(err.message, /workers must be an integer in 1\.\.64, got 0/),
  );
});

test.run();
