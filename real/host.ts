import type { ActorErrorDetail } from '../core/actors/report-actor-error';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { InvalidArgumentError, show } from '../core/errors';
import { LOG_LEVELS, type Envelope, type Host, type HostHandlers, type LogLevel, type RandomStream, type TimerId } from '../core/actors/host';
import { Streams } from '../sim/random';
import { TaskError } from '../core/actors/errors';
import { CodecError, decodeValue, encodeValue } from './codec';
import { FileDisk } from './file-disk';
import { FrameError } from './frames';
import { Transport, type Address } from './transport';
import { refusal, roleOf, STORE_POLICY, type Policy } from './policy';

// The real Host of core/actors: one OS process runs one cluster node (or, for
// a client, only its driver node). Time is the process's monotonic clock in
// integer milliseconds since it started; timers are the event loop's. Random
// streams are seeded per process from the OS's entropy: each node draws
// independently, and no run can be reproduced (only the simulator promises
// that). Messages to nodes this process runs are delivered on the next turn
// of the event loop; to other nodes they are encoded (codec.ts) and sent over
// TCP (transport.ts), which copies them as the simulator's copy-on-send does.
// The disk is the node's data folder (file-disk.ts).

/** The `{"t":"env","env":...}` wrapper, the frame head and an HMAC. */
const FRAME_OVERHEAD_BYTES = 64;

const ENVELOPE_KINDS: ReadonlySet<string> = new Set(['call', 'reply', 'tell', 'task', 'task-reply']);

export interface RealHostOptions {
  /** The cluster node this process runs; null for a client. */
  node: string | null;
  /** The node that driver code calls from (a client's identity on the wire). */
  driverNode: string;
  /** Every node of the cluster: the name node first, then the storage nodes. */
  clusterNodes: readonly string[];
  /** This node's data folder; null for a client. */
  dataDir: string | null;
  clusterId: string;
  addresses: ReadonlyMap<string, Address>;
  listen: Address | null;
  secret: Buffer | null;
  maxFrameBytes: number;
  /** What `--addr` clients are told (layout.ts). */
  layout: unknown;
  /** Which methods other processes may call, and who (policy.ts); the store's by default. */
  policy?: Policy;
  log(line: string): void;
  /** Actors' ctx.log lines at or above this level reach `log` (default: ACTORSIM_LOG_LEVEL, else info). */
  logLevel?: LogLevel;
}

export interface RealViolation {
  where: string;
  message: string;
  kind?: 'actor-error';
}

export class RealHost implements Host {
  readonly driverNode: string;
  readonly node: string | null;
  /** Random root of this process: logged at start, never reused. */
  readonly seed: string;
  readonly violations: RealViolation[] = [];
  private readonly streams: Streams;
  private handlers: HostHandlers | null = null;
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private nextTimer = 1;
  private nextImmediate: NodeJS.Immediate | null = null;
  private readonly localQueue: Envelope[] = [];
  private readonly fileDisk: FileDisk | null;
  private transport: Transport | null = null;
  private closed = false;
  private readonly logLevel: LogLevel;
  private readonly markCounts = new Map<string, number>();

  constructor(private readonly o: RealHostOptions) {
    if (o.node !== null && !o.clusterNodes.includes(o.node)) throw new InvalidArgumentError(`RealHost: node ${show(o.node)} is not in the cluster ${show(o.clusterNodes)}`);
    if (o.clusterNodes.includes(o.driverNode)) throw new InvalidArgumentError(`RealHost: driver node ${show(o.driverNode)} clashes with a cluster node`);
    this.driverNode = o.driverNode;
    this.node = o.node;
    this.seed = randomBytes(8).toString('hex');
    this.streams = new Streams(`${o.node ?? o.driverNode}/${this.seed}`);
    this.logLevel = o.logLevel ?? logLevelFromEnv();
    this.fileDisk = o.node !== null && o.dataDir !== null ? new FileDisk(o.dataDir, o.log) : null;
  }

  // ------------------------------------------------------------------ Host

  now(): number {
    return Math.floor(performance.now()); // determinism-ok: real host
  }

