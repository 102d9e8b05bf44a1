import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHUNK_PREFIX } from '../../core/store/protocol';
import { atlas, diskView } from '../../scenarios/swarm';
import { StoreWorld } from '../../scenarios/store-world';
import { drawFaultSchedule, FAULT_KINDS, FaultEvent, FaultKind, FaultMode, FaultTopology, Nemesis, Streams } from '../../sim';

// The nemesis: fault schedules drawn from the seed's `faults` stream, the
// fault atlas that keeps recoverable runs recoverable, and healAll.

const TOPO: FaultTopology = { storageNodes: ['d1', 'd2', 'd3', 'd4'], nameNode: 'meta', clientNodes: ['cl1', 'cl2'] };
const ALL_KINDS = Object.fromEntries(FAULT_KINDS.map((k) => [k, 3])) as Record<FaultKind, number>;

test('drawFaultSchedule is deterministic per seed and stream', () => {
  const draw = (seed: number | string, stream = 'faults') => drawFaultSchedule(new Streams(seed).get(stream), ALL_KINDS, TOPO, 100, 4100);
  const a = draw(7);
  assert.equal(draw(7), a);
  assert.equal(draw('seven'), draw('seven'));
  assert.not.equal(draw(8), a);
  assert.not.equal(draw(7, 'faults-b'), a);
  assert.not.equal(draw('seven'), a);
});

test('drawFaultSchedule draws the asked counts, in time order within the window, on topology nodes only', () => {
  const storage = new Set(TOPO.storageNodes);
  const servers = new Set([TOPO.nameNode, ...TOPO.storageNodes]);
  const all = new Set([...servers, ...TOPO.clientNodes]);
  for (let seed = 1; seed <= 20; seed++) {
    const s = drawFaultSchedule(new Streams(seed).get('faults'), ALL_KINDS, TOPO, 100, 4100);
    assert.is(s.length, FAULT_KINDS.length * 3);
    for (const k of FAULT_KINDS) assert.is(s.filter((e) => e.kind === k).length, 3, k);
    for (let i = 1; i < s.length; i++) assert.ok(s[i - 1]!.atMs <= s[i]!.atMs, 'sorted by time');
    for (const e of s) {
      assert.ok(e.atMs >= 100 && e.atMs < 4100, `${e.kind} at ${e.atMs}`);
      assert.ok(e.durationMs >= 0);
      switch (e.kind) {
        case 'crash':
        case 'wipe':
        case 'bitrot':
          assert.ok(storage.has(e.node!), `${e.kind} on ${e.node}`);
          break;
        case 'crash-nn':
          assert.is(e.node, TOPO.nameNode);
          break;
        case 'pause':
        case 'isolate':
          // Clients are partitioned with the rest but never crashed, paused or isolated.
          assert.ok(servers.has(e.node!), `${e.kind} on ${e.node}`);
          break;
        case 'split':
        case 'one-way':
          assert.ok(e.group!.length > 0 && e.group!.length < all.size, `${e.kind} group ${e.group}`);
          for (const n of e.group!) assert.ok(all.has(n), `${e.kind} group member ${n}`);
          break;
        case 'clock-jump':
        case 'clock-strobe':
          assert.ok(servers.has(e.node!), `${e.kind} on ${e.node}`);
          assert.ok(Number.isInteger(e.deltaMs) && e.deltaMs !== 0, `${e.kind} by ${e.deltaMs}`);
          break;
        case 'swizzle-clog':
          assert.ok(e.group!.length > 0);
          for (const n of e.group!) assert.ok(all.has(n), `${e.kind} group member ${n}`);
          assert.is(new Set(e.group).size, e.group!.length, 'distinct nodes');
          break;
        case 'read-error':
        case 'lost-file':
        case 'garbage':
          assert.ok(storage.has(e.node!), `${e.kind} on ${e.node}`);
          assert.ok(e.pick !== undefined);
          break;
        case 'logrot':
          assert.is(e.node, TOPO.nameNode);
          break;
        case 'slow-disk':
        case 'full-disk':
          assert.ok(servers.has(e.node!), `${e.kind} on ${e.node}`);
          assert.ok(e.durationMs > 0);
          break;
        default:
          assert.is(e.node, undefined);
      }
    }
  }
  // Kinds left out are off.
  const some = drawFaultSchedule(new Streams(1).get('faults'), { crash: 2, bitrot: 1 }, TOPO, 0, 1000);
  assert.equal(some.map((e) => e.kind).sort(), ['bitrot', 'crash', 'crash']);
});

