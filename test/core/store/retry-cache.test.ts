import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StoreClient } from '../../../core/store';
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

test('regression: the swarm seeds that broke under duplicated calls pass', async () => {
  for (const seed of [194, 1081, 1132, 1235, 1825]) {
    const r = await runSwarm({ seed });
    assert.ok(r.faults['duplicate-call'] > 0, `seed ${seed} duplicated calls`);
    assert.equal(r.violations, [], `seed ${seed}`);
  }
});

test.run();
