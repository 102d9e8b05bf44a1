import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { atlas } from '../../scenarios/swarm';
import { StoreWorld } from '../../scenarios/store-world';
import { FaultEvent, Nemesis } from '../../sim';

// The nemesis's fault kinds of this world, each doing what it says while it
// lasts and undone when it ends (or at healAll).

async function worldWith(schedule: (now: number) => FaultEvent[]) {
  const world = new StoreWorld({ seed: 5, storageNodes: 3, clients: 1, store: { replicationFactor: 2 } });
  await world.settle(100);
  const topo = { storageNodes: world.storageNodes, nameNode: 'nn', clientNodes: ['c1'] };
  const nemesis = new Nemesis(world.sim, schedule(world.sim.now()), topo, 'recoverable', atlas(world));
  nemesis.install();
  return { world, nemesis };
}

test('reorder turns per-link FIFO off for its duration; duplicate-call duplicates calls', async () => {
  const { world, nemesis } = await worldWith((now) => [
    { atMs: now + 10, kind: 'reorder', durationMs: 100 },
    { atMs: now + 10, kind: 'duplicate-call', durationMs: 100 },
  ]);
  await world.settle(50);
  assert.is(world.sim.networkOptions().fifo, false);
  assert.is(world.sim.networkOptions().duplicateCallRate, 0.3);
  await world.settle(100);
  assert.is(world.sim.networkOptions().fifo, true);
  assert.is(world.sim.networkOptions().duplicateCallRate, 0);
  assert.is(nemesis.injected.reorder, 1);
  assert.is(nemesis.injected['duplicate-call'], 1);
});

test('swizzle-clog clogs its nodes one by one and unclogs them all by its end', async () => {
  const { world, nemesis } = await worldWith((now) => [{ atMs: now + 10, kind: 'swizzle-clog', group: ['s1', 's2', 'nn'], pick: 7, durationMs: 700 }]);
  await world.settle(10 + 100 + 1);
  assert.ok(world.sim.isClogged('nn', 's1') || world.sim.isClogged('s1', 'nn'), 's1 clogged first');
  await world.settle(300);
  assert.ok(world.sim.isClogged('s2', 's3') && world.sim.isClogged('nn', 's3'), 'all three clogged');
  await world.settle(1000);
  for (const a of ['nn', 's1', 's2', 's3', 'c1']) for (const b of ['nn', 's1', 's2', 's3', 'c1']) assert.not.ok(world.sim.isClogged(a, b), `${a}>${b}`);
  assert.is(nemesis.injected['swizzle-clog'], 1);
  // The store got through it.
  const s = await world.status();
  assert.ok(s.nodes.every((n) => n.state === 'ALIVE'));
});

test('clock-jump steps a node wall clock and undoes it; clock-strobe flips it; healAll resets clocks and clogs', async () => {
  const { world, nemesis } = await worldWith((now) => [
    { atMs: now + 10, kind: 'clock-jump', node: 's1', deltaMs: -3000, durationMs: 200 },
    { atMs: now + 10, kind: 'clock-strobe', node: 's2', deltaMs: 500, durationMs: 100 },
    { atMs: now + 10, kind: 'swizzle-clog', group: ['s3'], pick: 1, durationMs: 5000 },
  ]);
  await world.settle(15);
  assert.is(world.sim.clockInfo('s1').jumpMs, -3000);
  const seen = new Set<number>();
  for (let i = 0; i < 12; i++) {
    seen.add(world.sim.clockInfo('s2').jumpMs);
    await world.settle(5);
  }
  assert.equal([...seen].sort((a, b) => a - b), [0, 500], 'strobing between the true clock and +500');
  await world.settle(300);
  assert.is(world.sim.clockInfo('s1').jumpMs, 0, 'stepped back at its end');
  assert.is(world.sim.clockInfo('s2').jumpMs, 0);
  assert.ok(world.sim.isClogged('s3', 'nn'));
  nemesis.healAll();
  assert.not.ok(world.sim.isClogged('s3', 'nn'));
  await world.settle(6000);
  assert.not.ok(world.sim.isClogged('s3', 'nn'), 'steps scheduled before the heal do nothing after it');
});

test.run();
