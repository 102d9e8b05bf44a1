import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorSystem } from '../../../core/actors';
import { InvalidArgumentError } from '../../../core/errors';
import { RealHost } from '../../../real/host';
import { Simulation } from '../../../sim';

// ctx.buggify and ctx.mark: seeded fault points that fire only in runs with
// buggify on, the same way for the same seed, without moving any other
// stream; marks counted per run and never in the trace; neither on the real host.

/** Whether the code under test calls ctx.mark at all (the same messages either way). */
let marking = true;

const SITES = Array.from({ length: 40 }, (_, i) => `site-${i}`);

/** Asks every site `asks` times; takes the rare path (sleeps) where one fires, and draws from its own stream each time. */
class Asker extends Actor {
  async ask(asks: number): Promise<{ fired: string[]; draws: number[] }> {
    const fired: string[] = [];
    const draws: number[] = [];
    for (let k = 0; k < asks; k++) {
      for (const site of SITES) {
        if (this.ctx.buggify(site)) {
          fired.push(`${k}:${site}`);
          await this.ctx.sleep(1);
        }
        draws.push(this.ctx.random.int(1000));
      }
    }
    return { fired, draws };
  }

  touch(name: string, times: number): void {
    if (marking) for (let i = 0; i < times; i++) this.ctx.mark(name);
  }
}

async function askRun(seed: number, buggify: boolean, asks = 8) {
  const sim = new Simulation({ seed, buggify });
  sim.addNode('n1');
  const system = new ActorSystem(sim);
  const h = system.spawn(Asker, [], { node: 'n1' });
  const out = await system.get(h.call.ask(asks));
  return { sim, ...out };
}

test('buggify is deterministic: the same seed fires the same sites at the same asks, with the same trace hash', async () => {
  const a = await askRun(7, true);
  const b = await askRun(7, true);
  assert.ok(a.fired.length > 0, 'some site fires in a buggify run');
  assert.equal(b.fired, a.fired);
  assert.equal(b.sim.faultPoints.firings(), a.sim.faultPoints.firings());
  assert.is(b.sim.traceHash(), a.sim.traceHash());
  // Another seed enables other sites.
  const c = await askRun(8, true);
  assert.not.equal(c.sim.faultPoints.enabledSites(), a.sim.faultPoints.enabledSites());
});

test('buggify enables some sites once per run and fires an enabled one on some asks only; a disabled site never fires', async () => {
  const r = await askRun(11, true, 40);
  const enabled = Object.entries(r.sim.faultPoints.enabledSites());
  assert.is(enabled.length, SITES.length);
  const on = enabled.filter(([, e]) => e).map(([s]) => s);
  assert.ok(on.length > 0 && on.length < SITES.length, `about a quarter of the sites enabled, got ${on.length} of ${SITES.length}`);
  const fires = r.sim.faultPoints.firings();
  for (const site of Object.keys(fires)) assert.ok(on.includes(site), `${site} fired without being enabled`);
  for (const site of on) assert.ok((fires[site] ?? 0) < 40, `${site} fires on some asks, not all`);
  assert.ok(Object.values(fires).reduce((a, b) => a + b, 0) > 0);
});

test('a run with buggify off never fires, and buggify draws move no other stream', async () => {
  for (const seed of [1, 2, 3, 7, 11]) {
    const off = await askRun(seed, false);
    assert.equal(off.fired, []);
    assert.equal(off.sim.faultPoints.firings(), {});
    assert.equal(off.sim.faultPoints.enabledSites(), {}, 'no site is even drawn');
    const on = await askRun(seed, true);
    // The actor's own stream gives the same numbers whether or not buggify drew beside it.
    assert.equal(on.draws, off.draws);
  }
});

test('marks are counted per run, sorted by name, and never change the trace hash', async () => {
  const run = async (marks: boolean) => {
    marking = marks;
    const sim = new Simulation({ seed: 5 });
    sim.addNode('n1');
    const system = new ActorSystem(sim);
    const h = system.spawn(Asker, [], { node: 'n1' });
    await system.get(h.call.touch('z.rare', 3));
    await system.get(h.call.touch('a.rare', 1));
    const task = system.remote((ctx, n: number) => {
      if (marking) ctx.mark('task.path');
      return ctx.buggify('task.site') ? n : n + 1;
    }, { name: 'task' });
    assert.is(await system.get(task.remote(1)), 2, 'buggify is off by default');
    const client = system.clientAt('n1');
    if (marks) client.mark('client.path');
    assert.is(client.buggify('client.site'), false);
    return sim;
  };
  const counted = await run(true);
  assert.equal(counted.marks(), { 'a.rare': 1, 'client.path': 1, 'task.path': 1, 'z.rare': 3 });
  assert.equal(Object.keys(counted.marks()), ['a.rare', 'client.path', 'task.path', 'z.rare']);
  const quiet = await run(false);
  marking = true;
  assert.equal(quiet.marks(), {});
  assert.is(quiet.traceHash(), counted.traceHash());
});

test('buggify and mark refuse a bad name, naming the API and the value', async () => {
  const sim = new Simulation({ seed: 1, buggify: true });
  sim.addNode('n1');
  const system = new ActorSystem(sim);
  const client = system.clientAt('n1');
  for (const bad of ['', 'a\nb', 'x'.repeat(201), 7 as unknown as string]) {
    assert.throws(() => client.buggify(bad), (e: unknown) => e instanceof InvalidArgumentError && /^ctx\.buggify: name must be 1\.\.200 printable characters, got /.test(e.message));
    assert.throws(() => client.mark(bad), (e: unknown) => e instanceof InvalidArgumentError && /^ctx\.mark: name must be/.test(e.message));
  }
  assert.equal(sim.marks(), {});
  assert.throws(() => new Simulation({ seed: 1, buggify: 'yes' as unknown as boolean }), /Simulation: buggify must be true or false, got "yes"/);
});

test('on the real host buggify is always false and marks are counted by the host', () => {
  const host = new RealHost({
    node: null, driverNode: 'client-1', clusterNodes: ['nn'], dataDir: null, clusterId: 'c', addresses: new Map(), listen: null, secret: null,
    maxFrameBytes: 1 << 20, layout: null, log: () => undefined,
  });
  const system = new ActorSystem(host);
  const client = system.clientAt('client-1');
  for (const site of SITES) for (let k = 0; k < 20; k++) assert.is(client.buggify(site), false);
  client.mark('real.path');
  client.mark('real.path');
  assert.equal(host.marks(), { 'real.path': 2 });
});

test.run();
