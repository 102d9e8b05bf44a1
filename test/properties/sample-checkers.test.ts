import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChunkState, NodeState, StoreStatus } from '../../core/store/status';
import { checkAvailability } from '../../properties/availability';
import type { DiskView } from '../../properties/disk-view';
import { FaultTimeline, type FaultSpanInput } from '../../properties/fault-timeline';
import { checkLocatability } from '../../properties/locatability';
import { consistency, checkStatusTruth } from '../../properties/status-truth';
import { storeBounds, type StoreSample } from '../../properties/store-sample';
import { historyOf } from './history-builder';

// The availability, locatability and status-truth checkers on hand-built
// runs: each catches a bad run (the violation kind and what it names) and
// passes the good run next to it, which differs only in the fault that
// excuses it. The broken stores only one of them catches are hunted in
// test/scenarios/swarm.test.ts.

const NODES = ['s1', 's2', 's3'];
const STORE = { replicationFactor: 2, heartbeatIntervalMs: 100, deadTimeoutMs: 600, blockReportIntervalMs: 400, safeModeMs: 800, rpcTimeoutMs: 300 };
const BOUNDS = storeBounds(STORE);
const timeline = (schedule: FaultSpanInput[]) => new FaultTimeline(schedule, { nameNode: 'nn' });

interface ChunkSpec {
  id: string;
  replicas: string[];
  state?: ChunkState;
}

/** A status with one artifact per entry, chunk states from the replica count unless given, consistent counts and verdict. */
function statusOf(artifacts: Record<string, ChunkSpec[]>, nodeStates: Record<string, NodeState> = {}, version = 1): StoreStatus {
  const R = STORE.replicationFactor;
  let under = 0;
  let missing = 0;
  let over = 0;
  const list = Object.entries(artifacts).map(([name, chunks]) => ({
    name,
    version,
    size: chunks.length * 4,
    chunkCount: chunks.length,
    chunks: chunks.map((c, index) => {
      const n = c.replicas.length;
      const state: ChunkState = c.state ?? (n === 0 ? 'MISSING' : n < R ? 'UNDER_REPLICATED' : n > R ? 'OVER_REPLICATED' : 'OK');
      if (n === 0) missing += 1;
      else if (n < R) under += 1;
      else if (n > R) over += 1;
      return { id: c.id, index, size: 4, checksum: `k-${c.id}`, replicas: c.replicas, state, corruptReplicas: [] };
    }),
  }));
  const chunks = list.reduce((n, a) => n + a.chunkCount, 0);
  return {
    timeMs: 0,
    nodes: NODES.map((id) => ({ id, state: nodeStates[id] ?? 'ALIVE', lastHeartbeatAgeMs: 10, chunkCount: 0, bytes: 0, restarts: 0 })),
    artifacts: list,
    summary: {
      artifacts: list.length, chunks, totalBytes: chunks * 4, replicationTarget: R, averageReplication: 0,
      underReplicated: under, overReplicated: over, missing, corrupt: 0, safeMode: false,
      verdict: missing > 0 ? 'CORRUPT' : under + over > 0 ? 'DEGRADED' : 'HEALTHY',
    },
  };
}

/** Disks holding intact copies: node -> chunk ids. */
function disksOf(held: Record<string, string[]>): DiskView {
  const view: DiskView = {};
  for (const n of NODES) view[n] = Object.fromEntries((held[n] ?? []).map((id) => [id, { checksum: `k-${id}`, intact: true }]));
  return view;
}

/** Samples every 250 ms over [fromMs, toMs), each answered 5 ms after it was asked. */
function samplesOf(fromMs: number, toMs: number, at: (t: number) => { status: StoreStatus; disks: DiskView; up?: string[] }): StoreSample[] {
  const out: StoreSample[] = [];
  for (let t = fromMs; t < toMs; t += 250) {
    const s = at(t);
    out.push({ askedMs: t, atMs: t + 5, status: s.status, disks: s.disks, up: s.up ?? NODES });
  }
  return out;
}

// ------------------------------------------------------------ the timeline