test('drawFaultSchedule rejects an empty window and bad counts', () => {
  assert.throws(() => drawFaultSchedule(new Streams(1).get('faults'), { crash: 1 }, TOPO, 100, 100), /endMs must exceed startMs/);
  assert.throws(() => drawFaultSchedule(new Streams(1).get('faults'), { crash: -1 }, TOPO, 0, 100), /count of crash/);
  assert.throws(() => drawFaultSchedule(new Streams(1).get('faults'), { wipe: 1.5 }, TOPO, 0, 100), /count of wipe/);
});

// ---- the atlas ------------------------------------------------------------

/** A 3-node cluster at R=3 holding one single-chunk artifact; the copies on s2 and s3 rotted, s1 holds the last intact one. */
async function lastCopyOnS1(): Promise<{ world: StoreWorld; key: string; id: string }> {
  const world = new StoreWorld({ seed: 3, storageNodes: 3, clients: 1, store: { replicationFactor: 3, chunkSizeBytes: 64 } });
  await world.settle(300);
  await world.do(world.client(0).upload('a', 'precious'));
  const keys = world.sim.disk('s1').keys(CHUNK_PREFIX);
  assert.is(keys.length, 1, 'one chunk on s1');
  const key = keys[0]!;
  const id = key.slice(CHUNK_PREFIX.length);
  for (const n of ['s2', 's3']) assert.ok(world.sim.corrupt(n, key), `rot on ${n}`);
  const view = diskView(world);
  assert.equal([view.s1![id]!.intact, view.s2![id]!.intact, view.s3![id]!.intact], [true, false, false]);
  return { world, key, id };
}

function nemesisFor(world: StoreWorld, schedule: FaultEvent[], mode: FaultMode): Nemesis {
  const topo = { storageNodes: world.storageNodes, nameNode: 'nn', clientNodes: ['c1'] };
  const n = new Nemesis(world.sim, schedule, topo, mode, atlas(world));
  n.install();
  return n;
}

test('recoverable mode: the atlas vetoes a wipe (and a bit rot) that would destroy the last intact copy', async () => {
  const { world, key } = await lastCopyOnS1();
  const now = world.sim.now();
  const nemesis = nemesisFor(
    world,
    [
      { atMs: now + 1, kind: 'wipe', node: 's1', durationMs: 200 },
      { atMs: now + 2, kind: 'bitrot', node: 's1', pick: 0, durationMs: 0 },
    ],
    'recoverable',
  );
  await world.settle(5);
  assert.is(nemesis.vetoed.wipe, 1);
  assert.is(nemesis.injected.wipe, 0);
  assert.is(nemesis.vetoed.bitrot, 1);
  assert.is(nemesis.injected.bitrot, 0);
  assert.ok(world.sim.isUp('s1'), 's1 was not crashed either');
  assert.equal(world.sim.disk('s1').keys(CHUNK_PREFIX), [key]);
  assert.ok(diskView(world).s1![key.slice(CHUNK_PREFIX.length)]!.intact, 'the last copy is still intact');
});

test('recoverable mode: a wipe of a node whose every chunk has an intact copy elsewhere goes ahead', async () => {
  const { world, key } = await lastCopyOnS1();
  const now = world.sim.now();
  // s2's copy is rotted: destroying it loses nothing.
  const nemesis = nemesisFor(world, [{ atMs: now + 1, kind: 'wipe', node: 's2', durationMs: 50 }], 'recoverable');
  await world.settle(5);
  assert.is(nemesis.injected.wipe, 1);
  assert.is(nemesis.vetoed.wipe, 0);
  assert.not.ok(world.sim.isUp('s2'));
  assert.equal(world.sim.disk('s2').keys(CHUNK_PREFIX), []);
  assert.equal(world.sim.disk('s1').keys(CHUNK_PREFIX), [key]);
  await world.settle(100);
  assert.ok(world.sim.isUp('s2'), 'restarted when the wipe ended');
});

