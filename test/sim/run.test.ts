import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorSystem, DeadlockError, Ref } from '../../core/actors';
import { Simulation } from '../../sim';

// The event loop: run to idle, until a time, for a number of events or until
// a predicate; deadlock detection; gets from several drivers at once.

function world(seed = 1, lossRate = 0) {
  const sim = new Simulation({ seed, network: { latencyMsMin: 1, latencyMsMean: 0, lossRate } });
  sim.addNode('n1');
  sim.addNode('n2');
  return { sim, system: new ActorSystem(sim) };
}

class Ticker extends Actor {
  ticks = 0;
  start(ms: number) {
    this.ctx.setInterval(ms, () => (this.ticks += 1));
  }
  count() {
    return this.ticks;
  }
  async nap(ms: number) {
    await this.ctx.sleep(ms);
    return this.ctx.now();
  }
}

/** Awaits its own second method: with maxConcurrency 1 that can never run. */
class SelfWaiter extends Actor {
  async outer() {
    return await this.ctx.self<SelfWaiter>().call.inner();
  }
  inner() {
    return 1;
  }
}

class Forever extends Actor {
  async hang() {
    await new Ref<number>('never');
  }
}

test('run() goes until nothing is left and reports events and time', async () => {
  const { sim, system } = world();
  const t = system.spawn(Ticker, [], { node: 'n1' });
  t.tell.nap(40);
  const out = await sim.run();
  assert.equal(out, { reason: 'idle', events: 2, timeMs: 41 });
  assert.is(sim.eventCount, 2);
  assert.is(sim.pendingEvents, 0);
});

test('run({ untilMs }) stops before later events and ends at that time', async () => {
  const { sim, system } = world();
  const t = system.spawn(Ticker, [], { node: 'n1' });
  t.tell.start(10);
  const out = await sim.run({ untilMs: 55 });
  assert.is(out.reason, 'until');
  assert.is(out.timeMs, 55);
  assert.is(sim.now(), 55);
  assert.is(await system.get(t.call.count()), 5, 'ticks at 11, 21, 31, 41, 51');
  const out2 = await sim.run({ untilMs: 200 });
  assert.is(out2.reason, 'until');
  assert.is(sim.now(), 200);
});

test('run({ untilMs }) reaches that time even when the queue drains first', async () => {
  const { sim, system } = world();
  const t = system.spawn(Ticker, [], { node: 'n1' });
  t.tell.nap(5);
  const out = await sim.run({ untilMs: 1000 });
  assert.is(out.reason, 'idle');
  assert.is(out.timeMs, 1000);
  assert.is(sim.now(), 1000);
  sim.crash('n1');
  assert.is(system.actorsTable()[0]!.diedAtMs, 1000, 'what comes next happens at the time asked for');
});

test('run({ maxEvents }) and runUntil stop where asked', async () => {
  const { sim, system } = world();
  const t = system.spawn(Ticker, [], { node: 'n1' });
  t.tell.start(10);
  const out = await sim.run({ maxEvents: 4 });
  assert.equal(out, { reason: 'max-events', events: 4, timeMs: 31 });
  let seen = 0;
  const out2 = await sim.runUntil(() => ++seen > 3);
  assert.is(out2.reason, 'predicate');
  assert.is(out2.events, 3);
});

test('a call whose request was lost: run() reports a deadlock with one call pending', async () => {
  const { sim, system } = world(1, 1);
  const t = system.spawn(Ticker, [], { node: 'n1' });
  t.call.count();
  const out = await sim.run();
  assert.is(out.reason, 'deadlock');
  assert.ok(out.deadlock!.startsWith('deadlock: 1 calls pending'), out.deadlock);
  assert.match(out.deadlock!, 'Ticker.count');
  assert.match(out.deadlock!, 'driver');
});

test('an actor awaiting a call that can never run: deadlock with both calls pending', async () => {
  const { sim, system } = world();
  const w = system.spawn(SelfWaiter, [], { node: 'n1', maxConcurrency: 1 });
  w.call.outer();
  const out = await sim.run();
  assert.is(out.reason, 'deadlock');
  assert.ok(out.deadlock!.startsWith('deadlock: 2 calls pending, oldest SelfWaiter.outer'), out.deadlock);
});

test('an actor awaiting a ref that never resolves, with no timers: deadlock', async () => {
  const { sim, system } = world();
  const f = system.spawn(Forever, [], { node: 'n2' });
  f.call.hang();
  const out = await sim.run();
  assert.is(out.reason, 'deadlock');
  assert.ok(out.deadlock!.startsWith('deadlock: 1 calls pending, oldest Forever.hang'), out.deadlock);
});

test('system.get on a deadlocked call fails with DeadlockError instead of hanging', async () => {
  const { sim, system } = world();
  const f = system.spawn(Forever, [], { node: 'n2' });
  let err: unknown = null;
  try {
    await system.get(f.call.hang());
  } catch (e) {
    err = e;
  }
  assert.instance(err, DeadlockError);
  assert.is((err as DeadlockError).code, 'DEADLOCK');
  assert.match((err as Error).message, 'deadlock: 1 calls pending');
  assert.is(sim.now(), 1, 'it stopped when nothing was left to run');
});

test('system.get gives up after maxDriveMs of virtual time when timers keep running', async () => {
  const sim = new Simulation({ seed: 1, maxDriveMs: 5000 });
  sim.addNode('n1');
  const system = new ActorSystem(sim);
  const t = system.spawn(Ticker, [], { node: 'n1' });
  t.tell.start(100);
  const f = system.spawn(Forever, [], { node: 'n1' });
  let err: unknown = null;
  try {
    await system.get(f.call.hang());
  } catch (e) {
    err = e;
  }
  assert.instance(err, DeadlockError);
  assert.is(sim.now(), 5000);
});

test('several gets at once from driver code all resolve', async () => {
  const { sim, system } = world();
  const t = system.spawn(Ticker, [], { node: 'n1' });
  const values = await Promise.all([system.get(t.call.nap(30)), system.get(t.call.nap(10)), system.get(t.call.nap(20))]);
  assert.equal(values, [31, 11, 21]);
  assert.is(sim.now(), 32);
  const [w, v] = await Promise.all([system.wait([t.call.nap(100)], { timeoutMs: 50 }), system.get(t.call.nap(60))]);
  assert.is(w.pending.length, 1);
  assert.is(v, 32 + 61);
});

test('run() refuses to start twice or without an actor system', async () => {
  const lonely = new Simulation({ seed: 1 });
  assert.throws(() => lonely.run(), /run: no actor system attached/);
  const { sim, system } = world();
  const t = system.spawn(Ticker, [], { node: 'n1' });
  t.tell.nap(10);
  const first = sim.run();
  assert.throws(() => sim.run(), /run: the simulation is already running/);
  await first;
});

test.run();
