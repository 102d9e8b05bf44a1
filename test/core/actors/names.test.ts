import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorHandle, ActorNotFoundError, ActorSystem } from '../../../core/actors';
import { world as sharedWorld } from './helpers';

// Named actors: lookup from the driver and from actors, and the lifetime of a name.

const world = (seed = 1) => sharedWorld(seed);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.unreachable('expected a throw');
}

class Registry extends Actor {
  entries: string[] = [];
  add(e: string) {
    this.entries.push(e);
    return this.entries.length;
  }
}

class Client extends Actor {
  async register(entry: string) {
    const reg = this.ctx.getActor<Registry>('registry');
    return await reg.call.add(entry);
  }
  lookupMissing() {
    this.ctx.getActor<Registry>('missing');
  }
}

test('getActor finds a named actor from driver code', async () => {
  const { system } = world();
  const spawned = system.spawn(Registry, [], { node: 'n1', name: 'registry' });
  const found = system.getActor<Registry>('registry');
  assert.instance(found, ActorHandle);
  assert.is(found.actorId, spawned.actorId);
  assert.is(found.name, 'registry');
  assert.is(found.node, 'n1');
  assert.is(await system.get(found.call.add('a')), 1);
  assert.is(await system.get(spawned.call.add('b')), 2, 'both handles reach the same actor');
});

test('ctx.getActor finds a named actor from inside another actor', async () => {
  const { system } = world();
  system.spawn(Registry, [], { node: 'n1', name: 'registry' });
  const c = system.spawn(Client, [], { node: 'n2' });
  assert.is(await system.get(c.call.register('x')), 1);
  assert.is(await system.get(c.call.register('y')), 2);
  const err = await system.get(c.call.lookupMissing()).then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err, 'a failed lookup inside an actor reaches the caller');
  assert.match(String((err as Error).message), /ctx\.getActor: no live actor named "missing"/);
});

test('a name is free again once its actor is dead', async () => {
  const { system } = world();
  const first = system.spawn(Registry, [], { node: 'n1', name: 'registry' });
  system.kill(first);
  const err = thrown(() => system.getActor('registry'));
  assert.instance(err, ActorNotFoundError);
  const second = system.spawn(Registry, [], { node: 'n2', name: 'registry' });
  assert.is.not(second.actorId, first.actorId);
  assert.is(system.getActor('registry').actorId, second.actorId);
});

test('a restarting actor keeps its name while its node is down', async () => {
  const { sim, system } = world();
  const r = system.spawn(Registry, [], { node: 'n1', name: 'registry', maxRestarts: 1 });
  sim.crash('n1');
  assert.is(system.actorsTable()[0]!.state, 'RESTARTING');
  assert.is(system.getActor('registry').actorId, r.actorId);
  sim.restart('n1');
  assert.is(await system.get(system.getActor<Registry>('registry').call.add('z')), 1);
});

test.run();
