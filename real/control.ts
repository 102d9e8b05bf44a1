import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import * as net from 'node:net';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, show } from '../core/errors';
import type { StoreStatus } from '../core/store/status';
import {
  CLUSTER_FILE,
  CLUSTER_FORMAT,
  DEFAULT_MAX_FRAME_BYTES,
  isLoopback,
  layoutOf,
  NAME_NODE_ID,
  readClusterFile,
  realStoreOptions,
  storageNodeIds,
  writeClusterFile,
  type ClusterFile,
  type NodeSpec,
} from './cluster-file';
import {
  isRunning,
  launch,
  nowMs,
  pidPath,
  pollUntil,
  readPidRecord,
  readReadyRecord,
  readyPath,
  removeFile,
  signal,
  sleep,
  stopProcess,
  SUPERVISOR,
  type PidRecord,
} from './processes';
import { connectStore, readSecretFile, tryStatus, type StoreConnection } from './runtime';
import { PRIVATE_DIR, writeDurably } from './file-disk';

// Starting, inspecting and stopping a real cluster in a folder: what the
// `actorsim cluster` verbs and the real-cluster tests call. Every wait is
// bounded; every process is addressed by the pid its launcher recorded.

export const DEFAULTS = {
  storageNodes: 4,
  replicas: 3,
  heartbeatMs: 500,
  deadTimeoutMs: 5000,
  chunkSizeBytes: 64 * 1024,
  listenHost: '127.0.0.1',
  waitMs: 30_000,
} as const;

export interface ClusterSpec {
  dir: string;
  storageNodes?: number;
  replicas?: number;
  heartbeatMs?: number;
  deadTimeoutMs?: number;
  chunkSizeBytes?: number;
  /** Name node on this port, storage node k on port + k; default: free ports. */
  basePort?: number;
  listenHost?: string;
  secretFile?: string;
  restart?: boolean;
  maxFrameBytes?: number;
}

export interface ProcessRow {
  name: string;
  role: 'name node' | 'storage node' | 'supervisor';
  pid: number | null;
  running: boolean;
  /** Listening (nodes only). */
  ready: boolean;
  address: string | null;
}

export function clusterFilePath(dir: string): string {
  return join(resolve(dir), CLUSTER_FILE);
}

/** The cluster in `dir`; InvalidArgumentError if there is none. */
export function openClusterFile(dir: string): { cluster: ClusterFile; path: string } {
  const path = clusterFilePath(dir);
  return { cluster: readClusterFile(path), path };
}

/**
 * Writes the cluster file for a new cluster in `spec.dir`, or for starting
 * again the stopped cluster already there (same id, same data; its node count
 * and replication factor cannot change).
 */
