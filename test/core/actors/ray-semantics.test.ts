import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorDiedError, Ref, TaskError } from '../../../core/actors';
import { ActorsimError as ActorsimErrorBase } from '../../../core/errors';
import { world, rejection } from './helpers';

// Ray's API edges: unknown spawn options are refused, wait returns at most
// `count` ready refs and refuses count 0 and duplicates, nested Refs pass
// through, and an error thrown by a method keeps instanceof its class.

class Thrower extends Actor {
  range(): number {
    throw new RangeError('out of range');
  }
  died(): number {
    throw new ActorDiedError('x', 'a died error thrown by user code');
  }
  custom(): number {
    throw new MyError('mine');
  }
  plain(): number {
    throw new Error('plain');
  }
  quick(v: number): number {
    return v;
  }
  nested(box: { r: Ref<number> }): string {
    return box.r instanceof Ref ? 'a Ref' : typeof box.r;
  }
}

class MyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MyError';
  }
}

test('unknown spawn options are rejected with INVALID_ARGUMENT naming the option', () => {
  const { system } = world();
  let err: unknown;
  try {
    system.spawn(Thrower, [], { node: 'n1', numCpus: 2 } as never);
  } catch (e) {
    err = e;
  }
  assert.is((err as { code?: string }).code, 'INVALID_ARGUMENT');
  assert.match((err as Error).message, /spawn Thrower: unknown option "numCpus" \(known: name, node, maxRestarts, maxTaskRetries, maxConcurrency\)/);
  assert.equal(system.actorsTable(), [], 'nothing was spawned');
});

test('wait returns at most count ready refs; rejects count 0 and duplicates', async () => {
  const { sim, system } = world();
  const t = system.spawn(Thrower, [], { node: 'n1' });
  const refs = [t.call.quick(1), t.call.quick(2), t.call.quick(3)];
  await sim.run();
  assert.ok(refs.every((r) => r.settled));
  const one = await system.wait(refs, { count: 1 });
  assert.equal(one.ready, [refs[0]]);
  assert.equal(one.pending, [refs[1], refs[2]]);
  const two = await system.wait(refs, { count: 2 });
  assert.is(two.ready.length, 2);
  const code = async (p: () => unknown) => {
    try {
      await p();
    } catch (e) {
      return `${(e as { code?: string }).code}: ${(e as Error).message}`;
    }
    return 'no error';
  };
  assert.match(await code(() => system.wait(refs, { count: 0 })), /^INVALID_ARGUMENT: wait: count must be an integer in 1..3, got 0/);
  assert.match(await code(() => system.wait([refs[0]!, refs[1]!, refs[0]!])), /^INVALID_ARGUMENT: wait: refs\[2\] is a duplicate of refs\[0\]/);
  assert.equal(await system.wait([]), { ready: [], pending: [] });
});

test('a Ref nested in an argument reaches the method as a Ref', async () => {
  const { system } = world();
  const t = system.spawn(Thrower, [], { node: 'n1' });
  assert.is(await system.get(t.call.nested({ r: t.call.quick(1) })), 'a Ref');
});

test('built-in errors thrown by a method keep instanceof their class and are TaskErrors too', async () => {
  const { system } = world();
  const t = system.spawn(Thrower, [], { node: 'n1' });
  const range = await rejection(system.get(t.call.range()));
  assert.instance(range, RangeError);
  assert.instance(range, TaskError);
  assert.instance(range, ActorsimErrorBase);
  assert.is((range as TaskError).code, 'TASK_ERROR');
  assert.is((range as TaskError).originalName, 'RangeError');
  const died = await rejection(system.get(t.call.died()));
  assert.instance(died, ActorDiedError);
  assert.instance(died, TaskError);
  // A user's own class is not re-parented (deliberately unlike Ray): a TaskError naming it.
  const mine = await rejection(system.get(t.call.custom()));
  assert.not.instance(mine, MyError);
  assert.instance(mine, TaskError);
  assert.is((mine as TaskError).originalName, 'MyError');
  const plain = await rejection(system.get(t.call.plain()));
  assert.instance(plain, TaskError);
  assert.not.instance(plain, RangeError);
  assert.not.instance(new Error('x'), TaskError);
  assert.not.instance(new RangeError('x'), TaskError);
});

test.run();
