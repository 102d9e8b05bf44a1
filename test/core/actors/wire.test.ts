import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorDiedError, ActorHandle } from '../../../core/actors';
import { world, rejection } from './helpers';

// Messages on the wire behave as over TCP: a call that was sent runs even if
// its caller's node crashes afterwards (only the reply is lost), and messages
// from one node to another arrive in send order while the link holds.

class Log extends Actor {
  seen: string[] = [];
  record(s: string) {
    this.seen.push(s);
    return this.seen.length;
  }
  note(s: string) {
    this.seen.push(s);
  }
  items() {
    return this.seen;
  }
}

class Sender extends Actor {
  async sendAndWait(target: ActorHandle<Log>, s: string) {
    return await target.call.record(s);
  }
  burst(target: ActorHandle<Log>, n: number) {
    for (let i = 0; i < n; i++) {
      if (i % 2 === 0) target.tell.note(`t${i}`);
      else void target.call.record(`c${i}`);
    }
  }
}

test('a call sent before its caller node crashes still runs; only the reply is lost', async () => {
  const { sim, system } = world(1, { network: { latencyMsMin: 10, latencyMsMean: 0 } });
  const log = system.spawn(Log, [], { node: 'n2' });
  const sender = system.spawn(Sender, [], { node: 'n1' });
  const r = sender.call.sendAndWait(log, 'last words');
  // The driver's call reaches n1 at 10 and the record call leaves at once; it lands at 20.
  sim.at(15, () => sim.crash('n1'));
  assert.instance(await rejection(system.get(r)), ActorDiedError);
  await sim.run();
  assert.equal(await system.get(log.call.items()), ['last words'], 'the callee ran the call');
  assert.equal(system.pendingSummary(), { count: 0, oldest: null }, 'nobody waits for the lost reply');
});

test('per-link FIFO by default: tells and calls from one actor arrive in send order (200 seeds)', async () => {
  for (let seed = 1; seed <= 200; seed++) {
    const { sim, system } = world(seed, { network: { latencyMsMean: 20 } });
    const log = system.spawn(Log, [], { node: 'n2' });
    const sender = system.spawn(Sender, [], { node: 'n1' });
    sender.tell.burst(log, 10);
    await sim.run();
    const got = await system.get(log.call.items());
    assert.equal(got, ['t0', 'c1', 't2', 'c3', 't4', 'c5', 't6', 'c7', 't8', 'c9'], `seed ${seed}`);
  }
});

test('without FIFO (the reorder fault) the same burst arrives out of order for some seed', async () => {
  let reordered = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const { sim, system } = world(seed, { network: { latencyMsMean: 20, fifo: false } });
    const log = system.spawn(Log, [], { node: 'n2' });
    const sender = system.spawn(Sender, [], { node: 'n1' });
    sender.tell.burst(log, 10);
    await sim.run();
    const got = await system.get(log.call.items());
    if (got.join() !== 't0,c1,t2,c3,t4,c5,t6,c7,t8,c9') reordered += 1;
  }
  assert.ok(reordered > 0);
});

test.run();
