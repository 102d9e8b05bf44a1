import type { ClientContext } from '../../core/actors';
import { NameNode, StorageNode, StoreClient, StoreError, startStore, type StoreCluster, type StoreClientOptions, type StoreStatus } from '../../core/store';
import { clientNode, OperationFailed, OperationIndeterminate, type Operation, type ScenarioWorld, type ScheduledFault } from '../../harness';
import { PhantomTracker, type StoreSample } from '../../properties';
import { DiskFaults, type FaultEvent, type FaultGuard, type Simulation } from '../../sim';
import { atlas, diskView, pausedWithin } from '../swarm';
import type { StoreScenarioOptions } from './options';
import { phantomBoundMs, storeSettings } from './settings';

// The store on the harness's world: the name node on `nn`, storage nodes
// s1..sN, a StoreClient per client process (the bug variant's class), a
// status client on the driver for the checkers, and the per-run state the
// checkers and fault kinds keep (the phantom tracker, the disk faults).

export interface StoreImpl {
  NameNode: typeof NameNode;
  StorageNode: typeof StorageNode;
  StoreClient: typeof StoreClient;
}

export const NAME_NODE = 'nn';
export const storageNode = (i: number): string => `s${i + 1}`;

/** What atlas and diskView read of a store world: its simulation and storage nodes. */
export type StoreView = Parameters<typeof atlas>[0];

export interface StoreSystem {
  readonly cluster: StoreCluster;
  readonly nameNode: string;
  readonly storageNodes: readonly string[];
  /** The disks as atlas and diskView see them. */
  readonly view: StoreView;
  /** The fault atlas: never destroy the last intact copy of a chunk, never the name node's disk. */
  readonly guard: FaultGuard;
  readonly recoverable: boolean;
  readonly disks: DiskFaults;
  /** Crashes of the name node, by the fault that took it down (only its end restarts it). */
  readonly downBy: Map<string, object>;
  /** Set when every fault healed: swizzle and clock steps still scheduled then do nothing. */
  healed: boolean;
  readonly phantoms: PhantomTracker;
  phantomsReported: number;
  /** The last status the checkers saw (report series). */
  lastStatus: StoreStatus | null;
  /** What the sampled checkers (availability, locatability, status truth) judge at the end: recorded while faults rage. */
  readonly samples: StoreSample[];
  /** The run's fault schedule (drawn or explicit), for the sampled checkers' fault timeline. */
  readonly schedule: readonly ScheduledFault[];
  /** When the convergence checker first passed after healing (null: not yet). */
  convergedAtMs: number | null;
  /** The name node's status, asked from the driver (not in the history). */
  status(): Promise<StoreStatus>;
  clientFor(ctx: ClientContext, process: number): StoreClient;
  /** A number per scheduled fault, for the disk faults' bookkeeping (only a fault's own end clears what it did). */
  faultId(fault: object): number;
}

/** Runs as the harness's setup: spawns the store with the implementation the bug variant chose. */
export function setupStore(world: ScenarioWorld<StoreScenarioOptions, StoreImpl>): StoreSystem {
  const { sim, system, options, impl, topology } = world;
  const storageNodes = [...(topology.storage ?? [])];
  const cluster = startStore(system, { nameNodeNode: NAME_NODE, storageNodes, store: storeSettings(options), nameNodeClass: impl.NameNode, storageNodeClass: impl.StorageNode });
  const opts = cluster.options;
  const clientOptions: StoreClientOptions = { timeoutMs: opts.clientTimeoutMs, readTimeoutMs: opts.rpcTimeoutMs, maxContentBytes: opts.maxContentBytes };
  const statusClient = new StoreClient(system.clientAt(sim.driverNode), clientOptions);
  const view = storeView(sim, storageNodes);
  const guard = atlas(view);
  const recoverable = options.mode === 'recoverable';
  const faults = sim.streams.get('faults');
  const disks = new DiskFaults({ disk: (n) => sim.disk(n), note: (n, what) => sim.trace.record(sim.now(), 'disk', n, what, 0), draw: (n) => faults.int(n) }, guard, recoverable);
  // Time the name node spent paused does not count against the phantom bound.
  const pauses: FaultEvent[] = world.schedule.filter((f) => f.kind === 'pause' && f.node !== undefined).map((f) => ({ atMs: f.atMs, kind: 'pause', durationMs: f.durationMs, node: f.node! }));
  const clients = new WeakMap<ClientContext, StoreClient>();
  const faultIds = new Map<object, number>();
  const sys: StoreSystem = {
    cluster,
    nameNode: NAME_NODE,
    storageNodes,
    view,
    guard,
    recoverable,
    disks,
    downBy: new Map(),
    healed: false,
    phantoms: new PhantomTracker(phantomBoundMs(options), { pausedMs: pausedWithin(pauses, NAME_NODE) }),
    phantomsReported: 0,
    lastStatus: null,
    samples: [],
    schedule: world.schedule,
    convergedAtMs: null,
    status: () =>
      statusClient.status().then((s) => {
        sys.lastStatus = s;
        return s;
      }),
    clientFor: (ctx, process) => {
      let c = clients.get(ctx);
      // Request ids: the name node runs a duplicated write request once.
      if (!c) clients.set(ctx, (c = new impl.StoreClient(ctx, { ...clientOptions, requestIdPrefix: clientNode(process) })));
      return c;
    },
    faultId: (fault) => {
      let id = faultIds.get(fault);
      if (id === undefined) faultIds.set(fault, (id = faultIds.size));
      return id;
    },
  };
  return sys;
}

/** atlas and diskView read only `sim` and `storageNodes` of the world they are given. */
function storeView(sim: Simulation, storageNodes: string[]): StoreView {
  return { sim, storageNodes } as StoreView;
}

/** What each storage node's disk holds, as reads see it. */
export const disksOf = (sys: StoreSystem) => diskView(sys.view);

const nameArg = (op: Operation): string => {
  const name = op.args[0];
  if (typeof name !== 'string') throw new TypeError(`store operation ${op.op} needs an artifact name as args[0], got ${JSON.stringify(name)}`);
  return name;
};

const contentArg = (op: Operation): string => {
  const content = op.args[1];
  if (typeof content !== 'string') throw new TypeError(`store operation ${op.op} needs content as args[1], got ${JSON.stringify(content)}`);
  return content;
};

/**
 * One operation through the client's StoreClient, recorded as the store's
 * RecordingClient records it: a get's content, null for a write or delete,
 * nothing for status; a StoreError that definitely did not take effect is a
 * `fail` with its code, any other an `unknown`.
 */
export async function performStore(sys: StoreSystem, op: Operation, ctx: ClientContext): Promise<unknown> {
  const c = sys.clientFor(ctx, op.client);
  try {
    switch (op.op) {
      case 'upload':
        await c.upload(nameArg(op), contentArg(op));
        return null;
      case 'update':
        await c.update(nameArg(op), contentArg(op));
        return null;
      case 'get':
        return await c.get(nameArg(op));
      case 'delete':
        await c.delete(nameArg(op));
        return null;
      case 'status':
        await c.status();
        return undefined;
      default:
        throw new TypeError(`unknown store operation ${JSON.stringify(op.op)} (upload, update, get, delete, status)`);
    }
  } catch (err) {
    if (err instanceof StoreError) {
      if (err.outcome === 'fail') throw new OperationFailed(err.code);
      throw new OperationIndeterminate(err.code);
    }
    throw err;
  }
}
