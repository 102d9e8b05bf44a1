import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorHandle, ActorSystem, Ref } from '../../../core/actors';
import { Simulation } from '../../../sim';

// No two actors share memory: arguments, results, tells, stored values and
// disk records are copies; handles are re-bound to whoever receives them.

function world(seed = 1, network: ConstructorParameters<typeof Simulation>[0]['network'] = {}) {
  const sim = new Simulation({ seed, network, keepTrace: true });
  sim.addNode('n1');
  sim.addNode('n2');
  return { sim, system: new ActorSystem(sim) };
}

interface Doc {
  title: string;
  tags: string[];
  meta: { n: number };
}

class Keeper extends Actor {
  docs: Doc[] = [];
  seen: number[] = [];
  store(d: Doc) {
    d.tags.push('touched-by-actor');
    d.meta.n = 99;
    this.docs.push(d);
    return d.tags.length;
  }
  all() {
    return this.docs;
  }
  note(xs: number[]) {
    xs.push(1);
    this.seen.push(xs.length);
  }
  seenLengths() {
    return this.seen;
  }
  rich(v: { m: Map<string, number[]>; s: Set<string>; b: Uint8Array; d: Date }) {
    v.m.get('k')!.push(4);
    v.s.add('added');
    v.b[0] = 255;
    v.d.setTime(0);
    return v;
  }
  diskRoundTrip() {
    const rec = { xs: [1] };
    this.ctx.disk.put('rec', rec);
    rec.xs.push(2);
    const read = this.ctx.disk.get('rec') as { xs: number[] };
    read.xs.push(3);
    return [rec.xs.length, (this.ctx.disk.get('rec') as { xs: number[] }).xs.length];
  }
}

class Pinger extends Actor {
  pings = 0;
  ping() {
    this.pings += 1;
    return this.ctx.node;
  }
}

class Relay extends Actor {
  held: ActorHandle<Pinger> | null = null;
  async relay(h: ActorHandle<Pinger>) {
    return await h.call.ping();
  }
  hold(h: ActorHandle<Pinger>) {
    this.held = h;
  }
  async pingHeld() {
    return await this.held!.call.ping();
  }
  makeChild(node: string) {
    return this.ctx.spawn(Pinger, [], { node });
  }
}

class Spoiler extends Actor {
  async spoil(r: Ref<{ xs: number[] }>) {
    const v = await r;
    v.xs.push(666);
    return v.xs.length;
  }
  async spoilBytes(r: Ref<{ b: Uint8Array; m: Map<string, number> }>) {
    const v = await r;
    v.b[0] = 9;
    v.m.set('k', 9);
    return [v.b[0], v.m.get('k')];
  }
}

class Maker extends Actor {
  make() {
    return { xs: [1] };
  }
}

class Mutator extends Actor {
  async consume(o: { xs: number[] }, ms: number) {
    o.xs.push(o.xs.length);
    await this.ctx.sleep(ms);
    return o.xs;
  }
}

test('an actor that mutates its argument leaves the sender copy unchanged', async () => {
  const { system } = world();
  const k = system.spawn(Keeper, [], { node: 'n1' });
  const doc: Doc = { title: 't', tags: ['a'], meta: { n: 1 } };
  assert.is(await system.get(k.call.store(doc)), 2);
  assert.equal(doc, { title: 't', tags: ['a'], meta: { n: 1 } });
  doc.tags.push('changed-by-sender');
  const kept = await system.get(k.call.all());
  assert.equal(kept[0]!.tags, ['a', 'touched-by-actor'], 'sender changes after the send do not reach the actor');
});

test('mutating a result leaves the actor state unchanged', async () => {
  const { system } = world();
  const k = system.spawn(Keeper, [], { node: 'n1' });
  await system.get(k.call.store({ title: 't', tags: [], meta: { n: 1 } }));
  const got = await system.get(k.call.all());
  got[0]!.title = 'hacked';
  got.push({ title: 'extra', tags: [], meta: { n: 0 } });
  const again = await system.get(k.call.all());
  assert.is(again.length, 1);
  assert.is(again[0]!.title, 't');
});

