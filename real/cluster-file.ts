import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { InvalidArgumentError, show } from '../core/errors';
import { checkStoreOptions, DEFAULT_STORE_OPTIONS, type StoreOptions } from '../core/store/options';
import { DEFAULT_MAX_FRAME_BYTES } from './frames';
import { writeDurably } from './file-disk';

// The cluster file (`cluster.json` in the cluster's folder): the fixed layout
// every process of a real cluster starts from. The name node actor lives on
// node `nameNode`, storage actor `storage:<node>` on each storage node; every
// process performs the same spawns from it (startStore), so actor ids agree
// and `getActor` finds actors in other processes. Addresses are where peers
// dial a node; `listenHost` is what nodes bind. Runtime state (pids) lives in
// `runDir`, logs in `logDir`; both are null in deployments that do not use
// the `actorsim cluster` verbs (containers).

export const CLUSTER_FILE = 'cluster.json';
export const CLUSTER_FORMAT = 'actorsim-cluster/1';
export const NAME_NODE_ID = 'nn';

export interface NodeSpec {
  /** Where peers dial this node. */
  host: string;
  port: number;
  /** The node's data folder (its disk). */
  dataDir: string;
}

export interface ClusterFile {
  format: typeof CLUSTER_FORMAT;
  clusterId: string;
  nameNode: string;
  storageNodes: string[];
  nodes: Record<string, NodeSpec>;
  /** What every node binds: 127.0.0.1 unless told otherwise. */
  listenHost: string;
  /** Shared secret for HMACs; required when `listenHost` is not loopback. */
  secretFile: string | null;
  maxFrameBytes: number;
  store: StoreOptions;
  runDir: string | null;
  logDir: string | null;
  /** A supervisor restarts nodes that die. */
  restart: boolean;
}

/** What a client given only an address learns from a node (no paths, no secrets). */
export interface ClusterLayout {
  format: typeof CLUSTER_FORMAT;
  clusterId: string;
  nameNode: string;
  storageNodes: string[];
  nodes: Record<string, { host: string; port: number }>;
  maxFrameBytes: number;
  store: StoreOptions;
}

export function storageNodeIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `s${i + 1}`);
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Store options for a real cluster: the timings follow the heartbeat; RPCs get loopback-plus-GC room. */
export function realStoreOptions(o: { replicas: number; heartbeatMs: number; deadTimeoutMs: number; chunkSizeBytes: number }): StoreOptions {
  return checkStoreOptions('cluster', {
    replicationFactor: o.replicas,
    chunkSizeBytes: o.chunkSizeBytes,
    heartbeatIntervalMs: o.heartbeatMs,
    deadTimeoutMs: o.deadTimeoutMs,
    blockReportIntervalMs: 4 * o.heartbeatMs,
    safeModeMs: Math.max(500, 3 * o.heartbeatMs),
    rpcTimeoutMs: 1000,
    clientTimeoutMs: 10_000,
    maxContentBytes: DEFAULT_STORE_OPTIONS.maxContentBytes,
    maxCopiesPerTick: DEFAULT_STORE_OPTIONS.maxCopiesPerTick,
  });
}

export function layoutOf(c: ClusterFile): ClusterLayout {
  const nodes: Record<string, { host: string; port: number }> = {};
  for (const [id, n] of Object.entries(c.nodes)) nodes[id] = { host: n.host, port: n.port };
  return { format: c.format, clusterId: c.clusterId, nameNode: c.nameNode, storageNodes: [...c.storageNodes], nodes, maxFrameBytes: c.maxFrameBytes, store: { ...c.store } };
}

export function writeClusterFile(dir: string, c: ClusterFile): string {
  writeDurably(dir, CLUSTER_FILE, JSON.stringify(c, null, 2) + '\n');
  return join(dir, CLUSTER_FILE);
}