test('fault timeline: a one-way cut silences only its senders; an isolation cuts both ways; a clog is never evidence', () => {
  const t = timeline([
    { atMs: 100, kind: 'one-way', durationMs: 400, group: ['s1'] },
    { atMs: 1000, kind: 'isolate', durationMs: 300, node: 's2' },
    { atMs: 2000, kind: 'swizzle-clog', durationMs: 900, group: ['s3'] },
    { atMs: 3000, kind: 'loss', durationMs: 100 },
    { atMs: 4000, kind: 'duplicate', durationMs: 100 },
  ]);
  assert.ok(t.linkDisturbed('s1', 'nn', 200, 210));
  assert.not.ok(t.linkDisturbed('nn', 's1', 200, 210));
  assert.ok(t.surelySilent('s1', 150, 450, false));
  assert.not.ok(t.surelySilent('s1', 50, 450, false), 'not silent before the cut began');
  assert.ok(t.pairDisturbed('nn', 's2', 1100, 1100));
  assert.ok(t.surelySilent('s2', 1000, 1300, false));
  assert.ok(t.linkDisturbed('s3', 'nn', 2500, 2500));
  assert.not.ok(t.surelySilent('s3', 2100, 2800, false));
  assert.not.ok(t.surelySilent('s3', 2100, 2800, true), 'a clog may release a heartbeat sent before a crash');
  assert.ok(t.networkLossy(3050, 3060));
  assert.not.ok(t.networkLossy(4050, 4060), 'duplication delivers every message');
  assert.ok(t.networkDisturbed(4050, 4060));
});

test('fault timeline: the heal ends every cut, so no node is silent past it (a pause runs its course)', () => {
  const schedule: FaultSpanInput[] = [
    { atMs: 1000, kind: 'isolate', durationMs: 5000, node: 's1' },
    { atMs: 1000, kind: 'one-way', durationMs: 5000, group: ['s2'] },
    { atMs: 1000, kind: 'pause', durationMs: 5000, node: 's3' },
  ];
  const unhealed = timeline(schedule);
  const healed = new FaultTimeline(schedule, { nameNode: 'nn', healAtMs: 3000 });
  for (const n of ['s1', 's2', 's3']) assert.ok(unhealed.surelySilent(n, 1000, 4000, false), `${n} silent without a heal`);
  assert.ok(healed.surelySilent('s1', 1000, 2900, false), 'still cut before the heal');
  assert.not.ok(healed.surelySilent('s1', 1000, 3100, false), 'heard again after the heal (a status answered then may show it ALIVE)');
  assert.not.ok(healed.surelySilent('s2', 1000, 3100, false), 'its one-way cut ended at the heal');
  assert.ok(healed.surelySilent('s3', 1000, 3100, false), 'a pause outlasts the heal');
});

test('fault timeline: a down node restarts only when a fault that could have taken it down ends, or at the heal', () => {
  const t = new FaultTimeline([{ atMs: 100, kind: 'crash', durationMs: 1000, node: 's1' }], { nameNode: 'nn', healAtMs: 5000 });
  assert.not.ok(t.restartsWithin('s1', 200, 1000));
  assert.ok(t.restartsWithin('s1', 200, 1100));
  assert.ok(t.restartsWithin('s2', 4000, 5000), 'the heal restarts every node');
  const nn = timeline([
    { atMs: 100, kind: 'crash-nn', durationMs: 400, node: 'nn' },
    { atMs: 300, kind: 'crash-nn', durationMs: 600, node: 'nn' },
    { atMs: 2000, kind: 'crash-nn', durationMs: 100, node: 'nn' },
  ]);
  assert.is(nn.restartedBy('nn', 1000), 500, 'the second fault found the name node down: vetoed, its end restarts nothing');
  assert.is(nn.restartedBy('nn', 3000), 2100);
  assert.is(nn.restartedBy('nn', 50), null);
  assert.ok(t.surelySilent('s1', 200, 900, true));
  assert.not.ok(t.surelySilent('s1', 200, 900, false), 'a crash is not evidence on its own: it may have been vetoed');
  assert.ok(t.nodeDisturbed('s1', 1100, 1200));
  assert.equal(t.maybeSilences('s1', 0, 2000), [[100, 1100]]);
});

test('fault timeline: a pause that began while the node was down was vetoed, and a crash ends a pause', () => {
  const t = timeline([
    { atMs: 100, kind: 'wipe', durationMs: 300, node: 's1' },
    { atMs: 200, kind: 'pause', durationMs: 800, node: 's1' },
    { atMs: 2000, kind: 'pause', durationMs: 800, node: 's2' },
    { atMs: 2300, kind: 'crash', durationMs: 100, node: 's2' },
  ]);
  assert.not.ok(t.surelySilent('s1', 500, 900, false));
  assert.ok(t.surelySilent('s2', 2000, 2300, false));
  assert.not.ok(t.surelySilent('s2', 2000, 2600, false));
});

