import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor } from '../../../core/actors';
import { world as sharedWorld } from './helpers';

// Timers, intervals and sleep run on virtual time; a continuation always sees
// the time of the event that resumed it, however deep its await chain.

const world = (seed = 1) => sharedWorld(seed, { exact: true });

class Clock extends Actor {
  events: string[] = [];
  ticks: number[] = [];
  private interval: number | null = null;
  async nap(ms: number) {
    const start = this.ctx.now();
    await this.ctx.sleep(ms);
    return [start, this.ctx.now()];
  }
  schedule(ms: number, label: string) {
    return this.ctx.setTimer(ms, () => this.events.push(`${label}@${this.ctx.now()}`));
  }
  cancel(id: number) {
    this.ctx.clearTimer(id);
  }
  startTicking(ms: number, stopAfter: number) {
    this.interval = this.ctx.setInterval(ms, () => {
      this.ticks.push(this.ctx.now());
      if (this.ticks.length === stopAfter) this.ctx.clearTimer(this.interval!);
    });
    return this.ctx.now();
  }
  log() {
    return { events: this.events, ticks: this.ticks };
  }
  /** Sleeps, then runs a long chain of awaits before reading the clock. */
  async deep(ms: number, depth: number) {
    await this.ctx.sleep(ms);
    const chain = async (n: number): Promise<number> => {
      if (n === 0) return this.ctx.now();
      await Promise.resolve();
      await null;
      return await chain(n - 1);
    };
    const t = await chain(depth);
    this.events.push(`deep@${t}`);
    return t;
  }
  async marker(ms: number) {
    await this.ctx.sleep(ms);
    this.events.push(`marker@${this.ctx.now()}`);
  }
}

/** A heartbeat armed in the constructor: re-armed by each incarnation. */
class Beater extends Actor {
  constructor() {
    super();
    this.ctx.setInterval(10, () => {
      this.ctx.disk.append('beats', { inc: this.ctx.incarnation, at: this.ctx.now() });
      return this.ctx.disk.sync(); // durable, so a crash keeps it
    });
  }
  ping() {
    return this.ctx.incarnation;
  }
}

class Looper extends Actor {
  async loop() {
    let rounds = 0;
    while (this.ctx.alive()) {
      await this.ctx.sleep(10);
      rounds += 1;
      this.ctx.disk.put('rounds', rounds);
      await this.ctx.disk.sync();
    }
    return rounds;
  }
}

test('sleep resumes exactly ms later on the virtual clock', async () => {
  const { sim, system } = world();
  const c = system.spawn(Clock, [], { node: 'n1' });
  const [start, end] = await system.get(c.call.nap(1234));
  assert.is(start, 1);
  assert.is(end, start! + 1234);
  assert.is(sim.now(), end! + 1);
  const [s2, e2] = await system.get(c.call.nap(0));
  assert.is(e2, s2, 'sleep(0) does not advance the clock');
  const [s3, e3] = await system.get(c.call.nap(2.5));
  assert.is(e3! - s3!, 3, 'fractional delays round up to whole ms');
});

test('setTimer fires once at its time; clearTimer cancels it', async () => {
  const { sim, system } = world();
  const c = system.spawn(Clock, [], { node: 'n1' });
  await system.get(c.call.schedule(100, 'a'));
  const idB = await system.get(c.call.schedule(50, 'b'));
  const idC = await system.get(c.call.schedule(60, 'c'));
  await system.get(c.call.cancel(idC));
  await sim.run();
  const { events } = await system.get(c.call.log());
  assert.equal(events, ['b@53', 'a@101']);
  assert.is.not(idB, idC);
});

test('setInterval fires every ms until cleared', async () => {
  const { sim, system } = world();
  const c = system.spawn(Clock, [], { node: 'n1' });
  const t0 = await system.get(c.call.startTicking(25, 4));
  await sim.run();
  const { ticks } = await system.get(c.call.log());
  assert.equal(ticks, [t0 + 25, t0 + 50, t0 + 75, t0 + 100]);
});

test('continuations after a deep await chain see the time of the event that resumed them', async () => {
  const { sim, system } = world();
  const c = system.spawn(Clock, [], { node: 'n1' });
  const deep = c.call.deep(10, 200);
  c.tell.marker(11);
  assert.is(await system.get(deep), 11, 'delivered at 1, slept 10');
  await sim.run();
  const { events } = await system.get(c.call.log());
  assert.equal(events, ['deep@11', 'marker@12'], 'the whole chain ran before the next event');
});

test('timers die with a crash; a restarted incarnation re-arms its own', async () => {
  const { sim, system } = world();
  const b = system.spawn(Beater, [], { node: 'n1', maxRestarts: 1 });
  sim.at(35, () => sim.crash('n1'));
  sim.at(100, () => sim.restart('n1'));
  await sim.run({ untilMs: 130 });
  const beats = sim.disk('n1').readLog('beats') as Array<{ inc: number; at: number }>;
  assert.equal(beats.map((x) => x.at), [10, 20, 30, 110, 120, 130], 'silence while down, then the new incarnation beats');
  assert.is(await system.get(b.call.ping()), 1);
  assert.equal(beats.map((x) => x.inc), [0, 0, 0, 1, 1, 1]);
});

test('a long-running loop sees alive() turn false after a crash', async () => {
  const { sim, system } = world();
  const l = system.spawn(Looper, [], { node: 'n1', maxRestarts: 1 });
  const r = l.call.loop();
  sim.at(55, () => sim.crash('n1'));
  await system.wait([r]);
  assert.is(sim.disk('n1').get('rounds'), 5, 'rounds ended at 11, 21, 31, 41, 51');
  assert.is(r.settled, true, 'its call failed at the crash');
  await sim.run();
  assert.is(sim.disk('n1').get('rounds'), 5, 'no round ran after the crash');
});

test('a timer on a paused node fires when the pause ends', async () => {
  const { sim, system } = world();
  const c = system.spawn(Clock, [], { node: 'n1' });
  await system.get(c.call.schedule(20, 't'));
  sim.pause('n1', 100);
  await sim.run();
  sim.heal();
  const { events } = await system.get(c.call.log());
  assert.equal(events, ['t@102'], 'due at 22, paused from 2 to 102');
});

test.run();