/** Reads and checks a cluster file; InvalidArgumentError naming the file and the field otherwise. */
export function readClusterFile(path: string): ClusterFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InvalidArgumentError(code === 'ENOENT' ? `no cluster file at ${path} (start a cluster with: actorsim cluster start --dir ${dirname(path)})` : `cannot read ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InvalidArgumentError(`${path}: not JSON: ${(err as Error).message}`);
  }
  return checkClusterFile(path, json);
}

export function checkClusterFile(where: string, json: unknown): ClusterFile {
  const bad = (field: string, value: unknown, want: string): never => {
    throw new InvalidArgumentError(`${where}: ${field} must be ${want}, got ${show(value)}`);
  };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) bad('the file', json, 'a JSON object');
  const o = json as Record<string, unknown>;
  if (o.format !== CLUSTER_FORMAT) bad('format', o.format, JSON.stringify(CLUSTER_FORMAT));
  const layout = checkLayout(where, { ...o, nodes: o.nodes });
  const nodes: Record<string, NodeSpec> = {};
  for (const id of [layout.nameNode, ...layout.storageNodes]) {
    const n = (o.nodes as Record<string, Record<string, unknown>>)[id]!;
    if (typeof n.dataDir !== 'string' || !isAbsolute(n.dataDir)) bad(`nodes.${id}.dataDir`, n.dataDir, 'an absolute path');
    nodes[id] = { host: layout.nodes[id]!.host, port: layout.nodes[id]!.port, dataDir: n.dataDir as string };
  }
  if (typeof o.listenHost !== 'string' || o.listenHost.length === 0) bad('listenHost', o.listenHost, 'a host name or address');
  if (o.secretFile !== null && (typeof o.secretFile !== 'string' || !isAbsolute(o.secretFile))) bad('secretFile', o.secretFile, 'null or an absolute path');
  if (o.secretFile === null && !isLoopback(o.listenHost as string)) bad('secretFile', o.secretFile, `a secret file when listening on ${o.listenHost} (beyond loopback)`);
  for (const f of ['runDir', 'logDir'] as const) {
    if (o[f] !== null && (typeof o[f] !== 'string' || !isAbsolute(o[f] as string))) bad(f, o[f], 'null or an absolute path');
  }
  if (typeof o.restart !== 'boolean') bad('restart', o.restart, 'true or false');
  return {
    format: CLUSTER_FORMAT,
    clusterId: layout.clusterId,
    nameNode: layout.nameNode,
    storageNodes: layout.storageNodes,
    nodes,
    listenHost: o.listenHost as string,
    secretFile: o.secretFile as string | null,
    maxFrameBytes: layout.maxFrameBytes,
    store: layout.store,
    runDir: o.runDir as string | null,
    logDir: o.logDir as string | null,
    restart: o.restart as boolean,
  };
}

export function checkLayout(where: string, json: unknown): ClusterLayout {
  const bad = (field: string, value: unknown, want: string): never => {
    throw new InvalidArgumentError(`${where}: ${field} must be ${want}, got ${show(value)}`);
  };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) bad('the layout', json, 'a JSON object');
  const o = json as Record<string, unknown>;
  if (typeof o.clusterId !== 'string' || !/^[0-9a-f]{8,64}$/.test(o.clusterId)) bad('clusterId', o.clusterId, 'hex digits');
  if (typeof o.nameNode !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(o.nameNode)) bad('nameNode', o.nameNode, 'a node id');
  if (!Array.isArray(o.storageNodes) || o.storageNodes.length === 0) bad('storageNodes', o.storageNodes, 'a non-empty array of node ids');
  const storage = o.storageNodes as unknown[];
  for (const s of storage) if (typeof s !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(s)) bad('storageNodes[]', s, 'a node id');
  const ids = [o.nameNode as string, ...(storage as string[])];
  if (new Set(ids).size !== ids.length) bad('storageNodes', storage, 'distinct ids, none equal to the name node');
  if (o.nodes === null || typeof o.nodes !== 'object' || Array.isArray(o.nodes)) bad('nodes', o.nodes, 'an object keyed by node id');
  const nodes: Record<string, { host: string; port: number }> = {};
  for (const id of ids) {
    const n = (o.nodes as Record<string, unknown>)[id];
    if (n === null || typeof n !== 'object') bad(`nodes.${id}`, n, 'an object with host and port');
    const spec = n as Record<string, unknown>;
    if (typeof spec.host !== 'string' || spec.host.length === 0) bad(`nodes.${id}.host`, spec.host, 'a host name or address');
    if (!Number.isInteger(spec.port) || (spec.port as number) < 1 || (spec.port as number) > 65535) bad(`nodes.${id}.port`, spec.port, 'a port in 1..65535');
    nodes[id] = { host: spec.host as string, port: spec.port as number };
  }
  if (!Number.isInteger(o.maxFrameBytes) || (o.maxFrameBytes as number) < 1024 || (o.maxFrameBytes as number) > 0xffffffff) bad('maxFrameBytes', o.maxFrameBytes, 'an integer in 1024..4294967295');
  let store: StoreOptions;
  try {
    store = checkStoreOptions(`${where}: store`, (o.store ?? {}) as Partial<StoreOptions>);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  if (store.replicationFactor > storage.length) bad('store.replicationFactor', store.replicationFactor, `at most the ${storage.length} storage nodes`);
  return { format: CLUSTER_FORMAT, clusterId: o.clusterId as string, nameNode: o.nameNode as string, storageNodes: storage as string[], nodes, maxFrameBytes: o.maxFrameBytes as number, store };
}

export { DEFAULT_MAX_FRAME_BYTES };
