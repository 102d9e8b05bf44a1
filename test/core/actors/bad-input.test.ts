import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorDiedError, ActorNotFoundError, DuplicateActorNameError, Ref, TaskError } from '../../../core/actors';
import { ActorsimError, InvalidArgumentError } from '../../../core/errors';
import { world as sharedWorld } from './helpers';

// Bad input to the actor API fails with an error class and code, and a
// message that names the API and the bad value.

const world = (seed = 1) => sharedWorld(seed);

function thrown(fn: () => unknown): ActorsimError {
  try {
    fn();
  } catch (err) {
    assert.instance(err, ActorsimError, `expected an ActorsimError, got ${String(err)}`);
    return err as ActorsimError;
  }
  assert.unreachable('expected a throw');
  throw new Error('unreachable');
}

async function rejection(p: PromiseLike<unknown>): Promise<ActorsimError> {
  try {
    await p;
  } catch (err) {
    assert.instance(err, ActorsimError, `expected an ActorsimError, got ${String(err)}`);
    return err as ActorsimError;
  }
  assert.unreachable('expected a rejection');
  throw new Error('unreachable');
}

/** Asserts the error's class, code, and that its message names each of `parts`. */
function check(err: ActorsimError, cls: new (...a: never[]) => Error, code: string, ...parts: string[]) {
  assert.instance(err, cls);
  assert.is(err.code, code);
  for (const p of parts) assert.ok(err.message.includes(p), `message ${JSON.stringify(err.message)} should contain ${JSON.stringify(p)}`);
}

class Counter extends Actor {
  n = 0;
  inc(by: number) {
    this.n += by;
    return this.n;
  }
  setTick(ms: number) {
    this.ctx.setInterval(ms, () => undefined);
  }
  async nap(ms: number) {
    await this.ctx.sleep(ms);
  }
}

test('getActor with an unknown name: ACTOR_NOT_FOUND naming the API and the name', () => {
  const { system } = world();
  system.spawn(Counter, [], { node: 'n1', name: 'counter' });
  check(thrown(() => system.getActor('countr')), ActorNotFoundError, 'ACTOR_NOT_FOUND', 'getActor', '"countr"');
  check(thrown(() => system.getActor(42 as unknown as string)), InvalidArgumentError, 'INVALID_ARGUMENT', 'getActor', '42');
});

test('a duplicate actor name: DUPLICATE_ACTOR_NAME naming spawn and the name', () => {
  const { system } = world();
  system.spawn(Counter, [], { node: 'n1', name: 'counter' });
  check(thrown(() => system.spawn(Counter, [], { node: 'n2', name: 'counter' })), DuplicateActorNameError, 'DUPLICATE_ACTOR_NAME', 'spawn Counter', '"counter"');
  assert.is(system.actorsTable().length, 1, 'the failed spawn left nothing behind');
});

test('a call on a killed actor: ActorDiedError naming the call and the actor', async () => {
  const { system } = world();
  const c = system.spawn(Counter, [], { node: 'n1' });
  system.kill(c);
  check(await rejection(system.get(c.call.inc(1))), ActorDiedError, 'ACTOR_DIED', 'Counter.inc', c.actorId, 'killed');
  check(thrown(() => system.kill(c)), ActorDiedError, 'ACTOR_DIED', 'kill', c.actorId, 'already dead');
  c.tell.inc(1); // a tell to the dead is dropped, not thrown
});

