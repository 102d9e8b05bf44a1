import { ActorSystem } from '../core/actors';
import { CHUNK_PREFIX, NameNode, StorageNode, StoreClient, StoreCluster, StoreOptions, StoreStatus, startStore, type StoredChunk } from '../core/store';
import type { History } from '../properties/history';
import { NetworkOptions, Seed, Simulation, StrategyName } from '../sim';
import type { ClockOptions } from '../sim/clock';
import { RecordingClient } from './recording-client';

// A simulated store cluster with recording clients: the stage every store
// scenario, property and checker runs on.

export interface StoreWorldOptions {
  seed: Seed;
  storageNodes: number;
  clients?: number;
  store?: Partial<StoreOptions>;
  network?: Partial<NetworkOptions>;
  strategy?: StrategyName;
  keepTrace?: boolean;
  /** Keep the running trace hash after every event (replay's first differing event). */
  keepDigests?: boolean;
  /** Value digests in the trace hash (default true; off only for the benchmark's baseline). */
  traceValues?: boolean;
  /** Per-node clock bounds (default perfect clocks; swarm runs use STORE_CLOCK_BOUND). */
  clocks?: Partial<ClockOptions>;
  /** BUGGIFY on (the store's ctx.buggify sites may fire); default off. */
  buggify?: boolean;
  nameNodeClass?: typeof NameNode;
  storageNodeClass?: typeof StorageNode;
  clientClass?: typeof StoreClient;
}

export interface SeriesPoint {
  timeMs: number;
  /** Storage nodes up. */
  liveNodes: number;
  underReplicated: number;
  missing: number;
  /** Chunk content bytes on each storage node's disk (the status table's `bytes`, from the disks). */
  bytesByNode: Record<string, number>;
}

export const NAME_NODE_NODE = 'nn';
export const storageNodeId = (i: number): string => `s${i + 1}`;
export const clientNodeId = (i: number): string => `c${i + 1}`;

export class StoreWorld {
  readonly sim: Simulation;
  readonly system: ActorSystem;
  readonly cluster: StoreCluster;
  readonly storageNodes: string[];
  readonly clients: RecordingClient[] = [];
  readonly history: History = [];
  private readonly statusClient: StoreClient;

  constructor(readonly options: StoreWorldOptions) {
    this.sim = new Simulation({
      seed: options.seed,
      ...(options.network ? { network: options.network } : {}),
      ...(options.strategy ? { strategy: options.strategy } : {}),
      keepTrace: options.keepTrace ?? false,
      keepDigests: options.keepDigests ?? true,
      // The store's own checkers bound progress (convergence after healing); its
      // runs advance by fixed windows, which a stall report would cut short.
      stallMs: 0,
      ...(options.traceValues === false ? { traceValues: false } : {}),
      ...(options.clocks ? { clocks: options.clocks } : {}),
      ...(options.buggify ? { buggify: true } : {}),
    });
    this.sim.addNode(NAME_NODE_NODE);
    this.storageNodes = [];
    for (let i = 0; i < options.storageNodes; i++) {
      this.sim.addNode(storageNodeId(i));
      this.storageNodes.push(storageNodeId(i));
    }
    const clients = options.clients ?? 1;
    for (let i = 0; i < clients; i++) this.sim.addNode(clientNodeId(i));
    this.system = new ActorSystem(this.sim);
    this.cluster = startStore(this.system, {
      nameNodeNode: NAME_NODE_NODE,
      storageNodes: this.storageNodes,
      ...(options.store ? { store: options.store } : {}),
      ...(options.nameNodeClass ? { nameNodeClass: options.nameNodeClass } : {}),
      ...(options.storageNodeClass ? { storageNodeClass: options.storageNodeClass } : {}),
    });
    const opts = this.cluster.options;
    const clientOptions = { timeoutMs: opts.clientTimeoutMs, readTimeoutMs: opts.rpcTimeoutMs, maxContentBytes: opts.maxContentBytes };
    for (let i = 0; i < clients; i++) {
      const ctx = this.system.clientAt(clientNodeId(i));
      const Client = options.clientClass ?? StoreClient;
      // Request ids: the name node runs a duplicated write request once.
      this.clients.push(new RecordingClient(i, new Client(ctx, { ...clientOptions, requestIdPrefix: clientNodeId(i) }), this.history, () => this.sim.now()));
    }
    this.statusClient = new StoreClient(this.system.clientAt(this.sim.driverNode), clientOptions);
  }

  get storeOptions(): StoreOptions {
    return this.cluster.options;
  }

  client(i = 0): RecordingClient {
    const c = this.clients[i];
    if (!c) throw new Error(`StoreWorld: no client ${i}`);
    return c;
  }

  /** Lets `ms` of virtual time pass. */
  async settle(ms: number): Promise<void> {
    await this.sim.run({ untilMs: this.sim.now() + ms });
  }

  /** Drives the simulation until `p` settles (or a generous virtual bound), then returns its value. */
  async do<T>(p: Promise<T>): Promise<T> {
    let done = false;
    p.then(
      () => (done = true),
      () => (done = true),
    );
    await this.sim.runUntil(() => done, { untilMs: this.sim.now() + 4 * this.storeOptions.clientTimeoutMs });
    if (!done) throw new Error(`StoreWorld.do: operation still pending at ${this.sim.now()}ms`);
    return p;
  }

  /** The status call alone, for code already running inside the simulation (samplers). */
  statusRaw(): Promise<StoreStatus> {
    return this.statusClient.status().then((st) => {
      this.record(st);
      return st;
    });
  }

  /** Every status seen, as points over virtual time (for reports). */
  readonly series: SeriesPoint[] = [];

  private record(st: StoreStatus): void {
    const bytesByNode: Record<string, number> = {};
    // Chunk content bytes each disk holds: what status's node table counts
    // (from the name node's map), so the two agree whenever map and disks do.
    for (const n of this.storageNodes) bytesByNode[n] = chunkBytesOnDisk(this.sim.disk(n));
    this.series.push({
      timeMs: this.sim.now(),
      liveNodes: this.storageNodes.filter((n) => this.sim.isUp(n)).length,
      underReplicated: st.summary.underReplicated,
      missing: st.summary.missing,
      bytesByNode,
    });
  }

  /** The name node's status, asked from the driver (not recorded in the history). */
  async status(): Promise<StoreStatus> {
    return this.do(this.statusRaw());
  }
}

/** Sum of the sizes of the chunk records on a disk (as stored; a rotted record still counts its recorded size). */
function chunkBytesOnDisk(disk: { keys(prefix?: string): string[]; peek(key: string): unknown }): number {
  let n = 0;
  for (const key of disk.keys(CHUNK_PREFIX)) {
    const c = disk.peek(key) as Partial<StoredChunk> | undefined;
    if (c && typeof c.size === 'number') n += c.size;
  }
  return n;
}
