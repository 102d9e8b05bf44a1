import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorSystem } from '../../core/actors';
import { DRIVER_NODE, Simulation } from '../../sim';

// Process faults: crash and restart, pause (a long GC), wipe (disk lost too),
// bit rot, and scripted actions at virtual times.

function world(seed = 1) {
  const sim = new Simulation({ seed, network: { latencyMsMin: 1, latencyMsMean: 0 }, keepTrace: true });
  sim.addNode('n1');
  sim.addNode('n2');
  return { sim, system: new ActorSystem(sim) };
}

class Store extends Actor {
  arrivals: number[] = [];
  async put(key: string, value: string) {
    this.arrivals.push(this.ctx.now());
    this.ctx.disk.put(key, value);
    this.ctx.disk.append('log', key);
    await this.ctx.disk.sync();
    return this.ctx.now();
  }
  /** Written, never synced: a crash may lose it. */
  putUnsynced(key: string, value: string) {
    this.ctx.disk.put(key, value);
    this.ctx.disk.append('log', key);
  }
  read(key: string) {
    return { value: this.ctx.disk.get(key) ?? null, log: this.ctx.disk.readLog('log') };
  }
  times() {
    return this.arrivals;
  }
}

test('a message to a paused node is delivered only when the pause ends', async () => {
  const { sim, system } = world();
  const s = system.spawn(Store, [], { node: 'n1' });
  sim.at(10, () => sim.pause('n1', 100));
  sim.at(20, () => s.tell.put('a', '1')); // due at 21
  sim.at(150, () => s.tell.put('b', '2')); // after the pause: on time
  await sim.run();
  assert.equal(await system.get(s.call.times()), [110, 151]);
  const defers = sim.traceEvents().filter((e) => e.kind === 'defer');
  assert.is(defers.length, 1);
  assert.is(defers[0]!.timeMs, 21);
  assert.equal(sim.nodeInfo('n1'), { id: 'n1', up: true, pausedUntilMs: 110, crashes: 0, restarts: 0, wipes: 0 });
});

test('a call to a paused node is answered after the pause', async () => {
  const { sim, system } = world();
  const s = system.spawn(Store, [], { node: 'n1' });
  sim.pause('n1', 50);
  assert.is(await system.get(s.call.put('k', 'v')), 50);
  assert.is(sim.now(), 51);
});

test('pauses extend, never shorten', async () => {
  const { sim } = world();
  sim.pause('n1', 100);
  sim.pause('n1', 10);
  assert.is(sim.nodeInfo('n1').pausedUntilMs, 100);
  sim.pause('n1', 200);
  assert.is(sim.nodeInfo('n1').pausedUntilMs, 200);
});

test('crash drops messages to the node; restart brings it back', async () => {
  const { sim, system } = world();
  const s = system.spawn(Store, [], { node: 'n1', maxRestarts: 1 });
  s.tell.put('x', '1'); // arrives at 1, after the crash
  sim.crash('n1');
  assert.is(sim.isUp('n1'), false);
  await sim.run();
  const drop = sim.traceEvents().find((e) => e.kind === 'drop');
  assert.ok(drop);
  assert.is(drop.detail, 'node-down');
  sim.restart('n1');
  assert.equal(await system.get(s.call.read('x')), { value: null, log: [] });
  assert.equal(sim.nodeInfo('n1'), { id: 'n1', up: true, pausedUntilMs: 0, crashes: 1, restarts: 1, wipes: 0 });
});

test('the disk survives a crash', async () => {
  const { sim, system } = world();
  const s = system.spawn(Store, [], { node: 'n1', maxRestarts: 1 });
  await system.get(s.call.put('k', 'v'));
  sim.crash('n1');
  sim.restart('n1');
  assert.equal(await system.get(s.call.read('k')), { value: 'v', log: ['k'] });
});