test('spawn rejects bad options, naming the option and the value', () => {
  const { system } = world();
  check(thrown(() => system.spawn(Counter, [], { node: 'n9' })), InvalidArgumentError, 'INVALID_ARGUMENT', 'spawn Counter', 'unknown node', '"n9"');
  check(thrown(() => system.spawn(Counter, [], { name: '' })), InvalidArgumentError, 'INVALID_ARGUMENT', 'spawn Counter', 'name', '""');
  check(thrown(() => system.spawn(Counter, [], { maxRestarts: -2 })), InvalidArgumentError, 'INVALID_ARGUMENT', 'spawn Counter', 'maxRestarts', '-2');
  check(thrown(() => system.spawn(Counter, [], { maxTaskRetries: 1.5 })), InvalidArgumentError, 'INVALID_ARGUMENT', 'spawn Counter', 'maxTaskRetries', '1.5');
  check(thrown(() => system.spawn(Counter, [], { maxConcurrency: 0 })), InvalidArgumentError, 'INVALID_ARGUMENT', 'spawn Counter', 'maxConcurrency', '0');
  check(thrown(() => system.spawn(Counter, 5 as unknown as [])), InvalidArgumentError, 'INVALID_ARGUMENT', 'spawn Counter', 'args', '5');
  check(thrown(() => system.spawn('Counter' as unknown as typeof Counter, [])), InvalidArgumentError, 'INVALID_ARGUMENT', 'spawn', '"Counter"');
  assert.is(system.actorsTable().length, 0);
});

test('an actor created with new instead of spawn: NOT_SPAWNED', () => {
  check(thrown(() => new Counter()), ActorsimError, 'NOT_SPAWNED', 'Counter', 'spawn');
});

test('a function in a message: INVALID_ARGUMENT naming the call', () => {
  const { system } = world();
  const c = system.spawn(Counter, [], { node: 'n1' });
  const send = () => c.call.inc(function plusOne() {} as unknown as number);
  check(thrown(send), InvalidArgumentError, 'INVALID_ARGUMENT', 'call Counter.inc', 'plusOne');
  check(thrown(() => system.put({ f: () => 1 })), InvalidArgumentError, 'INVALID_ARGUMENT', 'put', 'functions');
});

test('a call to a method the class lacks fails with a TaskError naming it', async () => {
  const { system } = world();
  const c = system.spawn(Counter, [], { node: 'n1' });
  const h = c as unknown as { call: Record<string, () => Ref<unknown>> };
  const err = await rejection(system.get(h.call.frobnicate!()));
  check(err, TaskError, 'TASK_ERROR', 'Counter.frobnicate', '"frobnicate"');
  assert.is((err as TaskError).originalCode, 'INVALID_ARGUMENT');
});

test('wait and get reject bad arguments, naming the API and the value', async () => {
  const { system } = world();
  const c = system.spawn(Counter, [], { node: 'n1' });
  const r = c.call.inc(1);
  check(await rejection(system.wait([r], { count: 2 })), InvalidArgumentError, 'INVALID_ARGUMENT', 'wait', 'count', '2');
  check(await rejection(system.wait([r], { timeoutMs: -5 })), InvalidArgumentError, 'INVALID_ARGUMENT', 'wait', 'timeoutMs', '-5');
  check(await rejection(system.wait([r, 7 as unknown as Ref<number>])), InvalidArgumentError, 'INVALID_ARGUMENT', 'wait', 'refs[1]', 'got 7');
  check(await rejection(system.get({ then: 1 } as unknown as Ref<number>)), InvalidArgumentError, 'INVALID_ARGUMENT', 'get', '{"then":1}');
  check(await rejection(system.get(r, { timeoutMs: Number.NaN })), InvalidArgumentError, 'INVALID_ARGUMENT', 'get', 'timeoutMs', 'NaN');
});

test('timers reject bad delays inside actors', async () => {
  const { system } = world();
  const c = system.spawn(Counter, [], { node: 'n1' });
  const e1 = (await rejection(system.get(c.call.setTick(0)))) as TaskError;
  check(e1, TaskError, 'TASK_ERROR', 'ctx.setInterval', 'got 0');
  const e2 = (await rejection(system.get(c.call.nap(-1)))) as TaskError;
  check(e2, TaskError, 'TASK_ERROR', 'ctx.setTimer', '-1');
});

test('remote functions reject bad options and unknown nodes', () => {
  const { system } = world();
  check(thrown(() => system.remote(() => 1, { maxRetries: -3 })), InvalidArgumentError, 'INVALID_ARGUMENT', 'remote', 'maxRetries', '-3');
  const f = system.remote(() => 1, { name: 'one' });
  check(thrown(() => f.options({ node: 'mars' }).remote()), InvalidArgumentError, 'INVALID_ARGUMENT', 'one.remote', '"mars"');
});

test.run();
