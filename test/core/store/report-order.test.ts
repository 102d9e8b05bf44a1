import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ActorSystem } from '../../../core/actors';
import { NAME_NODE, startStore, storageActorName, StoreClient, type NameNodeApi, type ReportedChunk, type StorageApi } from '../../../core/store';
import { Simulation } from '../../../sim';

// A block report written before a storage node dropped a corrupt replica, and
// delivered after the node's corrupt notice, must not list that replica again:
// the notice advances the node's report sequence as a write does.

test('a stale block report does not re-list a replica dropped as corrupt', async () => {
  const sim = new Simulation({ seed: 21 });
  for (const node of ['nn', 's1', 's2', 's3', 'c1']) sim.addNode(node);
  const system = new ActorSystem(sim);
  startStore(system, { nameNodeNode: 'nn', storageNodes: ['s1', 's2', 's3'], store: { replicationFactor: 3 } });
  const c1 = system.clientAt('c1');
  const client = new StoreClient(c1);
  await system.settle(c1.sleep(500));
  await system.settle(client.upload('a', 'content'));
  const before = await system.settle(client.status());
  const chunk = before.artifacts[0]!.chunks[0]!;
  assert.ok(chunk.replicas.includes('s1'));

  const s1 = c1.getActor<StorageApi>(storageActorName('s1'));
  const { stamp } = await system.settle(c1.get(s1.call.deleteChunk('no-such-chunk'))); // reads s1's stamp, changes nothing
  const nn = c1.getActor<NameNodeApi>(NAME_NODE);
  const listed: ReportedChunk = { id: chunk.id, gen: Number(/^b(\d+)_/.exec(chunk.id)![1]), checksum: chunk.checksum, size: chunk.size };
  // The notice (seq + 1) overtakes the report written before it (seq).
  nn.tell.reportCorrupt({ ...stamp, seq: stamp.seq + 1 }, chunk.id);
  await system.settle(c1.sleep(20));
  nn.tell.blockReport(stamp, [listed], s1);
  await system.settle(c1.sleep(20));
  const after = await system.settle(client.status());
  assert.not.ok(after.artifacts[0]!.chunks[0]!.replicas.includes('s1'), `s1 listed again: ${after.artifacts[0]!.chunks[0]!.replicas}`);
});

test.run();
