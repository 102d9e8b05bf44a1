import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorHandle, ActorSystem, DeadlockError } from '../../core/actors';
import { Simulation } from '../../sim';
import { rejection } from '../core/actors/helpers';

// Stall detection works while timers run: calls pending and none delivered
// or answered for stallMs ends the run `stalled`, naming the oldest call. A
// driver get that runs past its drive limit says so, not "deadlock".

class Beating extends Actor {
  beats = 0;
  constructor() {
    super();
    this.ctx.setInterval(100, () => void (this.beats += 1)); // determinism-ok: a Host timer
  }
  async ping(other: ActorHandle<Beating>): Promise<number> {
    return await other.call.pong(this.ctx.self<Beating>());
  }
  async pong(other: ActorHandle<Beating>): Promise<number> {
    return await other.call.beatCount(); // queued behind ping (maxConcurrency 1): never runs
  }
  beatCount(): number {
    return this.beats;
  }
  async slow(ms: number): Promise<string> {
    await this.ctx.sleep(ms);
    return 'done';
  }
}

function world(options: { stallMs?: number; maxDriveMs?: number } = {}) {
  const sim = new Simulation({ seed: 1, ...options });
  sim.addNode('n1');
  sim.addNode('n2');
  return { sim, system: new ActorSystem(sim) };
}

test('a deadlock behind a heartbeat timer ends the run stalled, naming the oldest call', async () => {
  const { sim, system } = world({ stallMs: 5_000 });
  const a = system.spawn(Beating, [], { node: 'n1', maxConcurrency: 1 });
  const b = system.spawn(Beating, [], { node: 'n2', maxConcurrency: 1 });
  void a.call.ping(b);
  const out = await sim.run({ untilMs: 60_000 });
  assert.is(out.reason, 'stalled');
  assert.ok(out.timeMs >= 5_000 && out.timeMs < 10_000, `stopped at ${out.timeMs}`);
  assert.match(out.deadlock!, /^stalled: 3 calls pending and none delivered or answered for \d+ virtual ms \(stallMs 5000\), oldest Beating.ping/);
});

test('a driver get on such a deadlock fails with the stall, not after the drive limit', async () => {
  const { sim, system } = world({ stallMs: 5_000 });
  const a = system.spawn(Beating, [], { node: 'n1', maxConcurrency: 1 });
  const b = system.spawn(Beating, [], { node: 'n2', maxConcurrency: 1 });
  const err = await rejection(system.get(a.call.ping(b)));
  assert.instance(err, DeadlockError);
  assert.match((err as Error).message, /stalled: 3 calls pending/);
  assert.ok(sim.now() < 10_000);
});

test('a legitimately slow call past the drive limit says "drive limit", not deadlock', async () => {
  const { system, sim } = world({ maxDriveMs: 1_000, stallMs: 0 });
  const a = system.spawn(Beating, [], { node: 'n1' });
  const err = await rejection(system.get(a.call.slow(5_000)));
  assert.instance(err, DeadlockError);
  assert.match((err as Error).message, /did not settle: drive limit: ran 1000 virtual ms \(maxDriveMs 1000\) without it settling; 1 calls pending, oldest Beating.slow/);
  assert.not.match((err as Error).message, /deadlock/);
  // It was only slow: driving on gets it.
  assert.is(await system.get(a.call.slow(1)), 'done');
  assert.ok(sim.now() > 1_000);
});

test('calls that keep completing are not a stall, however long the run; stallMs 0 turns it off', async () => {
  const { sim, system } = world({ stallMs: 1_000 });
  const a = system.spawn(Beating, [], { node: 'n1' });
  for (let i = 0; i < 30; i++) sim.at(i * 500, () => void a.call.beatCount());
  const out = await sim.run({ untilMs: 15_000 });
  assert.is(out.reason, 'until');
  assert.throws(() => new Simulation({ seed: 1, stallMs: -1 }), /Simulation: stallMs must be a finite number >= 0 \(0 = off\), got -1/);
});

test.run();
