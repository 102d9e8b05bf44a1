import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorHandle } from '../../../core/actors';
import { ActorsimError } from '../../../core/errors';
import { world, rejection } from './helpers';

// No error is swallowed (issue 12): an exception in a timer callback, a tell,
// or a call whose caller is gone is an `actor-error` violation with the actor,
// the method, the virtual time and the stack; an error a caller receives is
// not (it is the answer), and neither is a deliberate, coded refusal nobody is
// left to hear.

class Faulty extends Actor {
  armTimer(ms: number): void {
    this.ctx.setTimer(ms, () => {
      const missing = undefined as unknown as { id: string };
      return missing.id; // a TypeError, as the real cluster's scanner threw
    });
  }
  armAsyncTimer(ms: number): void {
    this.ctx.setTimer(ms, async () => {
      await this.ctx.sleep(1);
      throw new RangeError('late failure');
    });
  }
  told(): void {
    throw new TypeError('a tell went wrong');
  }
  answered(): void {
    throw new TypeError('the caller gets this');
  }
  async slowThenThrow(coded: boolean): Promise<void> {
    await this.ctx.sleep(50);
    if (coded) throw new ActorsimError('REFUSED', 'a deliberate refusal');
    throw new TypeError('nobody is left to hear this');
  }
}

class Caller extends Actor {
  start(target: ActorHandle<Faulty>, coded: boolean): void {
    void this.ctx.get(target.call.slowThenThrow(coded)).catch(() => undefined);
  }
}

test('a timer callback that throws is an actor-error with actor, method, time and stack', async () => {
  const { sim, system } = world();
  const f = system.spawn(Faulty, [], { node: 'n1' });
  await system.get(f.call.armTimer(20));
  await sim.run({ untilMs: 100 });
  assert.is(sim.violations.length, 1);
  const v = sim.violations[0]!;
  assert.is(v.kind, 'actor-error');
  assert.is(v.actor, f.actorId);
  assert.is(v.method, 'timer');
  assert.ok(v.timeMs >= 20 && v.timeMs < 30, `at ${v.timeMs}`);
  assert.match(v.message, new RegExp(`^${f.actorId} timer threw at ${v.timeMs}ms: TypeError: Cannot read properties of undefined`));
  assert.match(v.stack!, /TypeError[\s\S]*at /);
});

test('an async timer callback and a tell that throw are actor-errors too', async () => {
  const { sim, system } = world();
  const f = system.spawn(Faulty, [], { node: 'n1' });
  await system.get(f.call.armAsyncTimer(10));
  f.tell.told();
  await sim.run({ untilMs: 100 });
  const kinds = sim.violations.map((v) => [v.kind, v.method, v.message.replace(/ at \d+ms/, '')]);
  assert.equal(kinds.sort(), [
    ['actor-error', 'Faulty.told', `${f.actorId} Faulty.told threw: TypeError: a tell went wrong`],
    ['actor-error', 'timer', `${f.actorId} timer threw: RangeError: late failure`],
  ].sort());
});

test('an error the caller receives is its answer, not a violation', async () => {
  const { sim, system } = world();
  const f = system.spawn(Faulty, [], { node: 'n1' });
  const err = await rejection(system.get(f.call.answered()));
  assert.match((err as Error).message, /the caller gets this/);
  assert.equal(sim.violations, []);
});

test('a call whose caller died: an uncoded error is an actor-error, a coded refusal is not', async () => {
  for (const coded of [false, true]) {
    const { sim, system } = world();
    const f = system.spawn(Faulty, [], { node: 'n1' });
    const c = system.spawn(Caller, [], { node: 'n2' });
    await system.get(c.call.start(f, coded));
    system.kill(c);
    await sim.run({ untilMs: 200 });
    if (coded) assert.equal(sim.violations, [], 'a coded refusal');
    else {
      assert.is(sim.violations.length, 1);
      assert.is(sim.violations[0]!.kind, 'actor-error');
      assert.match(sim.violations[0]!.message, /slowThenThrow threw at \d+ms: TypeError: nobody is left to hear this/);
    }
  }
});

test.run();
