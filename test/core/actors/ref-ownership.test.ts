import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorHandle, OwnerDiedError, Ref } from '../../../core/actors';
import { DRIVER_NODE } from '../../../sim';
import { world } from './helpers';

// Refs travel as messages from their owner's node: partitions, pauses and
// crashes apply to them; a holder whose owner died first gets OwnerDiedError,
// never a hang; a ctx.put value is owned by its putter.

class Slow extends Actor {
  async after(ms: number, v: number): Promise<number> {
    await this.ctx.sleep(ms);
    return v;
  }
}

class Holder extends Actor {
  log: string[] = [];
  async hold(box: { r: Ref<number> }): Promise<string> {
    try {
      const v = await box.r;
      this.log.push(`got ${v} at ${this.ctx.now()}`);
      return `value ${v}`;
    } catch (err) {
      this.log.push(`${(err as { code?: string }).code} at ${this.ctx.now()}`);
      return String((err as { code?: string }).code);
    }
  }
  history(): string[] {
    return this.log;
  }
}

class Putter extends Actor {
  async share(to: ActorHandle<Holder>): Promise<void> {
    const r = this.ctx.put(7);
    void to.call.hold({ r });
  }
  async askAndShare(slow: ActorHandle<Slow>, to: ActorHandle<Holder>): Promise<void> {
    const r = slow.call.after(100, 5); // owned by this putter's node
    void to.call.hold({ r });
    await this.ctx.sleep(1_000);
  }
}

const exact = { latencyMsMin: 1, latencyMsMean: 0 };

test('a Ref value does not cross a partition: it arrives after heal (resent), not through it', async () => {
  const { sim, system } = world(1, { nodes: ['n1', 'n2', 'n3'], network: exact });
  const slow = system.spawn(Slow, [], { node: 'n1' });
  const h = system.spawn(Holder, [], { node: 'n2' });
  const r = slow.call.after(10, 42); // owned by the driver
  const out = h.call.hold({ r });
  sim.at(5, () => sim.partitionOneWay([DRIVER_NODE], ['n2']));
  sim.at(400, () => sim.heal());
  assert.is(await system.get(out), 'value 42');
  const [line] = await system.get(h.call.history());
  const at = Number(/at (\d+)/.exec(line!)![1]);
  assert.ok(at >= 400, `the value reached the isolated holder at ${at}, after the heal`);
});

test('a paused holder node receives the value only when its pause ends', async () => {
  const { sim, system } = world(1, { nodes: ['n1', 'n2'], network: exact });
  const slow = system.spawn(Slow, [], { node: 'n1' });
  const h = system.spawn(Holder, [], { node: 'n2' });
  const out = h.call.hold({ r: slow.call.after(10, 1) });
  sim.at(5, () => sim.pause('n2', 200));
  assert.is(await system.get(out), 'value 1');
  const [line] = await system.get(h.call.history());
  assert.ok(Number(/at (\d+)/.exec(line!)![1]) >= 205, line);
});

test("the owner's node crashes before the value reaches the holder: OwnerDiedError, not a hang", async () => {
  const { sim, system } = world(1, { nodes: ['n1', 'n2', 'n3'], network: exact });
  const slow = system.spawn(Slow, [], { node: 'n3' });
  const p = system.spawn(Putter, [], { node: 'n1' });
  const h = system.spawn(Holder, [], { node: 'n2' });
  void p.call.askAndShare(slow, h);
  sim.at(50, () => sim.crash('n1')); // the owner dies while the call it owns is running
  await sim.run({ untilMs: 2_000 });
  const log = await system.get(h.call.history());
  assert.equal(log, ['OWNER_DIED at 50']);
  assert.is(new OwnerDiedError('n1', 'x').code, 'OWNER_DIED');
  assert.equal(system.pendingSummary(), { count: 0, oldest: null });
});

test('a ctx.put value is owned by its putter: its node down before delivery means OwnerDiedError', async () => {
  const { sim, system } = world(1, { nodes: ['n1', 'n2'], network: { latencyMsMin: 10, latencyMsMean: 0 } });
  const p = system.spawn(Putter, [], { node: 'n1' });
  const h = system.spawn(Holder, [], { node: 'n2' });
  await system.get(p.call.share(h));
  // The hold call (with the Ref) left n1 at 10 and lands at 20; the value would leave n1 then.
  sim.at(15, () => sim.crash('n1'));
  await sim.run({ untilMs: 500 });
  assert.equal(await system.get(h.call.history()), ['OWNER_DIED at 20']);
  // Without the crash the value arrives one hop after the Ref.
  const w2 = world(1, { nodes: ['n1', 'n2'], network: { latencyMsMin: 10, latencyMsMean: 0 } });
  const p2 = w2.system.spawn(Putter, [], { node: 'n1' });
  const h2 = w2.system.spawn(Holder, [], { node: 'n2' });
  await w2.system.get(p2.call.share(h2));
  await w2.sim.run({ untilMs: 500 });
  assert.equal(await w2.system.get(h2.call.history()), ['got 7 at 30']);
});

test.run();