// ------------------------------------------------------------ availability

const AVAIL = { bounds: BOUNDS, nameNode: 'nn', clientNode: (p: number) => `c${p + 1}`, healedAtMs: 10_000, settleMs: 2_000, convergedAtMs: 11_000 };
const upload = { p: 1, op: 'upload', args: ['a', 'x'], call: 100, ret: 150 };

/** "a" has one chunk listed on s1 and s2, both holding it; s1 is crashed from 900 ms (still listed: not yet declared dead). */
function availabilityRun(getFault: FaultSpanInput[]) {
  const samples = samplesOf(500, 2500, (t) => ({
    status: statusOf({ a: [{ id: 'a0', replicas: ['s1', 's2'] }] }),
    disks: disksOf({ s1: ['a0'], s2: ['a0'] }),
    up: t >= 900 ? ['s2', 's3'] : NODES,
  }));
  const history = historyOf([upload, { p: 0, op: 'get', args: ['a'], call: 1000, ret: 1310, outcome: 'fail', result: 'DATA_UNAVAILABLE' }]);
  const schedule = [{ atMs: 900, kind: 'crash', durationMs: 1000, node: 's1' }, ...getFault];
  return checkAvailability({ ...AVAIL, history, samples, timeline: timeline(schedule) });
}

test('availability: a get that gave up while an intact replica was reachable is a violation', () => {
  const v = availabilityRun([]);
  assert.is(v.length, 1);
  assert.is(v[0]!.kind, 'unavailable');
  assert.is(v[0]!.name, 'a');
  assert.match(v[0]!.message, /a0 on s2/);
});

test('availability: the same failure is legal when the other replica was cut off from the client, or the name node faulted', () => {
  assert.equal(availabilityRun([{ atMs: 950, kind: 'split', durationMs: 500, group: ['c1', 'nn'] }]), []);
  assert.equal(availabilityRun([{ atMs: 1200, kind: 'pause', durationMs: 50, node: 's2' }]), []);
  assert.equal(availabilityRun([{ atMs: 800, kind: 'pause', durationMs: 100, node: 'nn' }]), []);
  assert.equal(availabilityRun([{ atMs: 1100, kind: 'loss', durationMs: 100 }]), []);
});

test('availability: a get concurrent with a delete that committed early answers content or NOT_FOUND, never DATA_UNAVAILABLE', () => {
  const samples = samplesOf(500, 3500, (t) => ({ status: statusOf(t >= 1100 ? {} : { a: [{ id: 'a0', replicas: ['s1', 's2'] }] }), disks: disksOf(t >= 1100 ? {} : { s1: ['a0'], s2: ['a0'] }) }));
  const run = (deleteDoneMs: number, code: string) =>
    checkAvailability({
      ...AVAIL,
      samples,
      timeline: timeline([]),
      history: historyOf([upload, { p: 1, op: 'delete', args: ['a'], call: 1020, ret: deleteDoneMs }, { p: 0, op: 'get', args: ['a'], call: 1000, ret: 2900, outcome: 'fail', result: code }]),
    });
  assert.equal(run(1050, 'DATA_UNAVAILABLE').map((v) => v.kind), ['unavailable']);
  assert.equal(run(1050, 'NOT_FOUND'), []);
  assert.equal(run(2400, 'DATA_UNAVAILABLE'), [], 'acknowledged too late for another round');
});

test('availability: after the heal and the settle time every operation succeeds; NOT_FOUND and ALREADY_EXISTS are answers', () => {
  const history = historyOf([
    upload,
    { p: 0, op: 'get', args: ['a'], call: 12_500, ret: 12_510, outcome: 'fail', result: 'DATA_UNAVAILABLE' },
    { p: 0, op: 'get', args: ['b'], call: 12_600, ret: 12_610, outcome: 'fail', result: 'NOT_FOUND' },
    { p: 1, op: 'upload', args: ['a', 'y'], call: 12_700, ret: 12_710, outcome: 'fail', result: 'ALREADY_EXISTS' },
    { p: 1, op: 'update', args: ['a', 'z'], call: 12_800, ret: 15_810, outcome: 'unknown' },
    // Invoked before the settle time: the cluster may still be rejoining.
    { p: 2, op: 'get', args: ['a'], call: 10_100, ret: 10_110, outcome: 'fail', result: 'DATA_UNAVAILABLE' },
  ]);
  const v = checkAvailability({ ...AVAIL, history, samples: [], timeline: timeline([]) });
  assert.equal(v.map((x) => `${x.kind} ${x.causeMs}`), ['unavailable 12500', 'unavailable 12800']);
});