test('unlimited mode: the same wipe of the last copy is applied', async () => {
  const { world } = await lastCopyOnS1();
  const nemesis = nemesisFor(world, [{ atMs: world.sim.now() + 1, kind: 'wipe', node: 's1', durationMs: 200 }], 'unlimited');
  await world.settle(5);
  assert.is(nemesis.injected.wipe, 1);
  assert.is(nemesis.vetoed.wipe, 0);
  assert.equal(world.sim.disk('s1').keys(CHUNK_PREFIX), []);
});

test('faults naming nodes outside the topology, and crashes of nodes already down, are vetoed, not applied', async () => {
  const world = new StoreWorld({ seed: 4, storageNodes: 3, clients: 1, store: { replicationFactor: 2 } });
  await world.settle(300);
  const now = world.sim.now();
  const nemesis = nemesisFor(
    world,
    [
      { atMs: now + 1, kind: 'crash', node: 's9', durationMs: 100 },
      { atMs: now + 1, kind: 'split', group: ['s9', 's8'], durationMs: 100 },
      { atMs: now + 2, kind: 'crash', node: 's1', durationMs: 100 },
      { atMs: now + 3, kind: 'crash', node: 's1', durationMs: 100 },
    ],
    'recoverable',
  );
  await world.settle(10);
  assert.is(nemesis.vetoed.crash, 2);
  assert.is(nemesis.injected.crash, 1);
  assert.is(nemesis.vetoed.split, 1);
  assert.not.ok(world.sim.isUp('s1'));
});

// ---- healAll --------------------------------------------------------------

test('healAll restarts every node, heals partitions and restores the network; the faults ending later change nothing', async () => {
  const world = new StoreWorld({ seed: 5, storageNodes: 4, clients: 1, store: { replicationFactor: 2 } });
  await world.settle(300);
  const base = world.sim.networkOptions();
  const t = world.sim.now();
  const long = 5000;
  const nemesis = nemesisFor(
    world,
    [
      { atMs: t + 1, kind: 'crash', node: 's1', durationMs: long },
      { atMs: t + 1, kind: 'crash-nn', node: 'nn', durationMs: long },
      { atMs: t + 1, kind: 'wipe', node: 's4', durationMs: long },
      { atMs: t + 1, kind: 'split', group: ['s2', 'c1'], durationMs: long },
      { atMs: t + 1, kind: 'one-way', group: ['s3'], durationMs: long },
      { atMs: t + 1, kind: 'loss', durationMs: long },
      { atMs: t + 1, kind: 'delay', durationMs: long },
    ],
    'unlimited',
  );
  await world.settle(10);
  assert.equal(['nn', 's1', 's2', 's3', 's4'].map((n) => world.sim.isUp(n)), [false, false, true, true, false]);
  assert.ok(world.sim.isBlocked('s2', 's3') && world.sim.isBlocked('s3', 's2'), 'split');
  assert.ok(world.sim.isBlocked('s3', 's1') && !world.sim.isBlocked('s1', 's3'), 'one-way');
  assert.is(world.sim.networkOptions().lossRate, 0.3);
  assert.ok(world.sim.networkOptions().latencyMsMean > base.latencyMsMean);
  for (const k of ['crash', 'crash-nn', 'wipe', 'split', 'one-way', 'loss', 'delay'] as const) assert.is(nemesis.injected[k], 1, k);

  nemesis.healAll();
  assert.equal(['nn', 's1', 's2', 's3', 's4'].map((n) => world.sim.isUp(n)), [true, true, true, true, true]);
  for (const [a, b] of [['s2', 's3'], ['s3', 's2'], ['s3', 's1'], ['c1', 'nn']]) assert.not.ok(world.sim.isBlocked(a!, b!), `${a}->${b}`);
  assert.equal(world.sim.networkOptions(), base);
  // The scheduled ends pass without restarting nodes twice or re-applying anything.
  await world.settle(long + 100);
  assert.equal(['nn', 's1', 's2', 's3', 's4'].map((n) => world.sim.isUp(n)), [true, true, true, true, true]);
  assert.not.ok(world.sim.isBlocked('s2', 's3'));
  assert.equal(world.sim.networkOptions(), base);
  assert.equal(world.sim.violations, []);
});

test.run();
