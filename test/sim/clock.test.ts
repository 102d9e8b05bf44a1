import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorSystem } from '../../core/actors';
import { Simulation } from '../../sim';

// Per-node clocks: a seeded offset and drift within the bound; jumps move
// the wall clock (ctx.now) but neither the monotonic clock nor timers.

class Clock extends Actor {
  read(): { wall: number; mono: number } {
    return { wall: this.ctx.now(), mono: this.ctx.monotonicNow() };
  }
  async sleepFor(ms: number): Promise<number> {
    const t0 = this.ctx.monotonicNow();
    await this.ctx.sleep(ms);
    return this.ctx.monotonicNow() - t0;
  }
}

function world(seed: number, clocks: { maxOffsetMs: number; maxDriftPpm: number }, nodes = ['n1', 'n2', 'n3', 'n4']) {
  const sim = new Simulation({ seed, clocks, network: { latencyMsMin: 1, latencyMsMean: 0 } });
  for (const n of nodes) sim.addNode(n);
  return { sim, system: new ActorSystem(sim) };
}

test('offsets and drifts are seeded, differ per node and stay within the bound', () => {
  const seen = new Set<string>();
  for (let seed = 1; seed <= 20; seed++) {
    const { sim } = world(seed, { maxOffsetMs: 500, maxDriftPpm: 1000 });
    for (const n of ['n1', 'n2', 'n3', 'n4']) {
      const c = sim.clockInfo(n);
      assert.ok(Math.abs(c.offsetMs) <= 500, `${n} offset ${c.offsetMs}`);
      assert.ok(Math.abs(c.driftPpm) <= 1000, `${n} drift ${c.driftPpm}`);
      seen.add(`${c.offsetMs}/${c.driftPpm}`);
    }
    assert.equal(world(seed, { maxOffsetMs: 500, maxDriftPpm: 1000 }).sim.clockInfo('n2'), sim.clockInfo('n2'), 'same seed, same clock');
  }
  assert.ok(seen.size > 40);
  assert.equal(world(1, { maxOffsetMs: 0, maxDriftPpm: 0 }).sim.clockInfo('n1'), { offsetMs: 0, driftPpm: 0, jumpMs: 0 });
  assert.throws(() => new Simulation({ seed: 1, clocks: { maxDriftPpm: -1 } }), /Simulation: clocks.maxDriftPpm must be an integer in 0..999999, got -1/);
  assert.throws(() => new Simulation({ seed: 1, clocks: { skew: 1 } as never }), /Simulation: unknown clocks option "skew"/);
});

test('ctx.now reads the skewed wall clock; a jump moves it, not the monotonic clock', async () => {
  const { sim, system } = world(3, { maxOffsetMs: 500, maxDriftPpm: 0 });
  const c = system.spawn(Clock, [], { node: 'n1' });
  const before = await system.get(c.call.read());
  const { offsetMs } = sim.clockInfo('n1');
  assert.is(before.wall - before.mono, offsetMs);
  sim.jumpClock('n1', -5_000);
  const during = await system.get(c.call.read());
  assert.is(during.wall - during.mono, offsetMs - 5_000);
  assert.ok(during.mono >= before.mono, 'the monotonic clock never goes back');
  sim.resetClock('n1');
  const after = await system.get(c.call.read());
  assert.is(after.wall - after.mono, offsetMs);
});

test('drift: a fast node sleeps its 10,000 ms in less virtual time; its own clock still reads 10,000', async () => {
  const { sim, system } = world(1, { maxOffsetMs: 0, maxDriftPpm: 0 });
  sim.setClockDrift('n1', 100_000); // 10 % fast
  const c = system.spawn(Clock, [], { node: 'n1' });
  const t0 = sim.now();
  const local = await system.get(c.call.sleepFor(10_000));
  const virtual = sim.now() - t0;
  assert.ok(local >= 10_000 && local <= 10_002, `local ${local}`);
  assert.ok(virtual < 9_200, `took ${virtual} virtual ms`);
});

test.run();