test('a crash loses unsynced writes; the seed decides whether the last one lands torn', async () => {
  const outcomes = new Set<string>();
  for (let seed = 1; seed <= 30; seed++) {
    const { sim, system } = world(seed);
    const s = system.spawn(Store, [], { node: 'n1', maxRestarts: 1 });
    await system.get(s.call.put('k', 'v'));
    await system.get(s.call.putUnsynced('u', 'unsynced value'));
    assert.is(sim.disk('n1').get('u'), 'unsynced value', 'visible before the crash');
    sim.crash('n1');
    sim.restart('n1');
    const after = await system.get(s.call.read('k'));
    assert.equal(after.value, 'v', 'synced data survives');
    const log = after.log as string[];
    assert.is(log[0], 'k');
    assert.ok(log.length <= 2);
    const u = sim.disk('n1').get('u') as string | undefined;
    // Either gone, or a prefix of what was written (a partly written value), never anything else.
    if (u !== undefined) assert.ok('unsynced value'.startsWith(u) && u.length < 'unsynced value'.length, `partial value ${u}`);
    if (log.length === 2) assert.ok('u'.startsWith(log[1]!) && log[1] !== 'u', `torn record ${log[1]}`);
    outcomes.add(u !== undefined ? 'partial-put' : log.length === 2 ? 'torn-append' : 'lost');
    const loss = sim.traceEvents().find((e) => e.kind === 'disk');
    assert.ok(loss && /lost 2 unsynced writes/.test(loss.label), 'the trace says what was lost');
  }
  assert.equal([...outcomes].sort(), ['lost', 'partial-put', 'torn-append'], 'every crash outcome is drawn for some seed');
});

test('wipe loses the disk and leaves the node down until restarted', async () => {
  const { sim, system } = world();
  const s = system.spawn(Store, [], { node: 'n1', maxRestarts: 1 });
  await system.get(s.call.put('k', 'v'));
  sim.wipe('n1');
  assert.is(sim.isUp('n1'), false);
  assert.equal(sim.disk('n1').keys(), []);
  sim.restart('n1');
  assert.equal(await system.get(s.call.read('k')), { value: null, log: [] });
  assert.equal(sim.nodeInfo('n1'), { id: 'n1', up: true, pausedUntilMs: 0, crashes: 1, restarts: 1, wipes: 1 });
});

test('wipe of a down node keeps it down and clears its disk', async () => {
  const { sim, system } = world();
  const s = system.spawn(Store, [], { node: 'n2', maxRestarts: 1 });
  await system.get(s.call.put('k', 'v'));
  sim.crash('n2');
  sim.wipe('n2');
  assert.is(sim.isUp('n2'), false);
  assert.is(sim.nodeInfo('n2').crashes, 1, 'no second crash');
  assert.is(sim.disk('n2').has('k'), false);
});

test('corrupt rots one character of a stored string, deterministically', async () => {
  const rot = (seed: number) => {
    const { sim } = world(seed);
    sim.disk('n1').put('chunk', { data: 'hello world', checksum: 'abc' });
    void sim.disk('n1').sync();
    assert.is(sim.corrupt('n1', 'chunk'), true);
    assert.is(sim.corrupt('n1', 'missing'), false);
    return (sim.disk('n1').get('chunk') as { data: string }).data;
  };
  const a = rot(4);
  assert.is.not(a, 'hello world');
  assert.is(a.length, 11);
  assert.is([...a].filter((c, i) => c !== 'hello world'[i]).length, 1);
  assert.is(rot(4), a);
});

test('sim.at and sim.after run actions at virtual times, in order', async () => {
  const { sim } = world();
  const seen: string[] = [];
  sim.at(30, () => seen.push(`b@${sim.now()}`));
  sim.at(10, () => {
    seen.push(`a@${sim.now()}`);
    sim.after(5, () => seen.push(`c@${sim.now()}`));
  });
  sim.at(-5, () => seen.push(`now@${sim.now()}`));
  await sim.run();
  assert.equal(seen, ['now@0', 'a@10', 'c@15', 'b@30']);
});

test('the driver node cannot be faulted; faults check node state', () => {
  const { sim } = world();
  assert.throws(() => sim.crash(DRIVER_NODE), /crash: the driver node cannot be faulted/);
  assert.throws(() => sim.pause(DRIVER_NODE, 10), /pause: the driver node/);
  assert.throws(() => sim.restart('n1'), /restart: node "n1" is already up/);
  sim.crash('n1');
  assert.throws(() => sim.crash('n1'), /crash: node "n1" is already down/);
  assert.throws(() => sim.pause('n1', 10), /pause: node "n1" is down/);
  assert.throws(() => sim.crash('n7'), /crash: unknown node "n7"/);
});

test.run();
