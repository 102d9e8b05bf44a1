import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NameNode } from '../../../core/store';
import { STORE_CLOCK_BOUND } from '../../../sim/clock';
import { content, ok, world } from './helpers';

// The store's failure detection under per-node clocks: correct within the
// documented bound (skew, drift, and jumps of the wall clock, which it does
// not read for timing), and what breaks beyond it.

/** The store before the fix: timing on the wall clock. */
class WallClockNameNode extends NameNode {
  protected override clock(): number {
    return this.ctx.now();
  }
}

async function deadAfterJumpBack(nameNodeClass?: typeof NameNode): Promise<{ state: string; at: number }> {
  const w = await world({ seed: 2, clocks: STORE_CLOCK_BOUND, ...(nameNodeClass ? { nameNodeClass } : {}) });
  const o = w.storeOptions;
  ok(await w.do(w.client(0).upload('a', content('a', 2))), 'upload');
  // An NTP step sets the name node's wall clock 10 s back; then a storage node dies.
  w.sim.jumpClock('nn', -10_000);
  w.sim.crash('s1');
  await w.settle(o.deadTimeoutMs + 3 * o.heartbeatIntervalMs);
  const s = await w.status();
  return { state: s.nodes.find((n) => n.id === 's1')!.state, at: w.sim.now() };
}

test('regression: a name node wall clock stepped back does not keep a crashed storage node alive (monotonic failure detection)', async () => {
  assert.is((await deadAfterJumpBack()).state, 'DEAD');
  // The old store (wall-clock timing) is fooled for the size of the jump: this is the bug the fix removes.
  assert.is((await deadAfterJumpBack(WallClockNameNode)).state, 'ALIVE');
});

test('within the bound (skew ±500 ms, drift ±1000 ppm on every node) live nodes stay ALIVE and a crash is detected in time', async () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const w = await world({ seed, clocks: STORE_CLOCK_BOUND });
    const o = w.storeOptions;
    ok(await w.do(w.client(0).upload('a', content('b', 3))), 'upload');
    await w.settle(20 * o.heartbeatIntervalMs);
    let s = await w.status();
    assert.ok(s.nodes.every((n) => n.state === 'ALIVE'), `seed ${seed}: ${JSON.stringify(s.nodes.map((n) => n.state))}`);
    w.sim.crash('s2');
    await w.settle(o.deadTimeoutMs + 3 * o.heartbeatIntervalMs);
    s = await w.status();
    assert.is(s.nodes.find((n) => n.id === 's2')!.state, 'DEAD', `seed ${seed}`);
    assert.ok(s.nodes.filter((n) => n.id !== 's2').every((n) => n.state === 'ALIVE'), `seed ${seed}`);
  }
});

test('beyond the bound: a storage node whose oscillator runs at a tenth of its speed heartbeats too rarely and is declared dead while alive', async () => {
  const w = await world({ seed: 1, clocks: STORE_CLOCK_BOUND });
  const o = w.storeOptions;
  // 90 % slow: its 100 ms heartbeat interval takes 1000 ms, past the 500 ms dead timeout
  // (the store tolerates drift up to (dead timeout / heartbeat - 1), i.e. 400,000 ppm here; the bound is 1000 ppm).
  w.sim.setClockDrift('s3', -900_000);
  let flapped = false;
  for (let i = 0; i < 40 && !flapped; i++) {
    await w.settle(o.heartbeatIntervalMs);
    const s = await w.status();
    if (s.nodes.find((n) => n.id === 's3')!.state !== 'ALIVE') flapped = true;
  }
  assert.ok(w.sim.isUp('s3'));
  assert.ok(flapped, 'the live node s3 was declared dead or restarting at some point');
});

test.run();