// ------------------------------------------------------------ locatability

/** An acknowledged "a" whose chunk s1 and s2 have held intact all along; the map lists `listed` from 1500 ms on. */
function locatabilityRun(listed: string[], schedule: FaultSpanInput[], extraOps: Parameters<typeof historyOf>[0] = []) {
  const samples = samplesOf(250, 3000, (t) => ({
    status: statusOf({ a: [{ id: 'a0', replicas: t >= 1500 ? listed : ['s1', 's2'] }] }),
    disks: disksOf({ s1: ['a0'], s2: ['a0'] }),
  }));
  return checkLocatability({ samples, history: historyOf([upload, ...extraOps]), timeline: timeline(schedule), bounds: BOUNDS, nameNode: 'nn', storageNodes: NODES });
}

test('locatability: a chunk the map lists nowhere while healthy nodes hold it is a violation', () => {
  const v = locatabilityRun([], []);
  assert.is(v.length, 1);
  assert.is(v[0]!.kind, 'unlocatable');
  assert.is(v[0]!.chunk, 'a0');
  assert.is(v[0]!.timeMs, 1505);
  // Listed on a node that is down does not count either.
  const down = checkLocatability({
    samples: samplesOf(250, 3000, () => ({ status: statusOf({ a: [{ id: 'a0', replicas: ['s3'] }] }), disks: disksOf({ s1: ['a0'], s3: ['a0'] }), up: ['s1', 's2'] })),
    history: historyOf([upload]), timeline: timeline([]), bounds: BOUNDS, nameNode: 'nn', storageNodes: NODES,
  });
  assert.is(down.length, 1);
});

test('locatability: an unlisted chunk is legal while its holders were silent long enough to be declared dead, or faulted', () => {
  assert.equal(locatabilityRun(['s2'], []), []);
  assert.equal(locatabilityRun([], [{ atMs: 1300, kind: 'isolate', durationMs: 1500, node: 's1' }, { atMs: 1300, kind: 'pause', durationMs: 1500, node: 's2' }]), []);
  assert.equal(locatabilityRun([], [{ atMs: 1400, kind: 'crash', durationMs: 1600, node: 's1' }, { atMs: 1400, kind: 'wipe', durationMs: 1600, node: 's2' }]), []);
  // Back from the crash for longer than the learning bound: owed again.
  assert.is(locatabilityRun([], [{ atMs: 1000, kind: 'crash', durationMs: 300, node: 's1' }, { atMs: 1000, kind: 'crash', durationMs: 300, node: 's2' }]).length, 1);
  assert.equal(locatabilityRun([], [{ atMs: 1400, kind: 'crash-nn', durationMs: 1300, node: 'nn' }]), []);
  // The name node's messages to them cut: a surplus delete or a request for a report may have been lost.
  assert.equal(locatabilityRun([], [{ atMs: 1400, kind: 'one-way', durationMs: 1500, group: ['nn'] }]), []);
  // A name node back for longer than the rejoin bound must have relearnt the replicas.
  assert.is(locatabilityRun([], [{ atMs: 1400, kind: 'crash-nn', durationMs: 100, node: 'nn' }]).length, 1);
});

test('locatability: a short silence does not excuse (a correct failure detector keeps the node); a name the map lost is a violation unless deleted', () => {
  const short = locatabilityRun([], [{ atMs: 1400, kind: 'pause', durationMs: 150, node: 's1' }, { atMs: 1400, kind: 'pause', durationMs: 150, node: 's2' }]);
  assert.is(short.length, 1);
  const samples = samplesOf(250, 2000, (t) => ({ status: statusOf(t >= 1000 ? {} : { a: [{ id: 'a0', replicas: ['s1', 's2'] }] }), disks: disksOf({ s1: ['a0'], s2: ['a0'] }) }));
  const run = (ops: Parameters<typeof historyOf>[0]) => checkLocatability({ samples, history: historyOf(ops), timeline: timeline([]), bounds: BOUNDS, nameNode: 'nn', storageNodes: NODES });
  const lost = run([upload]);
  assert.is(lost.length, 1);
  assert.is(lost[0]!.name, 'a');
  assert.equal(run([upload, { p: 1, op: 'delete', args: ['a'], call: 900, ret: 5000, outcome: 'unknown' }]), []);
});

