import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { InvalidArgumentError, show } from '../core/errors';
import { installAssertionSink, markReported, wasReported } from '../core/assert';
import { ActorSystem } from '../core/actors/system';
import { startStore } from '../core/store/cluster';
import { StoreClient } from '../core/store/client';
import { StoreError } from '../core/store/errors';
import { NAME_NODE } from '../core/store/protocol';
import type { StoreStatus } from '../core/store/status';
import { layoutOf, type ClusterFile, type ClusterLayout } from './cluster-file';
import { RealHost } from './host';
import type { Address } from './transport';

// One process of a real cluster, put together: a RealHost, an ActorSystem on
// it, and the unchanged store started from the cluster's layout. Every
// process (each node and each client) runs the same `startStore`, so the
// actor records and ids agree everywhere; each constructs only the actors of
// the node it runs, and the others are stand-ins it sends calls to.

export interface NodeRuntime {
  host: RealHost;
  system: ActorSystem;
  /** Where the node listens. */
  address: Address;
  close(): Promise<void>;
}

export interface StoreConnection {
  client: StoreClient;
  host: RealHost;
  system: ActorSystem;
  close(): Promise<void>;
}

/** Minimum length of a shared secret, in bytes. */
export const MIN_SECRET_BYTES = 16;

/** Reads a shared secret (surrounding whitespace ignored); InvalidArgumentError if missing or too short. */
export function readSecretFile(path: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InvalidArgumentError(`cannot read the secret file ${show(path)}: ${(err as Error).message}`);
  }
  const secret = Buffer.from(bytes.toString('latin1').trim(), 'latin1');
  if (secret.length < MIN_SECRET_BYTES) throw new InvalidArgumentError(`the secret file ${show(path)} holds ${secret.length} bytes; a secret needs at least ${MIN_SECRET_BYTES}`);
  return secret;
}

/** A warning if the secret file can be read by the group or others (a secret they hold is no secret), else null. */
export function secretFileWarning(path: string): string | null {
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    return null; // readSecretFile says why
  }
  if ((mode & 0o077) === 0) return null;
  return `the secret file ${path} has mode 0${mode.toString(8)}: group or others can read it and then act as any node; chmod 600 ${path}`;
}

/** Names the actor layout (ids, classes, names, nodes): processes whose layouts differ refuse each other. */
export function layoutDigest(system: ActorSystem): string {
  const rows = system.actorsTable().map((a) => `${a.id}|${a.className}|${a.name ?? ''}|${a.node}`);
  return createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16);
}

function addressesOf(layout: ClusterLayout): Map<string, Address> {
  return new Map(Object.entries(layout.nodes).map(([id, n]) => [id, { host: n.host, port: n.port }]));
}

function spawnStore(system: ActorSystem, layout: ClusterLayout): void {
  startStore(system, { nameNodeNode: layout.nameNode, storageNodes: [...layout.storageNodes], store: layout.store });
}

/** Runs `node` of the cluster in this process: constructs its actor and listens. */
export async function runNode(cluster: ClusterFile, node: string, o: { log(line: string): void; dataDir?: string; secret: Buffer | null; port?: number }): Promise<NodeRuntime> {
  const spec = cluster.nodes[node];
  if (!spec) throw new InvalidArgumentError(`runNode: no node ${show(node)} in the cluster (nodes: ${Object.keys(cluster.nodes).join(', ')})`);
  const layout = layoutOf(cluster);
  const host = new RealHost({
    node,
    driverNode: `@${node}`,
    clusterNodes: [cluster.nameNode, ...cluster.storageNodes],
    dataDir: o.dataDir ?? spec.dataDir,
    clusterId: cluster.clusterId,
    addresses: addressesOf(layout),
    listen: { host: cluster.listenHost, port: o.port ?? spec.port },
    secret: o.secret,
    maxFrameBytes: cluster.maxFrameBytes,
    layout,
    log: o.log,
  });
  const system = new ActorSystem(host);
  spawnStore(system, layout);
  for (const a of system.actorsTable()) {
    if (host.runsHere(a.node) && a.state === 'DEAD') throw new Error(`${a.name ?? a.id} could not start on ${node}: ${a.deathCause}`);
  }
  // A failed assertion is logged the moment it fails, whatever catch the actor code then puts around it.
  // (Logged at once: the runtime, if the failure propagates, then reports it no more.)
  const removeSink = installAssertionSink((err) => {
    if (wasReported(err)) return;
    markReported(err);
    host.reportViolation('assertion', err.message);
  });
  const address = (await host.start(layoutDigest(system), system.actorsTable()))!;
  return {
    host,
    system,
    address,
    close: () => {
      removeSink();
      return host.close();
    },
  };
}