export async function prepareCluster(spec: ClusterSpec): Promise<{ cluster: ClusterFile; path: string; reused: boolean }> {
  const dir = resolve(spec.dir);
  // Nothing is created until every check passed: a refused start leaves no folder behind.
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InvalidArgumentError(`--dir ${spec.dir}: exists and is not a folder`);
  const path = join(dir, CLUSTER_FILE);
  const existing = existsSync(path) ? readClusterFile(path) : null;
  if (existing?.runDir) {
    const running = processTable(existing).filter((r) => r.running);
    if (running.length > 0) {
      throw new InvalidArgumentError(`a cluster is already running in ${dir} (${running.map((r) => `${r.name} pid ${r.pid}`).join(', ')}): stop it first with actorsim cluster stop --dir ${spec.dir}`);
    }
  }
  if (existing && spec.storageNodes !== undefined && spec.storageNodes !== existing.storageNodes.length) {
    throw new InvalidArgumentError(`--nodes ${spec.storageNodes} does not match the cluster in ${dir} (${existing.storageNodes.length} storage nodes); use another --dir`);
  }
  if (existing && spec.replicas !== undefined && spec.replicas !== existing.store.replicationFactor) {
    throw new InvalidArgumentError(`--replicas ${spec.replicas} does not match the cluster in ${dir} (R=${existing.store.replicationFactor}); use another --dir`);
  }
  const count = spec.storageNodes ?? existing?.storageNodes.length ?? DEFAULTS.storageNodes;
  const replicas = spec.replicas ?? existing?.store.replicationFactor ?? Math.min(DEFAULTS.replicas, count);
  if (replicas > count) throw new InvalidArgumentError(`--replicas ${replicas} exceeds --nodes ${count}: each replica needs its own storage node`);
  const heartbeatMs = spec.heartbeatMs ?? existing?.store.heartbeatIntervalMs ?? DEFAULTS.heartbeatMs;
  const deadTimeoutMs = spec.deadTimeoutMs ?? existing?.store.deadTimeoutMs ?? Math.max(DEFAULTS.deadTimeoutMs, 2 * heartbeatMs);
  if (deadTimeoutMs <= heartbeatMs) throw new InvalidArgumentError(`--dead-timeout-ms ${deadTimeoutMs} must exceed --heartbeat-ms ${heartbeatMs}`);
  const chunkSizeBytes = spec.chunkSizeBytes ?? existing?.store.chunkSizeBytes ?? DEFAULTS.chunkSizeBytes;
  const listenHost = spec.listenHost ?? existing?.listenHost ?? DEFAULTS.listenHost;
  if (!isLoopback(listenHost) && spec.secretFile === undefined && !existing?.secretFile) {
    throw new InvalidArgumentError(`--host ${listenHost} is beyond loopback: --secret-file F is required (a secret shared by every host; every frame then carries an HMAC with it)`);
  }
  // Secure by default: without a secret given, the cluster makes its own (readable by the owner only).
  const givenSecret = spec.secretFile !== undefined ? resolve(spec.secretFile) : existing?.secretFile ?? null;
  if (givenSecret !== null) readSecretFile(givenSecret);
  // Made below, once every check passed (a refused start creates nothing).
  const secretFile = givenSecret ?? join(dir, SECRET_FILE);
  const advertise = listenHost === '0.0.0.0' || listenHost === '::' ? '127.0.0.1' : listenHost;
  const ids = [NAME_NODE_ID, ...storageNodeIds(count)];
  const ports = spec.basePort !== undefined ? ids.map((_, i) => spec.basePort! + i) : await freePorts(listenHost, ids.length);
  if (ports.some((p) => p > 65535)) throw new InvalidArgumentError(`--port ${spec.basePort}: the ${ids.length} nodes need ports up to ${spec.basePort! + ids.length - 1}, past 65535`);
  const nodes: Record<string, NodeSpec> = {};
  ids.forEach((id, i) => (nodes[id] = { host: advertise, port: ports[i]!, dataDir: join(dir, 'data', id) }));
  const cluster: ClusterFile = {
    format: CLUSTER_FORMAT,
    clusterId: existing?.clusterId ?? randomBytes(8).toString('hex'),
    nameNode: NAME_NODE_ID,
    storageNodes: storageNodeIds(count),
    nodes,
    listenHost,
    secretFile,
    maxFrameBytes: spec.maxFrameBytes ?? existing?.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
    store: realStoreOptions({ replicas, heartbeatMs, deadTimeoutMs, chunkSizeBytes }),
    runDir: join(dir, 'run'),
    logDir: join(dir, 'logs'),
    restart: spec.restart ?? false,
  };
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  if (givenSecret === null) readSecretFile(createSecretFile(dir));
  for (const d of [cluster.runDir!, cluster.logDir!, join(dir, 'data'), ...ids.map((id) => nodes[id]!.dataDir)]) {
    mkdirSync(d, { recursive: true, mode: PRIVATE_DIR });
    chmodSync(d, PRIVATE_DIR); // also a folder of an older cluster, made under the umask
  }
  for (const id of ids) removeFile(readyPath(cluster, id));
  writeClusterFile(dir, cluster);
  return { cluster, path, reused: existing !== null };
}

/** The name of the secret a cluster makes for itself in its folder. */
export const SECRET_FILE = 'secret';

/** Writes a fresh random secret (32 bytes, hex) to `dir/secret`, mode 0600, unless one is there; returns its path. */
function createSecretFile(dir: string): string {
  const path = join(dir, SECRET_FILE);
  if (!existsSync(path)) writeDurably(dir, SECRET_FILE, randomBytes(32).toString('hex') + '\n');
  return path;
}

/** Ports the OS hands out now (all held at once, so distinct), released for the nodes to bind. */
async function freePorts(host: string, n: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const s = net.createServer();
      servers.push(s);
      await new Promise<void>((ok, fail) => {
        s.once('error', fail);
        s.listen(0, host, () => ok());
      });
    }
    return servers.map((s) => (s.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((ok) => s.close(() => ok()))));
  }
}