// ------------------------------------------------------------ status truth

test('status truth: the status must agree with itself (chunk states, counts, verdict)', () => {
  assert.equal(consistency(statusOf({ a: [{ id: 'a0', replicas: ['s1', 's2'] }] }), 0), []);
  const wrongState = consistency(statusOf({ a: [{ id: 'a0', replicas: ['s1'], state: 'OK' }] }), 0);
  assert.equal(wrongState.map((v) => v.kind), ['status-inconsistent']);
  const s = statusOf({ a: [{ id: 'a0', replicas: [] }] });
  s.summary.verdict = 'DEGRADED';
  assert.equal(consistency(s, 0).map((v) => v.message.includes('verdict')), [true]);
});

/** "a" on s1 and s2 in the map and on the disks; s2 crashed at 500 ms for `crashMs`. */
function truthRun(crashMs: number, nodeState: NodeState = 'DEAD') {
  const samples = samplesOf(250, 3000, (t) => {
    const down = t >= 500 && t < 500 + crashMs;
    return { status: statusOf({ a: [{ id: 'a0', replicas: ['s1', 's2'] }] }, { s2: down ? nodeState : 'ALIVE' }), disks: disksOf({ s1: ['a0'], s2: ['a0'] }), up: down ? ['s1', 's3'] : NODES };
  });
  return checkStatusTruth({ samples, timeline: timeline([{ atMs: 500, kind: 'crash', durationMs: crashMs, node: 's2' }]), bounds: BOUNDS, nameNode: 'nn', storageNodes: NODES });
}

test('status truth: a chunk shown fully replicated on a node dead past the bound, or a dead node shown ALIVE, is a violation', () => {
  const v = truthRun(2000);
  assert.is(v.length, 1);
  assert.is(v[0]!.kind, 'status-untrue');
  assert.is(v[0]!.chunk, 'a0');
  assert.equal(v[0]!.nodes, ['s2']);
  assert.ok(v[0]!.timeMs >= 500 + BOUNDS.deadMs);
  assert.ok(truthRun(2000, 'ALIVE').some((x) => x.nodes?.[0] === 's2' && /ALIVE/.test(x.message)));
});

test('status truth: within the staleness bound a crashed node may still count', () => {
  assert.equal(truthRun(BOUNDS.deadMs - 100), []);
});

test('status truth: a node seen down at two samples is no evidence when a fault ending between them may have restarted it', () => {
  // s2 wiped at 500 until 1000 (restart), a crash at 900 vetoed (it was down), crashed again at 1900: down at most samples, yet heard in between.
  const samples = samplesOf(250, 3000, (t) => {
    const down = (t >= 500 && t < 1000) || t >= 1900;
    return { status: statusOf({ a: [{ id: 'a0', replicas: ['s1', 's2'] }] }), disks: disksOf({ s1: ['a0'], s2: ['a0'] }), up: down ? ['s1', 's3'] : NODES };
  });
  const schedule = [{ atMs: 500, kind: 'wipe', durationMs: 500, node: 's2' }, { atMs: 900, kind: 'crash', durationMs: 2000, node: 's2' }, { atMs: 1900, kind: 'crash', durationMs: 2000, node: 's2' }];
  const all = checkStatusTruth({ samples, timeline: timeline(schedule), bounds: BOUNDS, nameNode: 'nn', storageNodes: NODES });
  // From 1900 on s2 is down for less than the bound before the samples end.
  assert.equal(all, []);
});

test('status truth: UNDER_REPLICATED when no listed copy counts, or when no disk holds one, is a violation', () => {
  const samples = samplesOf(250, 3000, () => ({ status: statusOf({ a: [{ id: 'a0', replicas: ['s1'] }] }), disks: disksOf({}) }));
  const v = checkStatusTruth({ samples, timeline: timeline([]), bounds: BOUNDS, nameNode: 'nn', storageNodes: NODES });
  assert.is(v.length, 1);
  assert.match(v[0]!.message, /MISSING/);
});

test.run();