/** A client of the cluster in this process: a StoreClient whose calls travel to the nodes. */
export async function connectStore(layout: ClusterLayout, o: { secret: Buffer | null; log(line: string): void; timeoutMs?: number }): Promise<StoreConnection> {
  const driverNode = `@client-${process.pid}-${randomBytes(4).toString('hex')}`;
  const host = new RealHost({
    node: null,
    driverNode,
    clusterNodes: [layout.nameNode, ...layout.storageNodes],
    dataDir: null,
    clusterId: layout.clusterId,
    addresses: addressesOf(layout),
    listen: null,
    secret: o.secret,
    maxFrameBytes: layout.maxFrameBytes,
    layout: null,
    log: o.log,
  });
  const system = new ActorSystem(host);
  spawnStore(system, layout);
  await host.start(layoutDigest(system), system.actorsTable());
  const client = new WireClient(system.clientAt(driverNode), {
    timeoutMs: o.timeoutMs ?? layout.store.clientTimeoutMs,
    readTimeoutMs: layout.store.rpcTimeoutMs,
    maxContentBytes: layout.store.maxContentBytes,
    retryUnavailable: true,
  }, layout.maxFrameBytes);
  return { client, host, system, close: () => host.close() };
}

/** Room in a frame for everything of an upload's message but the content (envelope, name, HMAC). */
const ENVELOPE_ROOM_BYTES = 4096;

/**
 * The store's client over the wire: a write whose message cannot fit in one
 * frame (content within the limit can still grow past it when escaped as
 * JSON) is refused before it is sent: a definite failure, not an `unknown`
 * after the deadline.
 */
class WireClient extends StoreClient {
  constructor(caller: ConstructorParameters<typeof StoreClient>[0], options: ConstructorParameters<typeof StoreClient>[1], private readonly maxFrameBytes: number) {
    super(caller, options);
  }
  override upload(name: string, content: string): Promise<{ version: number }> {
    return this.fits('upload', name, content) ?? super.upload(name, content);
  }
  override update(name: string, content: string): Promise<{ version: number }> {
    return this.fits('update', name, content) ?? super.update(name, content);
  }
  private fits(op: string, name: unknown, content: unknown): Promise<never> | null {
    if (typeof name !== 'string' || typeof content !== 'string') return null; // the store's own checks say what is wrong
    const bytes = Buffer.byteLength(JSON.stringify(content), 'utf8') + Buffer.byteLength(JSON.stringify(name), 'utf8') + ENVELOPE_ROOM_BYTES;
    if (bytes <= this.maxFrameBytes) return null;
    return Promise.reject(new StoreError('CONTENT_TOO_LARGE', `${op} ${JSON.stringify(name.slice(0, 100))}: the request would be ${bytes} bytes on the wire (content escaped as JSON), over the frame limit of ${this.maxFrameBytes} bytes; it was not sent`, 'fail'));
  }
}

/** The store's status, or null if the name node does not answer within `timeoutMs`. */
export async function tryStatus(conn: StoreConnection, timeoutMs: number): Promise<StoreStatus | null> {
  const ctx = conn.system.clientAt(conn.host.driverNode);
  try {
    const nn = ctx.getActor<{ status(): StoreStatus }>(NAME_NODE);
    return await ctx.get(nn.call.status(), { timeoutMs });
  } catch {
    return null;
  }
}
