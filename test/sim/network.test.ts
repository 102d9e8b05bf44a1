import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorHandle, ActorSystem } from '../../core/actors';
import { DRIVER_NODE, NetworkOptions, Simulation } from '../../sim';

// The simulated network: latency, loss, duplication, partitions applied at
// delivery time (both ways, one way, isolation) and per-link FIFO.

function world(seed = 1, network: Partial<NetworkOptions> = {}) {
  const sim = new Simulation({ seed, network, keepTrace: true });
  sim.addNode('n1');
  sim.addNode('n2');
  sim.addNode('n3');
  return { sim, system: new ActorSystem(sim) };
}

class Inbox extends Actor {
  got: Array<[number, number]> = [];
  calls = 0;
  put(i: number) {
    this.got.push([i, this.ctx.now()]);
  }
  call(i: number) {
    this.calls += 1;
    return i * 2;
  }
  items() {
    return this.got.map(([i]) => i);
  }
  log() {
    return this.got;
  }
  count() {
    return this.calls;
  }
  /** Tells another inbox, from this actor's node. */
  forward(to: ActorHandle<Inbox>, i: number) {
    to.tell.put(i);
  }
}

test('latency: a fixed one-way latency makes a round trip exactly twice it', async () => {
  const { sim, system } = world(1, { latencyMsMin: 7, latencyMsMean: 0 });
  const b = system.spawn(Inbox, [], { node: 'n1' });
  assert.is(await system.get(b.call.call(1)), 2);
  assert.is(sim.now(), 14);
});

test('latency: draws are at least the minimum and average near min + mean', async () => {
  // Without FIFO: under it a message waits for the ones sent before it on its link.
  const { sim, system } = world(5, { latencyMsMin: 2, latencyMsMean: 10, fifo: false });
  const b = system.spawn(Inbox, [], { node: 'n1' });
  for (let i = 0; i < 400; i++) b.tell.put(i);
  await sim.run();
  const times = (await system.get(b.call.log())).map(([, t]) => t);
  assert.is(times.length, 400);
  assert.ok(Math.min(...times) >= 2, `min ${Math.min(...times)}`);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  assert.ok(mean > 9 && mean < 15, `mean ${mean}`);
});

test('loss 1: a call is never answered; wait with a timeout returns it pending', async () => {
  const { sim, system } = world(1, { lossRate: 1 });
  const b = system.spawn(Inbox, [], { node: 'n1' });
  const r = b.call.call(1);
  const { ready, pending } = await system.wait([r], { timeoutMs: 500 });
  assert.equal(ready, []);
  assert.equal(pending, [r]);
  assert.is(sim.now(), 500);
  const drops = sim.traceEvents().filter((e) => e.kind === 'drop');
  assert.is(drops.length, 1);
  assert.is(drops[0]!.detail, 'loss');
  assert.is(drops[0]!.label, 'Inbox.call');
});

test('partial loss drops about that share of messages', async () => {
  const { sim, system } = world(9, { lossRate: 0.3 });
  const b = system.spawn(Inbox, [], { node: 'n1' });
  for (let i = 0; i < 500; i++) b.tell.put(i);
  await sim.run();
  sim.setNetwork({ lossRate: 0 });
  const n = (await system.get(b.call.items())).length;
  assert.ok(n > 300 && n < 400, `${n} of 500 arrived`);
});

test('duplication 1: a tell runs twice, a call method runs once (calls are deduplicated)', async () => {
  const { sim, system } = world(1, { duplicateRate: 1 });
  const b = system.spawn(Inbox, [], { node: 'n1' });
  b.tell.put(7);
  assert.is(await system.get(b.call.call(3)), 6);
  await sim.run();
  assert.is(await system.get(b.call.count()), 1, 'the method ran once');
  assert.equal(await system.get(b.call.items()), [7, 7], 'the tell ran twice');
  const dups = sim.traceEvents().filter((e) => e.kind === 'dup');
  assert.not.ok(dups.some((e) => e.message === 'call'), 'duplicateRate leaves calls alone');
  assert.ok(dups.some((e) => e.message === 'reply'));
});

test('call duplication 1: a duplicated call runs twice; its caller sees one reply', async () => {
  const { sim, system } = world(1, { duplicateCallRate: 1 });
  const b = system.spawn(Inbox, [], { node: 'n1' });
  assert.is(await system.get(b.call.call(3)), 6);
  await sim.run();
  sim.setNetwork({ duplicateCallRate: 0 });
  assert.is(await system.get(b.call.count()), 2, 'the method ran twice');
  const dups = sim.traceEvents().filter((e) => e.kind === 'dup');
  assert.ok(dups.some((e) => e.message === 'call'));
  assert.not.ok(dups.some((e) => e.message === 'reply'), 'duplicateCallRate leaves replies alone');
});

