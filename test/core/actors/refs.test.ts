import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, GetTimeoutError, Ref, TaskError } from '../../../core/actors';
import { world as sharedWorld, rejection } from './helpers';

// Refs: passing them to other actors, put, get with a timeout, and wait with
// a count and a virtual-time timeout.

/** Fixed 1ms latency so that reply times are exact. */
const world = (seed = 1) => sharedWorld(seed, { exact: true });


class Worker extends Actor {
  async after(ms: number, value: number) {
    await this.ctx.sleep(ms);
    return value;
  }
  fail(message: string): number {
    throw new Error(message);
  }
}

class Adder extends Actor {
  log: string[] = [];
  async addTo(ref: Ref<number>, k: number) {
    this.log.push(`start ${this.ctx.now()} ${ref instanceof Ref ? 'a Ref' : 'a value'}`);
    const v = await ref;
    this.log.push(`got ${v} at ${this.ctx.now()}`);
    return v + k;
  }
  async sum(box: { refs: Ref<number>[] }) {
    let s = 0;
    for (const r of box.refs) s += await r;
    return s;
  }
  async firstOf(refs: Ref<number>[], timeoutMs: number) {
    const { ready, pending } = await this.ctx.wait(refs, { count: 1, timeoutMs });
    return { ready: ready.length, pending: pending.length, at: this.ctx.now() };
  }
  async getWithin(box: { ref: Ref<number> }, timeoutMs: number) {
    try {
      return await this.ctx.get(box.ref, { timeoutMs });
    } catch (err) {
      return `${(err as GetTimeoutError).code} at ${this.ctx.now()}`;
    }
  }
  async readPut(ref: Ref<{ xs: number[] }>) {
    const v = await ref;
    return v.xs.length;
  }
  history() {
    return this.log;
  }
}

test('a top-level Ref argument is resolved before the method runs: the method gets the value (Ray)', async () => {
  const { system } = world();
  const w = system.spawn(Worker, [], { node: 'n1' });
  const a = system.spawn(Adder, [], { node: 'n2' });
  const r = w.call.after(50, 41);
  const sum = a.call.addTo(r, 1);
  assert.is(await system.get(sum), 42);
  const log = await system.get(a.call.history());
  assert.equal(log, ['start 53 a value', 'got 41 at 53'], 'sent when the worker replied at 52, arrived at 53');
});

test('the method does not run when a top-level Ref argument failed: the call fails with the upstream error', async () => {
  const { system } = world();
  const w = system.spawn(Worker, [], { node: 'n1' });
  const a = system.spawn(Adder, [], { node: 'n2' });
  const bad = w.call.fail('upstream broke');
  const err = await rejection(system.get(a.call.addTo(bad as unknown as Ref<number>, 1)));
  assert.instance(err, TaskError);
  assert.match((err as TaskError).message, /upstream broke/);
  assert.equal(await system.get(a.call.history()), [], 'addTo never ran');
  // Tasks too.
  const t = system.remote((_ctx, x: number) => x + 1, { name: 'inc' });
  assert.instance(await rejection(system.get(t.remote(bad as unknown as number))), TaskError);
  assert.is(await system.get(t.remote(w.call.after(1, 6) as unknown as number)), 7);
});

test('Refs nested in arguments pass through as Refs', async () => {
  const { system } = world();
  const w = system.spawn(Worker, [], { node: 'n1' });
  const a = system.spawn(Adder, [], { node: 'n2' });
  const refs = [w.call.after(5, 1), w.call.after(10, 2), system.put(3)];
  assert.is(await system.get(a.call.sum({ refs })), 6);
});

test('a rejected Ref rejects get with the same error and shows it in peek', async () => {
  const { system } = world();
  const w = system.spawn(Worker, [], { node: 'n1' });
  const r = w.call.fail('nope');
  const err = await rejection(system.get(r));
  assert.instance(err, TaskError);
  const s = r.peek();
  assert.ok(s && !s.ok);
  assert.is((s as { error: unknown }).error, err);
});

test('put stores a frozen copy and returns a resolved Ref', async () => {
  const { system } = world();
  const original = { xs: [1, 2, 3] };
  const r = system.put(original);
  assert.is(r.settled, true);
  original.xs.push(4);
  const v = await system.get(r);
  assert.equal(v, { xs: [1, 2, 3] }, 'later changes to the original do not reach the stored value');
  assert.ok(Object.isFrozen(v));
  assert.ok(Object.isFrozen(v.xs));
  assert.throws(() => (v.xs as number[]).push(5), TypeError);
  const a = system.spawn(Adder, [], { node: 'n2' });
  assert.is(await system.get(a.call.readPut(r)), 3, 'an actor reads the stored value through the Ref');
});