  nodes(): string[] {
    return [this.driverNode, ...this.o.clusterNodes];
  }

  /** Every node of the layout counts as up: a dead one is found out by timeouts, as over a real network. */
  isUp(node: string): boolean {
    return node === this.driverNode || this.o.clusterNodes.includes(node);
  }

  runsHere(node: string): boolean {
    return node === this.driverNode || node === this.node;
  }

  send(env: Envelope): void {
    if (this.closed) return;
    if (this.runsHere(env.toNode)) {
      this.localQueue.push(env);
      if (!this.nextImmediate) this.nextImmediate = setImmediate(() => this.deliverLocal()); // determinism-ok: real host
      return;
    }
    let json: string;
    try {
      json = JSON.stringify({ ...env, body: encodeValue(env.body, `${env.kind} ${env.label}`) });
    } catch (err) {
      // Nothing that can be sent: the message is lost and its caller times out.
      this.o.log(`dropped ${env.kind} ${env.label} to ${env.toNode}: ${(err as Error).message}`);
      return;
    }
    const bytes = Buffer.byteLength(json, 'utf8') + FRAME_OVERHEAD_BYTES;
    if (bytes > this.o.maxFrameBytes) {
      this.o.log(`dropped ${env.kind} ${env.label} to ${env.toNode}: ${bytes} bytes exceed the frame limit of ${this.o.maxFrameBytes}`);
      // The call was never sent: its caller hears so now (a definite failure), rather than timing out.
      if (env.kind === 'call') this.failLocally(env, new TaskError(env.label, 'FrameTooLargeError', `the call is ${bytes} bytes encoded, over the frame limit of ${this.o.maxFrameBytes} bytes: not sent`, 'FRAME_TOO_LARGE'));
      return;
    }
    if (env.kind === 'call') this.noteCall((env.body as { callId: number }).callId, env.toNode);
    if (this.transport) this.transport.send(env.toNode, json);
    else this.early.push([env.toNode, json]);
  }

  setTimer(node: string, delayMs: number, fn: () => void, _owner: string | null, label: string): TimerId {
    if (!this.runsHere(node)) throw new InvalidArgumentError(`setTimer ${label}: node ${show(node)} runs in another process`);
    if (!(delayMs >= 0) || !Number.isFinite(delayMs)) throw new InvalidArgumentError(`setTimer: delay must be a finite number of ms >= 0, got ${show(delayMs)}`);
    const id = this.nextTimer++;
    const t = setTimeout(() => { // determinism-ok: real host
      this.timers.delete(id);
      fn();
    }, Math.ceil(delayMs));
    this.timers.set(id, t);
    return id;
  }

  clearTimer(id: TimerId): void {
    const t = this.timers.get(id);
    if (t) {
      clearTimeout(t);
      this.timers.delete(id);
    }
  }

  disk(node: string): FileDisk {
    if (node !== this.node || !this.fileDisk) throw new InvalidArgumentError(`disk: this process has no disk for node ${show(node)} (it runs ${show(this.node ?? this.driverNode)})`);
    return this.fileDisk;
  }

  random(stream: string): RandomStream {
    return this.streams.get(stream);
  }

  attach(handlers: HostHandlers): void {
    if (this.handlers) throw new InvalidArgumentError('RealHost.attach: an actor system is already attached');
    this.handlers = handlers;
  }

  /** Real time passes by itself: waits until `done()` holds. */
  async drive(done: () => boolean): Promise<void> {
    while (!done() && !this.closed) await new Promise<void>((resolve) => setTimeout(resolve, 2)); // determinism-ok: real host
  }

  log(node: string, actorId: string, level: LogLevel, message: string): void {
    if (LOG_LEVELS.indexOf(level) > LOG_LEVELS.indexOf(this.logLevel)) return;
    this.o.log(`${level.toUpperCase()} ${actorId}@${node}: ${message}`);
  }

  /** BUGGIFY never fires for real: fault points are the simulator's. */
  buggify(_node: string, _site: string): boolean {
    return false;
  }