test('partitions apply at delivery time: in flight when it starts is dropped; sent after heal arrives', async () => {
  const { sim, system } = world(1, { latencyMsMin: 10, latencyMsMean: 0 });
  const b = system.spawn(Inbox, [], { node: 'n1' });
  b.tell.put(1); // arrives at 10
  sim.at(5, () => sim.partition([DRIVER_NODE], ['n1']));
  sim.at(20, () => {
    sim.heal();
    b.tell.put(2); // arrives at 30
  });
  await sim.run();
  assert.equal(await system.get(b.call.log()), [[2, 30]]);
  const drop = sim.traceEvents().find((e) => e.kind === 'drop');
  assert.ok(drop);
  assert.is(drop.detail, 'partition');
  assert.is(drop.timeMs, 10);
});

test('a message sent during a partition that heals before it arrives is delivered', async () => {
  const { sim, system } = world(1, { latencyMsMin: 10, latencyMsMean: 0 });
  const b = system.spawn(Inbox, [], { node: 'n1' });
  sim.partition(['n1'], [DRIVER_NODE, 'n2']);
  b.tell.put(1);
  sim.at(4, () => sim.heal());
  await sim.run();
  assert.equal(await system.get(b.call.log()), [[1, 10]]);
});

test('isolate cuts one node off from every other node, the driver included', async () => {
  const { sim, system } = world();
  const a = system.spawn(Inbox, [], { node: 'n1' });
  const b = system.spawn(Inbox, [], { node: 'n2' });
  const c = system.spawn(Inbox, [], { node: 'n3' });
  sim.isolate('n1');
  a.tell.put(1);
  b.tell.forward(a, 2);
  b.tell.forward(c, 3);
  const w = await system.wait([a.call.call(1)], { timeoutMs: 100 });
  assert.is(w.pending.length, 1, 'the driver cannot reach n1');
  assert.equal(await system.get(c.call.items()), [3], 'n2 still reaches n3');
  sim.heal();
  assert.equal(await system.get(a.call.items()), [], 'nothing reached n1 while isolated');
});

test('a one-way partition drops one direction only', async () => {
  const { sim, system } = world();
  const a = system.spawn(Inbox, [], { node: 'n1' });
  const b = system.spawn(Inbox, [], { node: 'n2' });
  sim.partitionOneWay(['n1'], ['n2']);
  assert.is(sim.isBlocked('n1', 'n2'), true);
  assert.is(sim.isBlocked('n2', 'n1'), false);
  a.tell.forward(b, 1); // n1 -> n2: dropped
  b.tell.forward(a, 2); // n2 -> n1: arrives
  await sim.run();
  assert.equal(await system.get(b.call.items()), []);
  assert.equal(await system.get(a.call.items()), [2]);
});

test('a one-way partition on the reply path: the method runs but the caller never hears back', async () => {
  const { sim, system } = world();
  const a = system.spawn(Inbox, [], { node: 'n1' });
  sim.partitionOneWay(['n1'], [DRIVER_NODE]);
  const w = await system.wait([a.call.call(1)], { timeoutMs: 100 });
  assert.is(w.pending.length, 1);
  sim.heal();
  assert.is(await system.get(a.call.count()), 1, 'the call ran');
});

test('fifo preserves per-link order; without it the network reorders', async () => {
  const order = async (fifo: boolean) => {
    const { sim, system } = world(3, { fifo, latencyMsMean: 20 });
    const b = system.spawn(Inbox, [], { node: 'n1' });
    for (let i = 0; i < 100; i++) b.tell.put(i);
    await sim.run();
    return system.get(b.call.items());
  };
  const inOrder = Array.from({ length: 100 }, (_, i) => i);
  assert.equal(await order(true), inOrder);
  const free = await order(false);
  assert.is(free.length, 100);
  assert.not.equal(free, inOrder);
});

test('fifo holds across a pause of the receiving node', async () => {
  for (let seed = 1; seed <= 10; seed++) {
    const { sim, system } = world(seed, { fifo: true, latencyMsMean: 5 });
    const b = system.spawn(Inbox, [], { node: 'n1' });
    sim.pause('n1', 100);
    for (let i = 0; i < 10; i++) sim.at(i * 3, () => b.tell.put(i));
    await sim.run({ untilMs: 28 });
    assert.is(sim.now(), 28);
    const items = await system.get(b.call.items()); // sent last on the same link: arrives last
    assert.ok(sim.now() > 100, 'answered after the pause');
    assert.equal(items, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], `seed ${seed}`);
  }
});

test('setNetwork changes behaviour from now on', async () => {
  const { sim, system } = world(1, { latencyMsMin: 1, latencyMsMean: 0 });
  const b = system.spawn(Inbox, [], { node: 'n1' });
  await system.get(b.call.call(1));
  assert.is(sim.now(), 2);
  sim.setNetwork({ latencyMsMin: 50 });
  assert.equal(sim.networkOptions(), { latencyMsMin: 50, latencyMsMean: 0, lossRate: 0, duplicateRate: 0, duplicateCallRate: 0, fifo: true });
  await system.get(b.call.call(1));
  assert.is(sim.now(), 102);
});

test.run();
