import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorDiedError, ActorUnavailableError, TaskError, type ActorHandle } from '../../../core/actors';
import { ActorsimError } from '../../../core/errors';
import { assert as invariant } from '../../../core/assert';
import { world as sharedWorld, rejection } from './helpers';

// Failures, as Ray defines them: exceptions reach the caller, crashes lose
// memory and keep the disk, restarts re-run the constructor, in-flight calls
// fail or are retried, kill ends an actor.

const world = (seed = 1) => sharedWorld(seed, { exact: true });


class CodedError extends ActorsimError {
  constructor(message: string) {
    super('MY_CODE', message);
  }
}

class Thrower extends Actor {
  calls = 0;
  boom(message: string): number {
    this.calls += 1;
    throw new RangeError(message);
  }
  async asyncBoom(message: string) {
    this.calls += 1;
    await this.ctx.sleep(5);
    throw new CodedError(message);
  }
  throwString() {
    throw 'just a string';
  }
  broken() {
    invariant(false, 'the books do not balance');
  }
  count() {
    return this.calls;
  }
}

/** Counts constructions on disk (kept) and calls in memory (lost). */
class Durable extends Actor {
  memory = 0;
  readonly constructions: number;
  constructor() {
    super();
    this.constructions = ((this.ctx.disk.get('constructions') as number | undefined) ?? 0) + 1;
    this.ctx.disk.put('constructions', this.constructions);
    void this.ctx.disk.sync(); // a simulated sync with no slow-disk fault is done when it returns
  }
  bump() {
    this.memory += 1;
    return { memory: this.memory, constructions: this.constructions, incarnation: this.ctx.incarnation };
  }
  async slow(ms: number) {
    await this.ctx.sleep(ms);
    return { incarnation: this.ctx.incarnation, at: this.ctx.now() };
  }
}

class Fragile extends Actor {
  constructor() {
    super();
    throw new Error('bad config');
  }
  hello() {
    return 'hi';
  }
}

class Caller extends Actor {
  async callSlow(target: import('../../../core/actors').ActorHandle<Durable>, ms: number) {
    return await target.call.slow(ms);
  }
}

test('an exception reaches the caller as TaskError with the original name and message', async () => {
  const { system } = world();
  const t = system.spawn(Thrower, [], { node: 'n1' });
  const err = await rejection(system.get(t.call.boom('out of range: 7')));
  assert.instance(err, TaskError);
  const e = err as TaskError;
  assert.is(e.code, 'TASK_ERROR');
  assert.is(e.originalName, 'RangeError');
  assert.is(e.originalMessage, 'out of range: 7');
  assert.match(e.message, 'Thrower.boom');
  assert.match(e.message, 'RangeError: out of range: 7');
  assert.is(await system.get(t.call.count()), 1, 'the actor survives its exception');
});

test('an async rejection carries the original code; a thrown non-Error still becomes a TaskError', async () => {
  const { system } = world();
  const t = system.spawn(Thrower, [], { node: 'n1' });
  const e1 = (await rejection(system.get(t.call.asyncBoom('later')))) as TaskError;
  assert.instance(e1, TaskError);
  assert.is(e1.originalName, 'CodedError');
  assert.is(e1.originalCode, 'MY_CODE');
  assert.is(e1.originalMessage, 'later');
  const e2 = (await rejection(system.get(t.call.throwString()))) as TaskError;
  assert.instance(e2, TaskError);
  assert.is(e2.originalMessage, 'just a string');
});

test('an assertion failure in actor code is reported as a violation', async () => {
  const { sim, system } = world();
  const t = system.spawn(Thrower, [], { node: 'n1' });
  const e = (await rejection(system.get(t.call.broken()))) as TaskError;
  assert.is(e.originalCode, 'ASSERTION_FAILED');
  assert.is(sim.violations.length, 1);
  assert.is(sim.violations[0]!.message, 'the books do not balance');
  assert.is(sim.violations[0]!.where, 'Thrower.broken');
});

test('a crash without restarts: calls then fail with ActorDiedError, even after the node returns', async () => {
  const { sim, system } = world();
  const d = system.spawn(Durable, [], { node: 'n1' });
  assert.equal(await system.get(d.call.bump()), { memory: 1, constructions: 1, incarnation: 0 });
  sim.crash('n1');
  const err = await rejection(system.get(d.call.bump()));
  assert.instance(err, ActorDiedError);
  assert.is((err as ActorDiedError).code, 'ACTOR_DIED');
  assert.is((err as ActorDiedError).actorId, d.actorId);
  assert.match((err as Error).message, 'node n1 crashed');
  sim.restart('n1');
  const again = await rejection(system.get(d.call.bump()));
  assert.instance(again, ActorDiedError);
  const row = system.actorsTable()[0]!;
  assert.is(row.state, 'DEAD');
  assert.is(row.deathCause, 'node n1 crashed');
  assert.is(sim.disk('n1').get('constructions'), 1, 'the constructor did not run again');
});