  /** Coverage marks are counted here too (a map increment), never logged: `marks()` reads them. */
  mark(_node: string, name: string): void {
    this.markCounts.set(name, (this.markCounts.get(name) ?? 0) + 1);
  }

  /** Coverage marks reached in this process since it started, sorted by name. */
  marks(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of [...this.markCounts.keys()].sort()) out[k] = this.markCounts.get(k)!;
    return out;
  }

  noteActorFailure(actor: string, where: string, message: string): void {
    this.o.log(`ACTOR FAILED actor=${actor} at=${where}: ${message}`);
  }

  reportViolation(where: string, message: string, detail?: ActorErrorDetail): void {
    this.violations.push({ where, message, ...(detail ? { kind: detail.kind } : {}) });
    if (detail) this.o.log(`ACTOR ERROR actor=${detail.actor} method=${detail.method} at=${this.now()}ms: ${message}\n${detail.stack}`);
    else this.o.log(`VIOLATION ${where}: ${message}`);
  }

  // ------------------------------------------------------------- lifecycle

  /**
   * Starts the network once the actors are spawned: listens (a node) and
   * sends what the actors' constructors queued. `layoutDigest` names the
   * actor layout; peers with another refuse the connection.
   */
  async start(layoutDigest: string, actors: ReadonlyArray<{ id: string; className: string }> = []): Promise<Address | null> {
    if (!this.handlers) throw new InvalidArgumentError('RealHost.start: no actor system attached');
    for (const a of actors) this.classOf.set(a.id, a.className);
    if (this.transport) throw new InvalidArgumentError('RealHost.start: already started');
    this.transport = new Transport({
      self: this.node ?? this.driverNode,
      also: this.node !== null ? [this.driverNode] : [],
      clusterId: this.o.clusterId,
      layoutDigest,
      addresses: this.o.addresses,
      listen: this.o.listen,
      secret: this.o.secret,
      maxFrameBytes: this.o.maxFrameBytes,
      layout: this.o.layout,
      onEnvelope: (from, env) => this.receive(from, env),
      log: this.o.log,
      random: this.streams.get('transport'),
    });
    for (const [node, json] of this.early) this.transport.send(node, json);
    this.early.length = 0;
    return this.transport.start();
  }

  /** Actor id -> class, from this process's actor table: what policy.ts judges a message by. */
  private readonly classOf = new Map<string, string>();
  /** Call id -> the node it was sent to: a reply from any other node is forged. */
  private readonly outstanding = new Map<number, string>();

  /** Answers a call of this process with an error, as if its target had. */
  private failLocally(env: Envelope, error: Error): void {
    const body = env.body as { callId: number; attempt: number };
    this.localQueue.push({ id: env.id, kind: 'reply', fromNode: env.toNode, toNode: env.fromNode, fromActor: env.toActor, toActor: env.fromActor, label: env.label, body: { callId: body.callId, attempt: body.attempt, ok: false, value: error } });
    if (!this.nextImmediate) this.nextImmediate = setImmediate(() => this.deliverLocal()); // determinism-ok: real host
  }

  private noteCall(callId: number, toNode: string): void {
    this.outstanding.set(callId, toNode);
    if (this.outstanding.size > 200_000) {
      // Calls whose replies never came (a node died with them): forget the oldest tenth.
      let n = 20_000;
      for (const k of this.outstanding.keys()) {
        if (n-- <= 0) break;
        this.outstanding.delete(k);
      }
    }
  }

  /** Messages sent before start (by constructors), held until the transport exists. */
  private readonly early: Array<[string, string]> = [];

  /** Stops timers and the network; the process can then exit. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    if (this.nextImmediate) clearImmediate(this.nextImmediate);
    this.nextImmediate = null;
    await this.transport?.close();
    this.fileDisk?.close();
  }

  /** Frames refused by this process's transport. */
  get refusedFrames(): number {
    return this.transport?.refused ?? 0;
  }

  // --------------------------------------------------------------- internal

  private deliverLocal(): void {
    this.nextImmediate = null;
    const batch = this.localQueue.splice(0);
    for (const env of batch) {
      if (this.closed) return;
      this.handlers!.deliver(env);
    }
  }

  /** Refuses (FrameError: the connection ends) what `fromNode` may not send: policy.ts. */
  private authorize(fromNode: string, kind: Envelope['kind'], toActor: string | null, label: string, body: unknown): boolean {
    const role = roleOf(fromNode, this.o.clusterNodes[0]!, this.o.clusterNodes.slice(1));
    if (kind === 'reply') {
      const callId = (body as { callId?: unknown } | null)?.callId;
      if (typeof callId !== 'number' || this.outstanding.get(callId) !== fromNode) {
        // Late (forgotten) or forged: dropped, the connection stays (a node's late reply is no attack).
        this.o.log(`dropped reply ${label} from ${fromNode}: it answers no call this process sent there`);
        return false;
      }
      this.outstanding.delete(callId);
      return true;
    }
    if (kind !== 'call' && kind !== 'tell') throw new FrameError(`refused ${kind} ${label} from ${fromNode}: tasks do not cross processes`);
    const args = (body as { args?: unknown } | null)?.args;
    const why = refusal(this.o.policy ?? STORE_POLICY, { role, node: fromNode }, kind, toActor === null ? undefined : this.classOf.get(toActor), label, args);
    if (why !== null) throw new FrameError(`refused ${kind} ${label} from ${fromNode} (${role}): ${why}`);
    return true;
  }

  /** An envelope from the wire: checked field by field, its body decoded with handles bound here. */
  private receive(peerNodes: readonly string[], raw: Record<string, unknown>): void {
    const bad = (field: string): never => {
      throw new FrameError(`malformed envelope: bad ${field} ${show(raw[field])}`);
    };
    if (!Number.isSafeInteger(raw.id)) bad('id');
    if (typeof raw.kind !== 'string' || !ENVELOPE_KINDS.has(raw.kind)) bad('kind');
    if (typeof raw.fromNode !== 'string' || !peerNodes.includes(raw.fromNode)) throw new FrameError(`malformed envelope: fromNode ${show(raw.fromNode)} on a connection from ${peerNodes.join(', ')}`);
    const fromNode = raw.fromNode;
    if (typeof raw.toNode !== 'string' || !this.runsHere(raw.toNode)) throw new FrameError(`misrouted envelope: toNode ${show(raw.toNode)} is not run by this process`);
    if (raw.fromActor !== null && typeof raw.fromActor !== 'string') bad('fromActor');
    if (raw.toActor !== null && typeof raw.toActor !== 'string') bad('toActor');
    if (typeof raw.label !== 'string') bad('label');
    if (!('body' in raw)) bad('body');
    let body: unknown;
    try {
      body = decodeValue(raw.body, `${String(raw.kind)} ${String(raw.label)}`, (actorId, name) => this.handlers!.handle(actorId, name));
    } catch (err) {
      if (err instanceof CodecError) throw new FrameError(`malformed envelope body: ${err.message}`);
      throw err;
    }
    if (!this.authorize(fromNode, raw.kind as Envelope['kind'], raw.toActor as string | null, raw.label as string, body)) return;
    const env: Envelope = {
      id: raw.id as number,
      kind: raw.kind as Envelope['kind'],
      fromNode,
      toNode: raw.toNode,
      fromActor: raw.fromActor as string | null,
      toActor: raw.toActor as string | null,
      label: raw.label as string,
      body,
    };
    try {
      this.handlers!.deliver(env);
    } catch (err) {
      // A body the runtime could not use (a peer speaking nonsense): dropped, the process keeps serving.
      this.o.log(`dropped ${env.kind} ${env.label} from ${fromNode}: ${(err as Error).message}`);
    }
  }
}

/** ACTORSIM_LOG_LEVEL (warn, info or debug) picks how much the node logs tell; a bad value is an error at start, not a silent default. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const v = env['ACTORSIM_LOG_LEVEL'];
  if (v === undefined || v === '') return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(v)) throw new InvalidArgumentError(`ACTORSIM_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${show(v)}`);
  return v as LogLevel;
}