/**
 * Launches the cluster's processes, detached: the supervisor (which starts the
 * nodes) with `restart`, the nodes themselves otherwise.
 */
export function launchCluster(cluster: ClusterFile, path: string): PidRecord[] {
  if (cluster.restart) {
    removeFile(pidPath(cluster, SUPERVISOR));
    return [launch(cluster, path, SUPERVISOR, { detached: true }).record];
  }
  return [cluster.nameNode, ...cluster.storageNodes].map((n) => launch(cluster, path, n, { detached: true }).record);
}

/** Every process of the cluster as its run files and the OS see it. */
export function processTable(cluster: ClusterFile): ProcessRow[] {
  const rows: ProcessRow[] = [];
  const sup = readPidRecord(cluster, SUPERVISOR);
  if (sup) rows.push({ name: SUPERVISOR, role: 'supervisor', pid: sup.pid, running: isRunning(sup), ready: false, address: null });
  for (const node of [cluster.nameNode, ...cluster.storageNodes]) {
    const rec = readPidRecord(cluster, node);
    const running = isRunning(rec);
    const ready = readReadyRecord(cluster, node);
    const spec = cluster.nodes[node]!;
    rows.push({
      name: node,
      role: node === cluster.nameNode ? 'name node' : 'storage node',
      pid: rec?.pid ?? null,
      running,
      ready: running && ready !== null && ready.pid === rec!.pid,
      address: `${spec.host}:${spec.port}`,
    });
  }
  return rows;
}

function logTail(cluster: ClusterFile, name: string, lines = 5): string {
  if (!cluster.logDir) return '';
  try {
    const text = readFileSync(join(cluster.logDir, `${name}.log`), 'utf8').trimEnd().split('\n');
    return text.slice(-lines).map((l) => `    ${l}`).join('\n');
  } catch {
    return '';
  }
}

export interface UpResult {
  up: boolean;
  status: StoreStatus | null;
  /** Why not up, one line each (with log tails). */
  problems: string[];
  elapsedMs: number;
}

export function secretOf(cluster: ClusterFile): Buffer | null {
  return cluster.secretFile ? readSecretFile(cluster.secretFile) : null;
}

/** A client connection to the cluster, for status checks and the store verbs. */
export function connectToCluster(cluster: ClusterFile, o: { log?(line: string): void; timeoutMs?: number } = {}): Promise<StoreConnection> {
  return connectStore(layoutOf(cluster), { secret: secretOf(cluster), log: o.log ?? (() => {}), ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}) });
}

/**
 * Waits (at most `timeoutMs`) until every node listens and the name node
 * reports every storage node ALIVE, out of safe mode. Gives up early when a
 * node's process has exited and nothing will restart it.
 */
export async function waitUntilUp(cluster: ClusterFile, timeoutMs: number): Promise<UpResult> {
  const started = nowMs();
  const deadline = started + timeoutMs;
  const nodes = [cluster.nameNode, ...cluster.storageNodes];
  let conn: StoreConnection | null = null;
  let status: StoreStatus | null = null;
  try {
    for (;;) {
      const rows = processTable(cluster);
      const supervised = cluster.restart && rows.some((r) => r.role === 'supervisor' && r.running);
      const dead = rows.filter((r) => r.role !== 'supervisor' && r.pid !== null && !r.running);
      if (dead.length > 0 && !supervised && !(cluster.restart && nowMs() - started < 3000)) {
        return { up: false, status, problems: dead.map((r) => `${r.name} (pid ${r.pid}) exited; the end of ${cluster.logDir}/${r.name}.log:\n${logTail(cluster, r.name)}`), elapsedMs: nowMs() - started };
      }
      const notReady = rows.filter((r) => r.role !== 'supervisor' && !r.ready).map((r) => r.name);
      if (notReady.length === 0) {
        conn ??= await connectToCluster(cluster);
        status = await tryStatus(conn, Math.max(1, Math.min(1000, deadline - nowMs())));
        if (status && !status.summary.safeMode && nodes.slice(1).every((n) => status!.nodes.find((s) => s.id === n)?.state === 'ALIVE')) {
          return { up: true, status, problems: [], elapsedMs: nowMs() - started };
        }
      }
      if (nowMs() >= deadline) {
        const problems: string[] = [];
        if (notReady.length > 0) problems.push(`not listening yet: ${notReady.join(', ')} (logs in ${cluster.logDir})`);
        else if (!status) problems.push(`the name node did not answer a status call`);
        else {
          const down = status.nodes.filter((n) => n.state !== 'ALIVE').map((n) => `${n.id} ${n.state}`);
          if (down.length) problems.push(`the name node does not see every storage node: ${down.join(', ')}`);
          if (status.summary.safeMode) problems.push('the name node is still in safe mode');
        }
        return { up: false, status, problems, elapsedMs: nowMs() - started };
      }
      await sleep(50);
    }
  } finally {
    await conn?.close();
  }
}