test('a crash with maxRestarts: the constructor re-runs on restart, memory is lost, disk is kept', async () => {
  const { sim, system } = world();
  const d = system.spawn(Durable, [], { node: 'n1', maxRestarts: 1 });
  await system.get(d.call.bump());
  assert.equal(await system.get(d.call.bump()), { memory: 2, constructions: 1, incarnation: 0 });
  sim.crash('n1');
  assert.is(system.actorsTable()[0]!.state, 'RESTARTING');
  sim.restart('n1');
  assert.is(system.actorsTable()[0]!.state, 'ALIVE');
  assert.equal(await system.get(d.call.bump()), { memory: 1, constructions: 2, incarnation: 1 });
  assert.is(system.actorsTable()[0]!.restarts, 1);
  // Its one restart is used up: the next crash is final.
  sim.crash('n1');
  sim.restart('n1');
  assert.instance(await rejection(system.get(d.call.bump())), ActorDiedError);
  assert.is(sim.disk('n1').get('constructions'), 2);
});

test('calls made while an actor is restarting wait for it and are answered (with task retries)', async () => {
  const { sim, system } = world();
  const d = system.spawn(Durable, [], { node: 'n1', maxRestarts: -1, maxTaskRetries: 1 });
  sim.crash('n1');
  const r = d.call.bump();
  sim.at(100, () => sim.restart('n1'));
  assert.equal(await system.get(r), { memory: 1, constructions: 2, incarnation: 1 });
  assert.is(sim.now(), 102, 'sent when the actor came back at 100');
});

test('calls made while an actor is restarting without task retries fail at once with ActorUnavailableError (Ray fails fast)', async () => {
  const { sim, system } = world();
  const d = system.spawn(Durable, [], { node: 'n1', maxRestarts: -1 });
  sim.crash('n1');
  const err = await rejection(system.get(d.call.bump()));
  assert.instance(err, ActorUnavailableError);
  assert.is((err as ActorUnavailableError).code, 'ACTOR_UNAVAILABLE');
  assert.is(sim.now(), 0, 'not queued until the restart');
  sim.restart('n1');
  assert.equal(await system.get(d.call.bump()), { memory: 1, constructions: 2, incarnation: 1 });
});

class Retrier extends Actor {
  tries = 0;
  /** A new user's livelock: retry a refused call with no pause at all. */
  async spin(target: ActorHandle<Durable>): Promise<void> {
    for (;;) {
      this.tries += 1;
      try {
        await this.ctx.get(target.call.bump());
        return;
      } catch {
        continue;
      }
    }
  }
  count(): number {
    return this.tries;
  }
}

test('code that retries a refused call with no pause is a livelock violation, and the world goes on (no spin inside one event)', async () => {
  const { sim, system } = world();
  const d = system.spawn(Durable, [], { node: 'n1' });
  const r = system.spawn(Retrier, [], { node: 'n2' });
  system.kill(d);
  r.call.spin(d); // never answered: the target is gone for good
  const out = await sim.run({ untilMs: 50 });
  assert.is(out.timeMs, 50);
  assert.is(await system.get(r.call.count()), 10_001, 'refused 10,000 times, then left unanswered');
  assert.equal(sim.violations.map((v) => v.where), ['livelock']);
  assert.match(sim.violations[0]!.message, /refused 10000 times at \d+ms without time passing/);
});

test('an in-flight call fails at a crash with maxTaskRetries 0: unavailable if the actor restarts, dead if not', async () => {
  const { sim, system } = world();
  const d = system.spawn(Durable, [], { node: 'n1', maxRestarts: 1 });
  const r = d.call.slow(50);
  sim.at(10, () => sim.crash('n1'));
  sim.at(20, () => sim.restart('n1'));
  const err = await rejection(system.get(r));
  assert.instance(err, ActorUnavailableError);
  assert.not.instance(err, ActorDiedError);
  assert.is(sim.now(), 10, 'it fails at the crash, not later');
  await sim.run({ untilMs: 30 });
  // The restart was its last: the next crash kills it for good.
  const r2 = d.call.slow(50);
  sim.at(40, () => sim.crash('n1'));
  assert.instance(await rejection(system.get(r2)), ActorDiedError);
});

