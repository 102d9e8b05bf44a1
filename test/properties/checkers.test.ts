import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StoreStatus } from '../../core/store';
import { checkAgreement } from '../../properties/agreement';
import type { DiskView } from '../../properties/disk-view';
import { checkForeignReads } from '../../properties/foreign-reads';
import { checkLostWrites } from '../../properties/lost-writes';
import { PhantomTracker } from '../../properties/phantom-tracker';
import { checkReplication } from '../../properties/replication';
import { historyOf } from './history-builder';

// The chaos checkers on hand-made runs: each one must be able to fail (a bad
// run gives the violation kind and the chunk, nodes or artifact involved) and
// must pass on a good run.

interface ChunkSpec {
  id: string;
  checksum: string;
  replicas: string[];
}

/** A name node status with one version per artifact; only what the checkers read is meaningful. */
function statusOf(R: number, artifacts: Record<string, ChunkSpec[]>, timeMs = 0): StoreStatus {
  const list = Object.entries(artifacts).map(([name, chunks]) => ({
    name,
    version: 1,
    size: chunks.length * 4,
    chunkCount: chunks.length,
    chunks: chunks.map((c, index) => ({ id: c.id, index, size: 4, checksum: c.checksum, replicas: c.replicas, state: 'OK' as const, corruptReplicas: [] })),
  }));
  const chunks = list.reduce((n, a) => n + a.chunkCount, 0);
  return {
    timeMs,
    nodes: [],
    artifacts: list,
    summary: {
      artifacts: list.length,
      chunks,
      totalBytes: chunks * 4,
      replicationTarget: R,
      averageReplication: R,
      underReplicated: 0,
      overReplicated: 0,
      missing: 0,
      corrupt: 0,
      safeMode: false,
      verdict: 'HEALTHY',
    },
  };
}

const intact = (checksum: string) => ({ checksum, intact: true });

// ---- lost writes ----------------------------------------------------------

test('checkLostWrites: an acknowledged update the final read does not return is a lost write', () => {
  const h = historyOf([
    { p: 0, op: 'upload', args: ['a', 'v1'], call: 0, ret: 10 },
    { p: 0, op: 'update', args: ['a', 'v2'], call: 20, ret: 30 },
    // The final reader (process 1) gets the older content back.
    { p: 1, op: 'get', args: ['a'], call: 100, ret: 110, result: 'v1' },
  ]);
  const v = checkLostWrites(h, 1);
  assert.is(v.length, 1);
  assert.is(v[0]!.kind, 'lost-write');
  assert.is(v[0]!.name, 'a');
  assert.match(v[0]!.message, /acknowledged update of "a"/);
  assert.match(v[0]!.message, /"v1"/);
});

test('checkLostWrites: an acknowledged upload whose final read finds nothing is lost; an acknowledged delete that comes back is lost', () => {
  const h = historyOf([
    { p: 0, op: 'upload', args: ['a', 'v1'], call: 0, ret: 10 },
    { p: 0, op: 'upload', args: ['b', 'w1'], call: 20, ret: 30 },
    { p: 0, op: 'delete', args: ['b'], call: 40, ret: 50 },
    { p: 1, op: 'get', args: ['a'], call: 100, ret: 110, outcome: 'fail', result: 'NOT_FOUND' },
    { p: 1, op: 'get', args: ['b'], call: 120, ret: 130, result: 'w1' },
  ]);
  const v = checkLostWrites(h, 1);
  assert.equal(v.map((x) => [x.kind, x.name]), [['lost-write', 'a'], ['lost-write', 'b']]);
  assert.match(v[0]!.message, /NOT_FOUND/);
});

test('checkLostWrites: passes when the final reads return the last acknowledged writes', () => {
  const h = historyOf([
    { p: 0, op: 'upload', args: ['a', 'v1'], call: 0, ret: 10 },
    { p: 0, op: 'update', args: ['a', 'v2'], call: 20, ret: 30 },
    { p: 0, op: 'upload', args: ['b', 'w1'], call: 40, ret: 50 },
    { p: 0, op: 'delete', args: ['b'], call: 60, ret: 70 },
    { p: 1, op: 'get', args: ['a'], call: 100, ret: 110, result: 'v2' },
    { p: 1, op: 'get', args: ['b'], call: 120, ret: 130, outcome: 'fail', result: 'NOT_FOUND' },
  ]);
  assert.equal(checkLostWrites(h, 1), []);
});

