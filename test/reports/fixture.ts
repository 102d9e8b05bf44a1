import type { History } from '../../properties/history';
import type { RunResult } from '../../scenarios/result';
import type { StoreStatus } from '../../core/store/status';

// Hand-made run results for the renderer tests: fixed data, so every figure a
// test asserts is worked out by hand here. Not a test file itself.

export const EVIL_NAME = '<script>alert(1)</script>';

/** Two processes; latencies upload 10 and 30, get 5, 7 and (unknown) 100; one delete still open. */
export const HISTORY: History = [
  { process: 0, type: 'invoke', op: 'upload', args: [EVIL_NAME, 'x & y'], timeMs: 0 },
  { process: 1, type: 'invoke', op: 'get', args: [EVIL_NAME], timeMs: 2 },
  { process: 1, type: 'fail', op: 'get', args: [EVIL_NAME], result: 'NOT_FOUND', timeMs: 7 },
  { process: 0, type: 'ok', op: 'upload', args: [EVIL_NAME, 'x & y'], result: null, timeMs: 10 },
  { process: 1, type: 'invoke', op: 'get', args: [EVIL_NAME], timeMs: 20 },
  { process: 0, type: 'invoke', op: 'upload', args: ['b', '"quoted"'], timeMs: 20 },
  { process: 1, type: 'ok', op: 'get', args: [EVIL_NAME], result: 'x & y', timeMs: 27 },
  { process: 0, type: 'ok', op: 'upload', args: ['b', '"quoted"'], result: null, timeMs: 50 },
  { process: 1, type: 'invoke', op: 'get', args: ['b'], timeMs: 100 },
  { process: 1, type: 'unknown', op: 'get', args: ['b'], timeMs: 200 },
  { process: 0, type: 'invoke', op: 'delete', args: ['b'], timeMs: 300 },
];

const STATUS: StoreStatus = {
  timeMs: 1000,
  nodes: [
    { id: 's1', state: 'ALIVE', lastHeartbeatAgeMs: 5, chunkCount: 2, bytes: 96, restarts: 0 },
    { id: 's2', state: 'DEAD', lastHeartbeatAgeMs: 700, chunkCount: 1, bytes: 64, restarts: 1 },
    { id: 's3', state: 'ALIVE', lastHeartbeatAgeMs: 9, chunkCount: 1, bytes: 32, restarts: 0 },
  ],
  artifacts: [
    {
      name: EVIL_NAME,
      version: 2,
      size: 96,
      chunkCount: 2,
      chunks: [
        { id: 'b1_0', index: 0, size: 64, checksum: 'aa', replicas: ['s1', 's2'], state: 'UNDER_REPLICATED', corruptReplicas: [] },
        { id: 'b1_1', index: 1, size: 32, checksum: 'bb', replicas: ['s1', 's3'], state: 'OK', corruptReplicas: ['s3'] },
      ],
    },
    {
      name: 'b',
      version: 1,
      size: 10,
      chunkCount: 1,
      chunks: [{ id: 'b2_0', index: 0, size: 10, checksum: 'cc', replicas: [], state: 'MISSING', corruptReplicas: [] }],
    },
  ],
  summary: {
    artifacts: 2,
    chunks: 3,
    totalBytes: 106,
    replicationTarget: 2,
    averageReplication: 1.33,
    underReplicated: 1,
    overReplicated: 0,
    missing: 1,
    corrupt: 1,
    safeMode: false,
    verdict: 'CORRUPT',
  },
};

export function failedResult(): RunResult {
  return {
    scenario: 'swarm',
    seed: 42,
    ok: false,
    traceHash: '0123456789abcdef',
    events: 99,
    virtualTimeMs: 1000,
    violations: [{ kind: 'lost-write', message: `acknowledged upload of ${JSON.stringify(EVIL_NAME)} was lost`, timeMs: 600, name: EVIL_NAME }],
    options: { storageNodes: 3, replicationFactor: 2, note: '<b>bold</b>' },
    status: STATUS,
    output: [`uploaded ${EVIL_NAME}`],
    history: HISTORY,
    report: {
      nodes: ['s1', 's2', 's3'],
      series: [
        { timeMs: 100, liveNodes: 3, underReplicated: 0, missing: 0, bytesByNode: { s1: 32, s2: 32, s3: 0 } },
        { timeMs: 400, liveNodes: 2, underReplicated: 2, missing: 0, bytesByNode: { s1: 96, s2: 64, s3: 32 } },
        { timeMs: 800, liveNodes: 2, underReplicated: 1, missing: 1, bytesByNode: { s1: 96, s2: 64, s3: 32 } },
      ],
      actors: [
        { id: 'NameNode:1', className: 'NameNode', name: 'namenode', node: 'nn', state: 'ALIVE', restarts: 0, startedAtMs: 0, diedAtMs: null, deathCause: null },
        { id: 'StorageNode:2', className: 'StorageNode', name: 'storage:s1', node: 's1', state: 'ALIVE', restarts: 0, startedAtMs: 0, diedAtMs: null, deathCause: null },
        { id: 'StorageNode:3', className: 'StorageNode', name: 'storage:s2', node: 's2', state: 'DEAD', restarts: 1, startedAtMs: 300, diedAtMs: 500, deathCause: 'node s2 crashed' },
        { id: 'StorageNode:4', className: 'StorageNode', name: 'storage:s3', node: 's3', state: 'ALIVE', restarts: 0, startedAtMs: 0, diedAtMs: null, deathCause: null },
      ],
      faults: [
        { atMs: 250, kind: 'crash', node: 's2', durationMs: 50 },
        { atMs: 400, kind: 'split', group: ['s1', 'c1'], durationMs: 300 },
        { atMs: 500, kind: 'crash', node: 's2', durationMs: 1000 },
        { atMs: 650, kind: 'bitrot', node: 's3', durationMs: 0 },
      ],
      messages: 50,
      traceAround: [
        { i: 10, timeMs: 590, kind: 'deliver', node: 'nn', from: 'c1', label: 'NameNode.upload', message: 'call' },
        { i: 11, timeMs: 592, kind: 'drop', node: 's2', from: 'nn', label: 'StorageNode.writeChunk', message: 'call', detail: 'node-down' },
        { i: 12, timeMs: 595, kind: 'dup', node: 'nn', from: 'c1', label: 'NameNode.upload', message: 'call' },
        { i: 13, timeMs: 596, kind: 'timer', node: 's1', label: 'StorageNode timer' },
        { i: 14, timeMs: 598, kind: 'crash', node: 's3', label: 'crash' },
        { i: 15, timeMs: 599, kind: 'partition', node: '@sim', label: 's1,c1|nn,s2,s3' },
        { i: 16, timeMs: 605, kind: 'deliver', node: 'c1', from: 'nn', label: `NameNode.upload ${EVIL_NAME}`, message: 'reply' },
      ],
      repro: `npx actorsim run swarm --seed 42 --bug early-ack`,
    },
  };
}

/** A passing result with nothing but the basics, as pi produces. */
export function bareResult(): RunResult {
  return {
    scenario: 'pi',
    seed: 1,
    ok: true,
    traceHash: 'ffff0000ffff0000',
    events: 10,
    virtualTimeMs: 12,
    violations: [],
    options: { tasks: 4 },
    figures: { estimate: 3.14 },
    output: ['pi is about 3.14'],
  };
}