test('an in-flight call is retried and answered after the restart with maxTaskRetries 1', async () => {
  const { sim, system } = world();
  const d = system.spawn(Durable, [], { node: 'n1', maxRestarts: 1, maxTaskRetries: 1 });
  const r = d.call.slow(50);
  sim.at(10, () => sim.crash('n1'));
  sim.at(20, () => sim.restart('n1'));
  assert.equal(await system.get(r), { incarnation: 1, at: 71 }, 'resent at 20, delivered at 21, slept 50');
  // The retry is spent: the next in-flight call at a crash fails.
  const r2 = d.call.slow(50);
  const t = sim.now();
  sim.at(t + 10, () => sim.crash('n1'));
  sim.at(t + 20, () => sim.restart('n1'));
  assert.instance(await rejection(system.get(r2)), ActorDiedError);
});

test('queued calls (maxConcurrency 1) at a crash are retried after the restart', async () => {
  const { sim, system } = world();
  const d = system.spawn(Durable, [], { node: 'n1', maxRestarts: 1, maxTaskRetries: 1, maxConcurrency: 1 });
  const refs = [d.call.slow(50), d.call.slow(50), d.call.slow(50)];
  sim.at(60, () => sim.crash('n1'));
  sim.at(70, () => sim.restart('n1'));
  const results = [];
  for (const r of refs) results.push(await system.get(r));
  const byTime = results.sort((a, b) => a.at - b.at);
  assert.equal(byTime, [
    { incarnation: 0, at: 51 },
    { incarnation: 1, at: 121 },
    { incarnation: 1, at: 171 },
  ], 'one finished before the crash; the running and the queued one ran one at a time after it');
});

test('calls made by an actor are dropped when it dies: nothing stays pending', async () => {
  const { sim, system } = world();
  const d = system.spawn(Durable, [], { node: 'n2' });
  const c = system.spawn(Caller, [], { node: 'n1' });
  const r = c.call.callSlow(d, 100);
  sim.at(20, () => sim.crash('n1'));
  assert.instance(await rejection(system.get(r)), ActorDiedError);
  await sim.run();
  assert.equal(system.pendingSummary(), { count: 0, oldest: null });
});

test('kill ends an actor for good by default (noRestart)', async () => {
  const { sim, system } = world();
  const d = system.spawn(Durable, [], { node: 'n1', maxRestarts: -1 });
  const inflight = d.call.slow(100);
  await sim.run({ untilMs: 5 });
  system.kill(d);
  const err = await rejection(system.get(inflight));
  assert.instance(err, ActorDiedError);
  assert.match((err as Error).message, 'killed');
  assert.instance(await rejection(system.get(d.call.bump())), ActorDiedError);
  assert.is(system.actorsTable()[0]!.state, 'DEAD');
  assert.is(system.actorsTable()[0]!.deathCause, 'killed');
});

test('kill with noRestart false restarts an actor that has restarts left', async () => {
  const { sim, system } = world();
  const d = system.spawn(Durable, [], { node: 'n1', maxRestarts: 1 });
  await system.get(d.call.bump());
  system.kill(d, { noRestart: false });
  await sim.run({ untilMs: sim.now() + 1 }); // the restart runs on its node's next event
  assert.equal(await system.get(d.call.bump()), { memory: 1, constructions: 2, incarnation: 1 });
  system.kill(d, { noRestart: false });
  assert.is(system.actorsTable()[0]!.state, 'DEAD', 'no restarts left');
});

test('an actor whose constructor throws is dead and its calls fail', async () => {
  const { system } = world();
  const f = system.spawn(Fragile, [], { node: 'n1', maxRestarts: 3 });
  const row = system.actorsTable()[0]!;
  assert.is(row.state, 'DEAD');
  assert.is(row.deathCause, 'constructor threw: Error: bad config');
  const err = await rejection(system.get(f.call.hello()));
  assert.instance(err, ActorDiedError);
  assert.match((err as Error).message, 'bad config');
});

test('an actor spawned on a down node is created when the node comes up', async () => {
  const { sim, system } = world();
  sim.crash('n2');
  const d = system.spawn(Durable, [], { node: 'n2' });
  assert.is(system.actorsTable()[0]!.state, 'PENDING_CREATION');
  const r = d.call.bump();
  sim.at(40, () => sim.restart('n2'));
  assert.equal(await system.get(r), { memory: 1, constructions: 1, incarnation: 0 });
});

test.run();
