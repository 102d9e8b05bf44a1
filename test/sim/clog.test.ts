import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorSystem } from '../../core/actors';
import { DRIVER_NODE, Simulation } from '../../sim';
import { swizzlePlan } from '../../sim/clog';

// Clogging holds a link's messages and releases them later, in order;
// latency can be set per link.

class Inbox extends Actor {
  got: Array<[number, number]> = [];
  put(i: number) {
    this.got.push([i, this.ctx.now()]);
  }
  log() {
    return this.got;
  }
}

function world(network = {}) {
  const sim = new Simulation({ seed: 1, keepTrace: true, network: { latencyMsMin: 5, latencyMsMean: 0, ...network } });
  sim.addNode('n1');
  sim.addNode('n2');
  return { sim, system: new ActorSystem(sim) };
}

test('a clogged link holds its messages and releases them in send order when unclogged', async () => {
  const { sim, system } = world();
  const b = system.spawn(Inbox, [], { node: 'n1' });
  sim.clog(DRIVER_NODE, 'n1');
  for (let i = 0; i < 5; i++) sim.at(i, () => b.tell.put(i));
  await sim.run({ untilMs: 100 });
  assert.ok(sim.isClogged(DRIVER_NODE, 'n1'));
  sim.unclog(DRIVER_NODE, 'n1');
  await sim.run();
  assert.equal(await system.get(b.call.log()), [[0, 100], [1, 100], [2, 100], [3, 100], [4, 100]]);
});

test('a clog is one-way; a crash of the receiver loses what its links held', async () => {
  const { sim, system } = world();
  const b = system.spawn(Inbox, [], { node: 'n1' });
  sim.clog('n1', DRIVER_NODE); // the other direction: calls arrive, replies wait
  const r = b.call.log();
  await sim.run({ untilMs: 50 });
  assert.is(r.settled, false);
  sim.unclog('n1', DRIVER_NODE);
  assert.equal(await system.get(r), []);
  sim.clogNode('n1');
  b.tell.put(1);
  await sim.run({ untilMs: sim.now() + 50 });
  sim.crash('n1');
  sim.restart('n1');
  sim.unclogAll();
  await sim.run();
  const held = sim.traceEvents().filter((e) => e.kind === 'clog' && e.detail === 'hold' && e.label === 'Inbox.put');
  assert.is(held.length, 1);
  const lost = sim.traceEvents().filter((e) => e.kind === 'drop' && e.detail === 'node-down' && e.label === 'Inbox.put');
  assert.is(lost.length, 1, 'the held tell died with the connection');
  assert.is(sim.isClogged(DRIVER_NODE, 'n1'), false);
});

test('latency per link: one link slow, the others as the network says', async () => {
  const { sim, system } = world();
  const a = system.spawn(Inbox, [], { node: 'n1' });
  const b = system.spawn(Inbox, [], { node: 'n2' });
  sim.setLinkLatency(DRIVER_NODE, 'n2', { latencyMsMin: 40, latencyMsMean: 0 });
  a.tell.put(1);
  b.tell.put(2);
  await sim.run();
  assert.equal(await system.get(a.call.log()), [[1, 5]]);
  assert.equal(await system.get(b.call.log()), [[2, 40]]);
  assert.throws(() => sim.setLinkLatency(DRIVER_NODE, 'n2', { latencyMsMin: -1, latencyMsMean: 0 }), /setLinkLatency: latencyMsMin must be a finite number >= 0, got -1/);
  assert.throws(() => sim.clog('nope', 'n1'), /clog: unknown node "nope"/);
});

test('swizzle-clog plan: every node clogged one by one, then unclogged in another order', () => {
  const nodes = ['a', 'b', 'c', 'd', 'e'];
  const plan = swizzlePlan(nodes, 1100, 12345);
  const clogs = plan.filter((s) => s.clog);
  const unclogs = plan.filter((s) => !s.clog);
  assert.equal(clogs.map((s) => s.node), nodes);
  assert.equal([...unclogs.map((s) => s.node)].sort(), nodes);
  assert.ok(unclogs.every((s) => s.atMs >= 1100));
  assert.ok(clogs.every((s, i) => i === 0 || s.atMs > clogs[i - 1]!.atMs));
  const orders = new Set([1, 2, 3, 4, 5, 6].map((p) => swizzlePlan(nodes, 1100, p).filter((s) => !s.clog).map((s) => s.node).join()));
  assert.ok(orders.size > 1, 'the unclog order depends on the pick');
  assert.throws(() => swizzlePlan([], 100, 1), /swizzle-clog: needs a non-empty group/);
});

test.run();