test('wait with count returns once that many refs are ready', async () => {
  const { sim, system } = world();
  const w = system.spawn(Worker, [], { node: 'n1' });
  const r10 = w.call.after(10, 10);
  const r20 = w.call.after(20, 20);
  const r30 = w.call.after(30, 30);
  const { ready, pending } = await system.wait([r30, r10, r20], { count: 2 });
  assert.equal(ready, [r10, r20], 'ready keeps the order of the input');
  assert.equal(pending, [r30]);
  assert.is(sim.now(), 22, 'sent at 0, delivered at 1, sleeps 20, reply arrives at 22');
  const all = await system.wait([r10, r20, r30], { count: 3 });
  assert.is(all.ready.length, 3);
  assert.is(sim.now(), 32);
});

test('wait defaults to one ready ref', async () => {
  const { sim, system } = world();
  const w = system.spawn(Worker, [], { node: 'n1' });
  const refs = [w.call.after(40, 1), w.call.after(5, 2)];
  const { ready, pending } = await system.wait(refs);
  assert.equal(ready, [refs[1]]);
  assert.equal(pending, [refs[0]]);
  assert.is(sim.now(), 7);
});

test('wait with timeoutMs gives up after that much virtual time', async () => {
  const { sim, system } = world();
  const w = system.spawn(Worker, [], { node: 'n1' });
  await system.get(w.call.after(0, 0));
  const t0 = sim.now();
  const slow = [w.call.after(500, 1), w.call.after(600, 2)];
  const quick = w.call.after(10, 3);
  const first = await system.wait(slow, { timeoutMs: 100 });
  assert.equal(first.ready, []);
  assert.equal(first.pending, slow);
  assert.is(sim.now(), t0 + 100, 'the clock stops exactly at the timeout');
  assert.is(quick.settled, true, 'other work went on meanwhile');
  const second = await system.wait([...slow, quick], { count: 3, timeoutMs: 450 });
  assert.equal(second.ready, [slow[0], quick]);
  assert.equal(second.pending, [slow[1]]);
  assert.is(sim.now(), t0 + 550);
});

test('get with timeoutMs fails with GetTimeoutError at that virtual time', async () => {
  const { sim, system } = world();
  const w = system.spawn(Worker, [], { node: 'n1' });
  const r = w.call.after(1000, 1);
  const err = await rejection(system.get(r, { timeoutMs: 300 }));
  assert.instance(err, GetTimeoutError);
  assert.is((err as GetTimeoutError).code, 'GET_TIMEOUT');
  assert.is(sim.now(), 300);
  assert.is(await system.get(r), 1, 'the ref still resolves later');
  assert.is(sim.now(), 1002);
});

test('ctx.wait and ctx.get inside an actor time out on virtual time', async () => {
  const { system } = world();
  const w = system.spawn(Worker, [], { node: 'n1' });
  const a = system.spawn(Adder, [], { node: 'n2' });
  const refs = [w.call.after(300, 1), w.call.after(400, 2)];
  const res = await system.get(a.call.firstOf(refs, 50));
  assert.equal(res, { ready: 0, pending: 2, at: 51 });
  const res2 = await system.get(a.call.firstOf(refs, 1000));
  assert.is(res2.ready, 1);
  assert.is(res2.at, 303, 'the reply reaches the driver (its owner) at 302; the value then travels to the holder on n2');
  const late = w.call.after(1000, 5);
  const t = await system.get(a.call.getWithin({ ref: late }, 20));
  assert.match(String(t), /^GET_TIMEOUT at \d+$/);
  assert.is(await system.get(a.call.getWithin({ ref: w.call.after(1, 9) }, 100)), 9);
});

test('a Ref is a promise to its holder: then, catch, Promise.all; a failed call nobody awaits is no unhandled rejection', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const { system } = world();
    const w = system.spawn(Worker, [], { node: 'n1' });
    const r = w.call.after(5, 20);
    assert.instance(r, Ref);
    assert.is(String(r), 'Ref(Worker.after)');
    const doubled = r.then((v) => v * 2);
    assert.not.instance(doubled, Ref, 'then gives a plain promise');
    const ignored = w.call.fail('nobody listens');
    const caught = w.call.fail('caught').catch((e: unknown) => (e as TaskError).originalMessage);
    const all = Promise.all([r, system.put(1)]);
    await system.wait([r, ignored], { count: 2 });
    assert.is(await doubled, 40);
    assert.is(await caught, 'caught');
    assert.equal(await all, [20, 1]);
    assert.ok(ignored.settled && !ignored.peek()!.ok);
    await new Promise((resolve) => setImmediate(resolve)); // determinism-ok: lets Node report unhandled rejections
    assert.equal(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test.run();
