import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StoreClient } from '../../../core/store';
import type { ReproFile } from '../../../scenarios/repro-file';
import { runSwarm } from '../../../scenarios/swarm';
import { content, ok, world } from './helpers';

// Regression: under duplicated calls (a retransmitted request runs twice) the
// name node's writes were not idempotent: a duplicated update that waited
// behind another client's write re-applied old content after it (five of
// 2000 swarm seeds, linearizability). Writes now carry request ids and the
// name node's retry cache runs each once (HDFS-4942).

test('a write request delivered twice runs once: one version per update', async () => {
  const w = await world({ seed: 1, network: { duplicateCallRate: 1 } });
  ok(await w.do(w.client(0).upload('a', content('a', 2))), 'upload');
  ok(await w.do(w.client(0).update('a', content('b', 2))), 'update');
  await w.settle(100);
  assert.is((await w.status()).artifacts[0]!.version, 2, 'the duplicated update ran once');
  // A client that sends no request ids (as over TCP, which never duplicates) gets no such protection.
  const bare = new StoreClient(w.system.clientAt('c2'));
  await w.do(bare.update('a', content('c', 2)));
  await w.settle(100);
  assert.is((await w.status()).artifacts[0]!.version, 4, 'without ids the duplicate ran again');
});

test('regression: the five swarm runs that broke under duplicated calls pass (explicit options, workload and faults)', async () => {
  const runs = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'duplicate-call-runs.json'), 'utf8')) as Array<Pick<ReproFile, 'seed' | 'options' | 'workload' | 'schedule'>>;
  assert.is(runs.length, 5);
  for (const run of runs) {
    const r = await runSwarm({ seed: run.seed, overrides: run.options, workload: run.workload, schedule: run.schedule });
    assert.ok(r.faults['duplicate-call'] > 0, `seed ${run.seed} duplicated calls`);
    assert.equal(r.violations, [], `seed ${run.seed}`);
  }
});

test.run();