test('checkLostWrites: a later write that may have happened (unknown) makes the name ambiguous, not lost', () => {
  const h = historyOf([
    { p: 0, op: 'upload', args: ['a', 'v1'], call: 0, ret: 10 },
    { p: 0, op: 'update', args: ['a', 'v2'], call: 20, ret: 30, outcome: 'unknown' },
    { p: 1, op: 'get', args: ['a'], call: 100, ret: 110, result: 'v1' },
  ]);
  assert.equal(checkLostWrites(h, 1), []);
});

// ---- replication ----------------------------------------------------------

test('checkReplication: a chunk at R-1 after the bound is under-replicated, naming the chunk, its holders and the artifact', () => {
  const status = statusOf(3, { art: [{ id: 'c1', checksum: 'k1', replicas: ['s1', 's2'] }] }, 5000);
  const disks: DiskView = { s1: { c1: intact('k1') }, s2: { c1: intact('k1') }, s3: {} };
  const v = checkReplication(status, disks, ['s1', 's2', 's3'], 5000);
  assert.is(v.length, 1);
  assert.is(v[0]!.kind, 'under-replicated');
  assert.is(v[0]!.chunk, 'c1');
  assert.equal(v[0]!.nodes, ['s1', 's2']);
  assert.is(v[0]!.name, 'art');
  assert.is(v[0]!.timeMs, 5000);
  assert.match(v[0]!.message, /target R=3/);
});

test('checkReplication: a replica on a dead node or a corrupt copy does not count', () => {
  const status = statusOf(2, { art: [{ id: 'c1', checksum: 'k1', replicas: ['s1', 's2'] }] });
  const disks: DiskView = { s1: { c1: intact('k1') }, s2: { c1: { checksum: 'k1', intact: false } }, s3: { c1: intact('k1') } };
  // s3 holds it intact but is not live: only s1 counts.
  const v = checkReplication(status, disks, ['s1', 's2'], 0);
  assert.equal(v.map((x) => [x.kind, x.chunk, x.nodes]), [['under-replicated', 'c1', ['s1']]]);
});

test('checkReplication: passes with exactly R intact replicas on distinct live nodes, all listed', () => {
  const status = statusOf(3, { art: [{ id: 'c1', checksum: 'k1', replicas: ['s1', 's2', 's3'] }, { id: 'c2', checksum: 'k2', replicas: ['s2', 's3', 's4'] }] });
  const disks: DiskView = {
    s1: { c1: intact('k1') },
    s2: { c1: intact('k1'), c2: intact('k2') },
    s3: { c1: intact('k1'), c2: intact('k2') },
    s4: { c2: intact('k2') },
  };
  assert.equal(checkReplication(status, disks, ['s1', 's2', 's3', 's4'], 0), []);
});

// ---- agreement ------------------------------------------------------------

test('checkAgreement: a chunk on a disk that belongs to no live artifact is an orphan', () => {
  const status = statusOf(2, { art: [{ id: 'c1', checksum: 'k1', replicas: ['s1', 's2'] }] });
  const disks: DiskView = { s1: { c1: intact('k1') }, s2: { c1: intact('k1'), old9: intact('k9') } };
  const v = checkAgreement(status, disks, 7);
  assert.is(v.length, 1);
  assert.is(v[0]!.kind, 'orphan-chunk');
  assert.is(v[0]!.chunk, 'old9');
  assert.equal(v[0]!.nodes, ['s2']);
  assert.is(v[0]!.timeMs, 7);
});

test('checkAgreement: a replica the name node lists but the disk lacks (or holds corrupt) is a phantom', () => {
  const status = statusOf(3, { art: [{ id: 'c1', checksum: 'k1', replicas: ['s1', 's2', 's3'] }] });
  const disks: DiskView = { s1: { c1: intact('k1') }, s2: { c1: { checksum: 'k1', intact: false } }, s3: {} };
  const v = checkAgreement(status, disks, 0);
  assert.equal(
    v.map((x) => [x.kind, x.chunk, x.nodes, x.name]),
    [
      ['phantom-replica', 'c1', ['s2'], 'art'],
      ['phantom-replica', 'c1', ['s3'], 'art'],
    ],
  );
  assert.match(v[0]!.message, /corrupt copy/);
  assert.match(v[1]!.message, /does not hold it/);
});

test('checkAgreement: an intact replica the name node does not list is reported as unlisted', () => {
  const status = statusOf(2, { art: [{ id: 'c1', checksum: 'k1', replicas: ['s1', 's2'] }] });
  const disks: DiskView = { s1: { c1: intact('k1') }, s2: { c1: intact('k1') }, s3: { c1: intact('k1') } };
  assert.equal(checkAgreement(status, disks, 0).map((x) => [x.kind, x.chunk, x.nodes]), [['unlisted-replica', 'c1', ['s3']]]);
});

