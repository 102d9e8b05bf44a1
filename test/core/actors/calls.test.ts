import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorHandle, Ref } from '../../../core/actors';
import { world as sharedWorld } from './helpers';

// Calls and replies: sync and async methods, tells, actor-to-actor calls,
// concurrency limits and the actors table.

const world = (seed = 1, nodes = ['n1', 'n2']) => sharedWorld(seed, { nodes });

class Counter extends Actor {
  n = 0;
  inc(by: number) {
    this.n += by;
    return this.n;
  }
  value() {
    return this.n;
  }
  async slow(ms: number) {
    const start = this.ctx.now();
    await this.ctx.sleep(ms);
    return [start, this.ctx.now()];
  }
  where() {
    return { id: this.ctx.id, node: this.ctx.node, name: this.ctx.name, incarnation: this.ctx.incarnation };
  }
}

class Parent extends Actor {
  private readonly child: ActorHandle<Counter>;
  constructor(childNode: string) {
    super();
    this.child = this.ctx.spawn(Counter, [], { node: childNode });
  }
  async bump(by: number) {
    const a = await this.child.call.inc(by);
    const b = await this.child.call.inc(by);
    return [a, b];
  }
  async viaSelf() {
    const me = this.ctx.self<Parent>();
    return await me.call.childNode();
  }
  childNode() {
    return this.child.node;
  }
}

class Gate extends Actor {
  running = 0;
  maxRunning = 0;
  async op(ms: number) {
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    await this.ctx.sleep(ms);
    this.running -= 1;
    return this.ctx.now();
  }
  max() {
    return this.maxRunning;
  }
}

test('a call returns a Ref that resolves to the method result', async () => {
  const { system } = world();
  const c = system.spawn(Counter, [], { node: 'n1', name: 'counter' });
  const r1 = c.call.inc(5);
  assert.instance(r1, Ref);
  assert.is(r1.settled, false);
  assert.is(await system.get(r1), 5);
  assert.is(r1.settled, true);
  assert.equal(r1.peek(), { ok: true, value: 5 });
  assert.is(await system.get(c.call.inc(2)), 7);
  assert.is(await system.get(c.call.value()), 7);
});

test('calls travel the network: the reply comes after virtual time passes', async () => {
  const { sim, system } = world();
  const c = system.spawn(Counter, [], { node: 'n1' });
  assert.is(sim.now(), 0);
  await system.get(c.call.inc(1));
  assert.ok(sim.now() >= 2, `a round trip takes at least 2 x 1ms, took ${sim.now()}`);
});

test('an async method replies once its awaits finish, on virtual time', async () => {
  const { sim, system } = world();
  const c = system.spawn(Counter, [], { node: 'n1' });
  const [start, end] = await system.get(c.call.slow(250));
  assert.is(end! - start!, 250);
  assert.ok(sim.now() > end!, 'the reply arrives after the method returns');
});

test('tell runs the method and returns nothing', async () => {
  const { sim, system } = world();
  const c = system.spawn(Counter, [], { node: 'n1' });
  const out: unknown = c.tell.inc(3);
  assert.is(out, undefined);
  c.tell.inc(4);
  await sim.run();
  assert.is(await system.get(c.call.value()), 7);
});

test('the context names the actor, its node and incarnation', async () => {
  const { system } = world();
  const c = system.spawn(Counter, [], { node: 'n2', name: 'c' });
  const info = await system.get(c.call.where());
  assert.equal(info, { id: c.actorId, node: 'n2', name: 'c', incarnation: 0 });
  assert.is(c.node, 'n2');
  assert.is(c.name, 'c');
});

test('an actor spawns a child and calls it; calls through self() work', async () => {
  const { system } = world();
  const p = system.spawn(Parent, ['n2'], { node: 'n1' });
  assert.equal(await system.get(p.call.bump(10)), [10, 20]);
  assert.is(await system.get(p.call.viaSelf()), 'n2');
  const table = system.actorsTable();
  assert.equal(table.map((r) => [r.className, r.node, r.state]), [['Parent', 'n1', 'ALIVE'], ['Counter', 'n2', 'ALIVE']]);
});

test('without a node option, placement is a seeded choice among worker nodes', async () => {
  const nodesOf = (seed: number) => {
    const { system } = world(seed, ['a', 'b', 'c']);
    return Array.from({ length: 12 }, () => system.spawn(Counter, []).node);
  };
  const first = nodesOf(7);
  assert.equal(nodesOf(7), first, 'same seed, same placement');
  for (const n of first) assert.ok(['a', 'b', 'c'].includes(n), `placed on ${n}`);
  assert.ok(new Set(first).size > 1, 'placement spreads actors');
});

test('async methods interleave at awaits by default; maxConcurrency 1 serialises them', async () => {
  for (const [maxConcurrency, expectMax] of [[undefined, 3], [1, 1]] as const) {
    const { system } = world();
    const g = system.spawn(Gate, [], maxConcurrency === undefined ? { node: 'n1' } : { node: 'n1', maxConcurrency });
    const refs = [g.call.op(100), g.call.op(100), g.call.op(100)];
    const ends: number[] = [];
    for (const r of refs) ends.push(await system.get(r));
    assert.is(await system.get(g.call.max()), expectMax, `maxConcurrency ${maxConcurrency}`);
    const span = Math.max(...ends) - Math.min(...ends);
    if (expectMax === 1) assert.ok(span >= 200, `serialised calls end 100ms apart, span ${span}`);
    else assert.ok(span < 100, `concurrent calls end together, span ${span}`);
  }
});

test('many calls from the driver all get their own reply', async () => {
  const { system } = world();
  const c = system.spawn(Counter, [], { node: 'n1' });
  const refs = Array.from({ length: 50 }, () => c.call.inc(1));
  const values: number[] = [];
  for (const r of refs) values.push(await system.get(r));
  assert.equal([...values].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
});

test.run();