test('Map, Set, Uint8Array and Date arguments and results are copies', async () => {
  const { system } = world();
  const k = system.spawn(Keeper, [], { node: 'n1' });
  const v = { m: new Map([['k', [1, 2, 3]]]), s: new Set(['x']), b: new Uint8Array([1, 2]), d: new Date(5000) };
  const out = await system.get(k.call.rich(v));
  assert.equal(v.m.get('k'), [1, 2, 3]);
  assert.equal([...v.s], ['x']);
  assert.is(v.b[0], 1);
  assert.is(v.d.getTime(), 5000);
  assert.equal(out.m.get('k'), [1, 2, 3, 4]);
  assert.equal([...out.s], ['x', 'added']);
  assert.is(out.b[0], 255);
  assert.is(out.d.getTime(), 0);
});

test('a Ref passed to other actors gives each its own copy of the value', async () => {
  const { system } = world();
  const maker = system.spawn(Maker, [], { node: 'n1' });
  const a = system.spawn(Spoiler, [], { node: 'n2' });
  const b = system.spawn(Spoiler, [], { node: 'n1' });
  const r = maker.call.make();
  const mine = await system.get(r);
  assert.is(await system.get(a.call.spoil(r)), 2);
  assert.is(await system.get(b.call.spoil(r)), 2, 'b does not see what a did');
  assert.equal(mine, { xs: [1] }, 'nor does the driver');
});

test('a put value read by an actor is its own copy, Maps and bytes included', async () => {
  const { system } = world();
  const a = system.spawn(Spoiler, [], { node: 'n2' });
  const p = system.put({ b: new Uint8Array([1]), m: new Map([['k', 1]]) });
  assert.equal(await system.get(a.call.spoilBytes(p)), [9, 9]);
  const v = await system.get(p);
  assert.is(v.b[0], 1);
  assert.is(v.m.get('k'), 1);
});

test('disk values are copied in and out', async () => {
  const { system } = world();
  const k = system.spawn(Keeper, [], { node: 'n1' });
  assert.equal(await system.get(k.call.diskRoundTrip()), [2, 1]);
});

test('each delivery of a duplicated tell gets its own copy of the arguments', async () => {
  const { sim, system } = world(1, { duplicateRate: 1 });
  const k = system.spawn(Keeper, [], { node: 'n1' });
  k.tell.note([]);
  await sim.run();
  assert.equal(await system.get(k.call.seenLengths()), [1, 1]);
});

test('a retried call gets the arguments as sent, not as the dead incarnation left them', async () => {
  const { sim, system } = world(1, { latencyMsMin: 1, latencyMsMean: 0 });
  const m = system.spawn(Mutator, [], { node: 'n1', maxRestarts: 1, maxTaskRetries: 1 });
  const r = m.call.consume({ xs: [] }, 100);
  sim.at(20, () => sim.crash('n1'));
  sim.at(30, () => sim.restart('n1'));
  assert.equal(await system.get(r), [0]);
});

test('a handle passed in a call is re-bound: calls through it come from the receiving actor', async () => {
  const { sim, system } = world();
  const p = system.spawn(Pinger, [], { node: 'n2' });
  const relay = system.spawn(Relay, [], { node: 'n1' });
  assert.is(await system.get(relay.call.relay(p)), 'n2');
  const pingDelivery = sim.traceEvents().find((e) => e.kind === 'deliver' && e.message === 'call' && e.label === 'Pinger.ping');
  assert.ok(pingDelivery);
  assert.is(pingDelivery.from, 'n1', 'the ping was sent from the relay node');
  assert.is(pingDelivery.fromActor, relay.actorId);
  // And the network treats it so: cut n1 from n2 and the relayed ping is lost.
  await system.get(relay.call.hold(p));
  sim.partition(['n1'], ['n2']);
  const w = await system.wait([relay.call.pingHeld()], { timeoutMs: 200 });
  assert.is(w.pending.length, 1, 'a partitioned relay cannot reach the pinger');
});

test('a handle returned in a reply is re-bound to the caller', async () => {
  const { system } = world();
  const relay = system.spawn(Relay, [], { node: 'n1' });
  const child = await system.get(relay.call.makeChild('n2'));
  assert.instance(child, ActorHandle);
  system.kill(relay);
  const w = await system.wait([child.call.ping()], { timeoutMs: 1000 });
  assert.is(w.ready.length, 1, 'the driver can still call the child after the actor that returned its handle died');
  assert.is(await system.get(w.ready[0]!), 'n2');
});

test.run();