test('checkAgreement: passes when the map equals the disks', () => {
  const status = statusOf(2, { a: [{ id: 'c1', checksum: 'k1', replicas: ['s1', 's2'] }], b: [{ id: 'c2', checksum: 'k2', replicas: ['s2', 's3'] }] });
  const disks: DiskView = { s1: { c1: intact('k1') }, s2: { c1: intact('k1'), c2: intact('k2') }, s3: { c2: intact('k2') } };
  assert.equal(checkAgreement(status, disks, 0), []);
});

// ---- foreign reads --------------------------------------------------------

test('checkForeignReads: a get that returns bytes never written to that name is a foreign read', () => {
  const h = historyOf([
    { p: 0, op: 'upload', args: ['a', 'hello'], call: 0, ret: 10 },
    { p: 0, op: 'upload', args: ['b', 'other'], call: 0, ret: 10 },
    { p: 1, op: 'get', args: ['a'], call: 20, ret: 30, result: 'hellp' },
    // Bytes written, but to another name: still foreign.
    { p: 1, op: 'get', args: ['a'], call: 40, ret: 50, result: 'other' },
  ]);
  const v = checkForeignReads(h);
  assert.equal(v.map((x) => [x.kind, x.name, x.timeMs]), [['foreign-read', 'a', 30], ['foreign-read', 'a', 50]]);
  assert.match(v[0]!.message, /"hellp"/);
  assert.match(v[0]!.message, /never written/);
});

test('checkForeignReads: passes when every get returns some written content (even a concurrent, unacknowledged one)', () => {
  const h = historyOf([
    { p: 0, op: 'upload', args: ['a', 'v1'], call: 0, ret: 10 },
    { p: 0, op: 'update', args: ['a', 'v2'], call: 20, outcome: 'unknown', ret: 300 },
    { p: 1, op: 'get', args: ['a'], call: 25, ret: 30, result: 'v2' },
    { p: 1, op: 'get', args: ['a'], call: 40, ret: 50, result: 'v1' },
    { p: 1, op: 'get', args: ['zzz'], call: 60, ret: 70, outcome: 'fail', result: 'NOT_FOUND' },
  ]);
  assert.equal(checkForeignReads(h), []);
});

// ---- phantom tracker ------------------------------------------------------

test('PhantomTracker: a phantom that persists past the bound is reported once, naming chunk and node', () => {
  const t = new PhantomTracker(1000);
  const status = statusOf(2, { art: [{ id: 'c1', checksum: 'k1', replicas: ['s1', 's2'] }] });
  const disks: DiskView = { s1: { c1: intact('k1') }, s2: {} };
  const up = new Set(['s1', 's2']);
  t.observe(100, status, disks, up);
  t.observe(600, status, disks, up);
  t.observe(1100, status, disks, up); // exactly at the bound: not yet
  assert.equal(t.violations, []);
  t.observe(1101, status, disks, up);
  t.observe(2000, status, disks, up);
  assert.is(t.violations.length, 1);
  const v = t.violations[0]!;
  assert.is(v.kind, 'phantom-replica');
  assert.is(v.chunk, 'c1');
  assert.equal(v.nodes, ['s2']);
  assert.is(v.name, 'art');
  assert.is(v.timeMs, 1101);
  assert.match(v.message, /since 100ms/);
});

test('PhantomTracker: a phantom that clears before the bound, or a down node that still holds the chunk, is not reported', () => {
  const t = new PhantomTracker(1000);
  const listed = statusOf(2, { art: [{ id: 'c1', checksum: 'k1', replicas: ['s1', 's2'] }] });
  const repaired = statusOf(2, { art: [{ id: 'c1', checksum: 'k1', replicas: ['s1', 's3'] }] });
  const up = new Set(['s1', 's2', 's3']);
  t.observe(0, listed, { s1: { c1: intact('k1') }, s2: {}, s3: {} }, up);
  t.observe(900, repaired, { s1: { c1: intact('k1') }, s2: {}, s3: { c1: intact('k1') } }, up);
  // Listed again later: the clock starts over.
  t.observe(1500, listed, { s1: { c1: intact('k1') }, s2: {}, s3: {} }, up);
  t.observe(2400, listed, { s1: { c1: intact('k1') }, s2: {}, s3: {} }, up);
  // s2 is down but its disk still holds a (rotted) copy: not a phantom while down.
  const down = new Set(['s1', 's3']);
  const t2 = new PhantomTracker(100);
  for (const ms of [0, 500, 5000]) t2.observe(ms, listed, { s1: { c1: intact('k1') }, s2: { c1: { checksum: 'k1', intact: false } } }, down);
  assert.equal(t.violations, []);
  assert.equal(t2.violations, []);
});

test.run();