/** SIGKILLs one node (a crash, for demonstrations and tests); returns its pid. */
export async function killNode(cluster: ClusterFile, node: string, sig: NodeJS.Signals = 'SIGKILL'): Promise<number> {
  checkNode(cluster, node);
  const rec = readPidRecord(cluster, node);
  if (!rec || !isRunning(rec)) throw new InvalidArgumentError(`node ${node} is not running${rec ? ` (pid ${rec.pid} has exited)` : ''}`);
  signal(rec, sig);
  await pollUntil(3000, 10, () => (isRunning(rec) ? undefined : true));
  removeFile(readyPath(cluster, node));
  return rec.pid;
}

/** Starts a stopped or crashed node again (detached) and waits, at most `timeoutMs`, until it listens. */
export async function restartNode(cluster: ClusterFile, path: string, node: string, timeoutMs = 20_000): Promise<PidRecord> {
  checkNode(cluster, node);
  const rec = readPidRecord(cluster, node);
  if (isRunning(rec)) throw new InvalidArgumentError(`node ${node} is running (pid ${rec!.pid}); kill or stop it first`);
  if (cluster.restart && isRunning(readPidRecord(cluster, SUPERVISOR))) {
    throw new InvalidArgumentError(`the supervisor of this cluster restarts ${node} by itself (started with --restart)`);
  }
  removeFile(readyPath(cluster, node));
  const { record } = launch(cluster, path, node, { detached: true });
  const ok = await pollUntil(timeoutMs, 25, () => {
    if (!isRunning(record)) return false;
    return readReadyRecord(cluster, node)?.pid === record.pid ? true : undefined;
  });
  if (ok !== true) {
    throw new Error(`${node} (pid ${record.pid}) ${ok === false ? 'exited' : `did not listen within ${timeoutMs}ms`}; the end of its log:\n${logTail(cluster, node)}`);
  }
  return record;
}

export interface StopRow {
  name: string;
  pid: number;
  outcome: 'stopped' | 'killed' | 'not running';
}

/** Stops the supervisor (which stops its nodes), then any node still running; by pid, bounded. */
export async function stopCluster(cluster: ClusterFile): Promise<StopRow[]> {
  const out: StopRow[] = [];
  const sup = readPidRecord(cluster, SUPERVISOR);
  if (sup) {
    out.push({ name: SUPERVISOR, pid: sup.pid, outcome: await stopProcess(sup, 8000) });
    removeFile(pidPath(cluster, SUPERVISOR));
  }
  const nodes = [cluster.nameNode, ...cluster.storageNodes];
  const outcomes = await Promise.all(
    nodes.map(async (node) => {
      const rec = readPidRecord(cluster, node);
      if (!rec) return null;
      const outcome = await stopProcess(rec);
      removeFile(readyPath(cluster, node));
      return { name: node, pid: rec.pid, outcome };
    }),
  );
  for (const o of outcomes) if (o) out.push(o);
  return out;
}

/** Last resort for tests: SIGKILL every recorded process of the cluster, without waiting for anything but its end. */
export async function killEverything(cluster: ClusterFile): Promise<void> {
  const recs = [SUPERVISOR, cluster.nameNode, ...cluster.storageNodes].map((n) => readPidRecord(cluster, n)).filter((r): r is PidRecord => r !== null);
  for (const r of recs) signal(r, 'SIGKILL');
  await pollUntil(3000, 20, () => (recs.some((r) => isRunning(r)) ? undefined : true));
}

function checkNode(cluster: ClusterFile, node: string): void {
  if (!cluster.nodes[node]) throw new InvalidArgumentError(`no node ${show(node)} in this cluster (nodes: ${[cluster.nameNode, ...cluster.storageNodes].join(', ')})`);
}
