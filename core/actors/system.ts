import { reportActorError } from './report-actor-error';
import { AssertionFailedError, InvalidArgumentError, show } from '../errors';
import { assert } from '../assert';
import { ActorContext, constructWith } from './actor';
import { allImmutable, copyValue, isImmutable, Rebind } from './copy';
import {
  ActorDiedError,
  ActorNotFoundError,
  ActorUnavailableError,
  DeadlockError,
  DuplicateActorNameError,
  GetTimeoutError,
  NodeDiedError,
  TaskError,
} from './errors';
import { ActorHandle, HandleRuntime, Origin } from './handle';
import { LOG_LEVELS, type Envelope, type Host, type TimerId } from './host';
import { Ref } from './ref';
import { RefTransfer } from './ref-transfer';
import { RemoteFunction, TaskContext, TaskFn } from './remote';

// The actor runtime (Ray's semantics, on an abstract Host). One instance
// serves every node the host runs. All decisions that depend on timing or
// randomness are taken by the host; the runtime only keeps the books.
//
// Across processes (a host whose `runsHere` says no for some nodes): every
// process performs the same spawns, so records and ids agree; an actor on a
// node another process runs is a stand-in here (ALIVE, no instance) that calls
// are addressed to. A call from another process has no record here: it is run
// under an inbound record that carries the caller's call id back in the reply.
// Across processes calls are at most once (no re-delivery after a restart).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActorClass = new (...args: any[]) => object;

export interface SpawnOptions {
  /** Unique among live actors; `getActor(name)` finds it. */
  name?: string;
  /** The node to place it on; default: a seeded choice among live nodes. */
  node?: string;
  /** Restarts after crashes: 0 (default) none, -1 unlimited. */
  maxRestarts?: number;
  /** Re-deliveries of a call in flight when the actor died: 0 (default, at most once), -1 unlimited. */
  maxTaskRetries?: number;
  /** Calls running at once (interleaving at awaits, as Ray's async actors). Default unlimited. */
  maxConcurrency?: number;
}

export interface WaitOptions {
  /** How many refs must be ready (default 1, as Ray's num_returns). */
  count?: number;
  /** Virtual milliseconds to wait at most (default: no limit). */
  timeoutMs?: number;
}

export interface WaitResult<T = unknown> {
  ready: Ref<T>[];
  pending: Ref<T>[];
}

/** Driver-side code acting from a node (see ActorSystem.clientAt). */
export interface ClientContext {
  readonly node: string;
  now(): number;
  getActor<T extends object>(name: string): ActorHandle<T>;
  get<T>(ref: Ref<T>, options?: { timeoutMs?: number }): Promise<T>;
  wait<T>(refs: readonly Ref<T>[], options?: WaitOptions): Promise<WaitResult<T>>;
  sleep(ms: number): Promise<void>;
}

export type ActorState = 'ALIVE' | 'RESTARTING' | 'DEAD' | 'PENDING_CREATION';

/** One row of the actors table (as Ray's dashboard shows it). */
export interface ActorInfo {
  id: string;
  className: string;
  name: string | null;
  node: string;
  state: ActorState;
  restarts: number;
  startedAtMs: number | null;
  diedAtMs: number | null;
  deathCause: string | null;
}

interface ActorRecord {
  readonly id: string;
  readonly className: string;
  readonly cls: ActorClass;
  readonly args: unknown[];
  readonly name: string | null;
  readonly node: string;
  readonly maxRestarts: number;
  readonly maxTaskRetries: number;
  readonly maxConcurrency: number;
  state: ActorState;
  incarnation: number;
  restarts: number;
  instance: Record<string, unknown> | null;
  running: number;
  queue: CallRecord[];
  /** Some call to it waits for it to (re)start (CallRecord.waitingRestart): construct looks for them. */
  callsWaiting: boolean;
  timers: Map<number, TimerId>;
  /** `Class.method` per method, built once (labels go on every message). */
  readonly labels: Map<string, string>;
  startedAtMs: number | null;
  diedAtMs: number | null;
  deathCause: string | null;
}

// A call or task. Its bookkeeping costs no Set or Map work per message: the
// runtime keeps the calls sent and not yet answered in one array (each record
// knows its index, removal swaps the last one in). An actor's incoming calls
// (pending calls to it that have not finished there) and outgoing calls (the
// pending calls its current incarnation made) are found by scanning that
// array, which only crashes, kills and restarts do.
class CallRecord {
  // Declared, not defined: the constructor assigns each field once.
  declare readonly id: number;
  declare readonly ref: Ref<unknown>;
  declare readonly origin: Origin;
  declare readonly label: string;
  declare readonly method: string;
  declare readonly args: unknown[];
  declare readonly sentAtMs: number;
  /** Actor target; null for tasks. */
  declare readonly target: ActorRecord | null;
  declare readonly task: RemoteFunction<unknown[], unknown> | null;
  declare retriesLeft: number;
  declare attempt: number;
  declare started: boolean;
  declare waitingRestart: boolean;
  /** Node a task attempt runs on. */
  declare node: string;
  /** An inbound call from another process: the caller's call id, which the reply carries. Null for calls made here. */
  declare readonly remoteCallId: number | null;
  /** The calling actor (its incarnation that made the call); null for driver code, tasks and inbound calls. */
  declare readonly caller: ActorRecord | null;
  /** Index in the runtime's pending calls (sent, not yet answered); -1 when not pending. */
  declare pendingIndex: number;
  /** Index in the runtime's inbound calls (from another process, not yet finished here); -1 when not there. */
  declare inboundIndex: number;
  /** Among its target's incoming calls: sent (or waiting for a restart) and not yet finished there. */
  declare incoming: boolean;
  /** Its caller's incarnation died after sending it: it still runs (it is on the wire), its reply goes nowhere. */
  declare orphan: boolean;

  constructor(
    id: number,
    ref: Ref<unknown>,
    origin: Origin,
    label: string,
    method: string,
    args: unknown[],
    sentAtMs: number,
    target: ActorRecord | null,
    task: RemoteFunction<unknown[], unknown> | null,
    retriesLeft: number,
    attempt: number,
    started: boolean,
    waitingRestart: boolean,
    node: string,
    remoteCallId: number | null,
    caller: ActorRecord | null,
  ) {
    this.id = id;
    this.ref = ref;
    this.origin = origin;
    this.label = label;
    this.method = method;
    this.args = args;
    this.sentAtMs = sentAtMs;
    this.target = target;
    this.task = task;
    this.retriesLeft = retriesLeft;
    this.attempt = attempt;
    this.started = started;
    this.waitingRestart = waitingRestart;
    this.node = node;
    this.remoteCallId = remoteCallId;
    this.caller = caller;
    this.pendingIndex = -1;
    this.inboundIndex = -1;
    this.incoming = target !== null;
    this.orphan = false;
  }
}

/**
 * The call record a body belongs to, on bodies that stay in this process: a
 * symbol key, so encoders (Object.keys, JSON) never see it; a body decoded
 * from another process has none and is looked up by its call id.
 */
const REC: unique symbol = Symbol('call record');

interface CallBody {
  callId: number;
  attempt: number;
  args: unknown[];
  [REC]?: CallRecord;
}
interface ReplyBody {
  callId: number;
  attempt: number;
  ok: boolean;
  value: unknown;
  [REC]?: CallRecord;
}

/**
 * Constructors of plain objects: their prototype is Object.prototype, as a
 * literal's, so encoders (real/codec accepts plain objects only), spreads and
 * deep equality see no difference. They exist because V8 may pretenure an
 * object literal site (allocate all its objects in the old generation) after
 * a burst of them survived a young GC, which made the kernel's speed depend on
 * GC timing during setup; objects made by `new` are never pretenured.
 */
function plainConstructor<A extends unknown[], T extends object>(init: (this: T, ...args: A) => void): new (...args: A) => T {
  init.prototype = Object.prototype;
  return init as unknown as new (...args: A) => T;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

const EnvelopeObject = plainConstructor(function (
  this: Writable<Envelope>,
  id: number,
  kind: Envelope['kind'],
  fromNode: string,
  toNode: string,
  fromActor: string | null,
  toActor: string | null,
  label: string,
  body: unknown,
) {
  this.id = id;
  this.kind = kind;
  this.fromNode = fromNode;
  this.toNode = toNode;
  this.fromActor = fromActor;
  this.toActor = toActor;
  this.label = label;
  this.body = body;
});

const CallBodyObject = plainConstructor(function (this: CallBody, callId: number, attempt: number, args: unknown[], rec: CallRecord | undefined) {
  this.callId = callId;
  this.attempt = attempt;
  this.args = args;
  this[REC] = rec;
});

const ReplyBodyObject = plainConstructor(function (this: ReplyBody, callId: number, attempt: number, ok: boolean, value: unknown, rec: CallRecord | undefined) {
  this.callId = callId;
  this.attempt = attempt;
  this.ok = ok;
  this.value = value;
  this[REC] = rec;
});

/**
 * An origin the runtime made knows its actor's record (no lookup by id per
 * call), under a symbol key: origins are public (`handle.origin`), and JSON,
 * Object.keys and deep equality do not see it.
 */
const ORIGIN_RECORD: unique symbol = Symbol('origin record');
interface BoundOrigin extends Origin {
  readonly [ORIGIN_RECORD]: ActorRecord | null;
}

/** A handle's method, bound once (see callSite). */
interface CallSite {
  readonly origin: Origin;
  /** The caller's record; null for driver code. */
  readonly caller: ActorRecord | null;
  readonly target: ActorRecord;
  readonly method: string;
  readonly label: string;
}
interface TellBody {
  args: unknown[];
}

const DRIVER_INCARNATION = 0;

const SPAWN_OPTIONS: readonly string[] = ['name', 'node', 'maxRestarts', 'maxTaskRetries', 'maxConcurrency'];

export class ActorSystem implements HandleRuntime {
  private readonly actors = new Map<string, ActorRecord>();
  private readonly byName = new Map<string, ActorRecord>();
  private readonly byNode = new Map<string, ActorRecord[]>();
  /** Calls and tasks sent and not yet answered, in no particular order (CallRecord.pendingIndex). */
  private readonly pendingCalls: CallRecord[] = [];
  /** Calls from another process running or queued here (CallRecord.inboundIndex). */
  private readonly inboundCalls: CallRecord[] = [];
  /**
   * Pending calls by id, for replies decoded from another process (no record
   * reference on their bodies); only on a host that spans processes.
   */
  private readonly callsById: Map<number, CallRecord> | null;
  /** The host runs some nodes in another process (it has `runsHere`). */
  private readonly multiProcess: boolean;
  private readonly tasksByNode = new Map<string, Set<CallRecord>>();
  private readonly nodeEpoch = new Map<string, number>();
  private nextActorNumber = 1;
  private nextCallId = 1;
  private nextEnvelopeId = 1;
  private nextLocalTimer = 1;
  /** Ref values travelling from their owners (null across processes: there a Ref settles in process). */
  private readonly refs: RefTransfer | null;
  /** Calls delivered plus replies delivered: grows while calls make progress (stall detection). */
  private progressCount = 0;
  readonly driver: Origin;

  constructor(readonly host: Host) {
    this.multiProcess = host.runsHere !== undefined;
    this.callsById = this.multiProcess ? new Map() : null;
    this.driver = this.origin(host.driverNode, null, DRIVER_INCARNATION);
    this.refs = this.multiProcess
      ? null
      : new RefTransfer(host, (kind, fromNode, toNode, label, body) => this.host.send(this.envelope(kind, fromNode, toNode, null, null, label, body)));
    host.attach({
      deliver: (env) => this.deliver(env),
      nodeDown: (node) => this.nodeDown(node),
      nodeUp: (node) => this.nodeUp(node),
      pending: () => this.pendingSummary(),
      progress: () => this.progressCount,
      handle: (actorId, name) => new ActorHandle<object>(this, actorId, name, this.driver),
    });
  }

  // ---------------------------------------------------------------- public API

  spawn<C extends ActorClass>(cls: C, args: ConstructorParameters<C>, options: SpawnOptions = {}): ActorHandle<InstanceType<C>> {
    return this.spawnFrom(this.driver, cls, args, options);
  }

  /** The handle of the live actor with this name; ActorNotFoundError if none. */
  getActor<T extends object>(name: string): ActorHandle<T> {
    return this.lookup<T>(this.driver, name, 'getActor');
  }

  /** Ends an actor. With `noRestart: false` it restarts if it has restarts left (Ray's kill). */
  kill(handle: ActorHandle<object>, options: { noRestart?: boolean } = {}): void {
    const rec = this.actors.get(handle.actorId);
    if (!rec) throw new ActorNotFoundError(`kill: no actor with id ${show(handle.actorId)}`);
    if (rec.state === 'DEAD') throw new ActorDiedError(rec.id, `kill: actor ${rec.id} is already dead (${rec.deathCause})`);
    if (!this.runsHere(rec.node)) throw new InvalidArgumentError(`kill: actor ${rec.id} runs in another process (node ${rec.node})`);
    const noRestart = options.noRestart ?? true;
    this.die(rec, 'killed', noRestart);
    if (rec.state === 'RESTARTING' && this.host.isUp(rec.node)) {
      this.host.setTimer(rec.node, 0, () => this.construct(rec), rec.id, 'restart');
    }
  }

  /** Stores an immutable value and returns a resolved Ref to it. */
  put<T>(value: T): Ref<T> {
    return this.putAt(this.host.driverNode, value);
  }

  /** A put owned by `node` (the putter's): its value reaches other nodes as messages from there. */
  private putAt<T>(node: string, value: T): Ref<T> {
    const ref = new Ref<T>('put', node);
    ref.resolve(deepFreeze(copyValue(value, 'put')));
    return ref;
  }

  /** Resolves a Ref from driver code, letting virtual time pass as needed. */
  async get<T>(ref: Ref<T>, options: { timeoutMs?: number } = {}): Promise<T> {
    if (!(ref instanceof Ref)) throw new InvalidArgumentError(`get: expected a Ref, got ${show(ref)}`);
    const p = this.getFrom(this.driver, ref, options);
    let settled = false;
    p.then(
      () => (settled = true),
      () => (settled = true),
    );
    await this.host.drive(() => settled || ref.settled);
    if (!ref.settled && !settled) {
      const why = this.host.driveStopReason?.() ?? null;
      if (why !== null && !why.startsWith('deadlock')) throw new DeadlockError(`get: ${ref} did not settle: ${why}`);
      const { count, oldest } = this.pendingSummary();
      throw new DeadlockError(`get: ${ref} can never resolve: deadlock: ${count} calls pending, oldest ${oldest ?? 'none'}`);
    }
    return p;
  }

  /**
   * Drives virtual time until a driver-side promise settles and returns its
   * result: a StoreClient call made through `clientAt`, a `Promise.all` of
   * client calls. Client contexts never drive the loop themselves (many run
   * at once), so driver code awaits them through this.
   */
  async settle<T>(promise: PromiseLike<T>): Promise<T> {
    if (promise === null || typeof promise !== 'object' || typeof (promise as { then?: unknown }).then !== 'function') {
      throw new InvalidArgumentError(`settle: expected a promise, got ${show(promise)}`);
    }
    let settled = false;
    const p = Promise.resolve(promise);
    p.then(
      () => (settled = true),
      () => (settled = true),
    );
    await this.host.drive(() => settled);
    if (!settled) {
      const { count, oldest } = this.pendingSummary();
      throw new DeadlockError(`settle: the promise did not settle before the loop stopped (nothing left to run or the drive limit passed): ${count} calls pending, oldest ${oldest ?? 'none'}`);
    }
    return p;
  }

  /** Waits until `count` refs are ready or `timeoutMs` of virtual time passes. */
  async wait<T>(refs: readonly Ref<T>[], options: WaitOptions = {}): Promise<WaitResult<T>> {
    let done = false;
    const p = this.waitFrom(this.driver, refs, options, 'wait');
    p.then(() => (done = true));
    await this.host.drive(() => done);
    if (!done) {
      // Nothing left to run: report what is ready now.
      return splitReady(refs, options.count ?? 1);
    }
    return p;
  }

  /** Declares a remote function (a stateless task, Ray's @ray.remote def). */
  remote<A extends unknown[], R>(fn: TaskFn<A, R>, options: { name?: string; maxRetries?: number } = {}): RemoteFunction<A, R> {
    const maxRetries = options.maxRetries ?? 3;
    checkRetries('remote', 'maxRetries', maxRetries);
    return new RemoteFunction<A, R>(fn, options.name ?? (fn.name || 'task'), maxRetries, (rf, args, node) =>
      this.submitTask(this.driver, rf as unknown as RemoteFunction<unknown[], unknown>, args, node) as Ref<Awaited<R>>,
    );
  }

  /**
   * A context for driver-side code that acts from `node` (a client process):
   * calls through its handles come from that node, and its waits use virtual
   * time without driving the loop, so many clients can run at once.
   */
  clientAt(node: string): ClientContext {
    if (!this.host.nodes().includes(node)) throw new InvalidArgumentError(`clientAt: unknown node ${show(node)}`);
    const origin = this.origin(node, null, DRIVER_INCARNATION);
    return {
      node,
      now: this.host.nodeNow !== undefined ? () => this.host.nodeNow!(node) : () => this.host.now(),
      getActor: <T extends object>(name: string) => this.lookup<T>(origin, name, 'getActor'),
      get: <T>(ref: Ref<T>, options?: { timeoutMs?: number }) => this.getFrom(origin, ref, options ?? {}),
      wait: <T>(refs: readonly Ref<T>[], options?: WaitOptions) => this.waitFrom(origin, refs, options ?? {}, 'wait'),
      sleep: (ms: number) => new Promise<void>((resolve) => void this.host.setTimer(node, ms, resolve, null, 'client sleep')),
    };
  }

  /** Every actor ever spawned, in spawn order. */
  actorsTable(): ActorInfo[] {
    const out: ActorInfo[] = [];
    for (const r of this.actors.values()) {
      out.push({
        id: r.id,
        className: r.className,
        name: r.name,
        node: r.node,
        state: r.state,
        restarts: r.restarts,
        startedAtMs: r.startedAtMs,
        diedAtMs: r.diedAtMs,
        deathCause: r.deathCause,
      });
    }
    return out;
  }

  /**
   * The running instance of a named actor, or null (none, or not running): a
   * simulator's god's-eye view for checkers that read an actor's state
   * between events without a message. Never for actor code: it bypasses the
   * mailbox, and a real host has no such view.
   */
  peekInstance(name: string): object | null {
    const rec = this.byName.get(name);
    return rec !== undefined && rec.state === 'ALIVE' && rec.instance !== null ? rec.instance : null;
  }

  /** Calls and tasks sent and not yet answered. */
  pendingSummary(): { count: number; oldest: string | null } {
    let c: CallRecord | null = null;
    let count = 0;
    for (const p of this.pendingCalls) {
      if (p.orphan) continue; // nobody waits for it
      count += 1;
      if (c === null || p.id < c.id) c = p;
    }
    const oldest = c === null ? null : `${c.label} (call ${c.id}) from ${describeOrigin(c.origin)} sent at ${c.sentAtMs}ms`;
    return { count, oldest };
  }

  // ------------------------------------------------------------ handle runtime

  nodeOf(actorId: string): string {
    const rec = this.actors.get(actorId);
    return rec ? rec.node : '?';
  }

  callFrom(origin: Origin, actorId: string, method: string, args: unknown[]): Ref<unknown> {
    const target = this.actors.get(actorId);
    const label = target ? labelOf(target, method) : `${actorId}.${method}`;
    if (!target) {
      const ref = new Ref<unknown>(label);
      ref.reject(new ActorNotFoundError(`call ${label}: no actor with id ${show(actorId)}`));
      return ref;
    }
    const caller = this.originRecord(origin);
    if (caller === undefined) return new Ref<unknown>(label); // a caller that does not exist: its calls go nowhere
    return this.callAt({ origin, caller, target, method, label }, args);
  }

  /**
   * A handle's method bound once: the target's and the caller's records and
   * the label are looked up here rather than on every call. (Records are
   * never removed, so the binding stays valid.)
   */
  callSite(origin: Origin, actorId: string, method: string): (...args: unknown[]) => Ref<unknown> {
    const target = this.actors.get(actorId);
    const caller = this.originRecord(origin);
    if (!target || caller === undefined) return (...args: unknown[]) => this.callFrom(origin, actorId, method, args);
    const site: CallSite = { origin, caller, target, method, label: labelOf(target, method) };
    return (...args: unknown[]) => this.callAt(site, args);
  }

  private callAt(site: CallSite, args: unknown[], given?: Ref<unknown>): Ref<unknown> {
    const target = site.target;
    const label = site.label;
    const caller = site.caller;
    const origin = site.origin;
    const ref = given ?? new Ref<unknown>(label, origin.node);
    // A dead caller's calls go nowhere.
    if (caller !== null && (caller.state !== 'ALIVE' || caller.incarnation !== origin.incarnation)) return ref;
    // Top-level Ref arguments are resolved before the call is sent (Ray's
    // dependency resolution); if one failed, the method never runs and the
    // call fails with that error. Nested Refs pass through as Refs.
    if (given === undefined && hasTopLevelRef(args)) {
      resolveTopLevel(args, (values) => void this.callAt(site, values, ref), (err) => ref.reject(err));
      return ref;
    }
    if (target.state === 'DEAD') {
      ref.reject(new ActorDiedError(target.id, `call ${label}: actor ${target.id} is dead (${target.deathCause})`));
      return ref;
    }
    if (target.state === 'RESTARTING' && target.maxTaskRetries === 0) {
      // Ray fails fast: a call to a restarting actor without task retries is not queued.
      ref.reject(new ActorUnavailableError(target.id, `call ${label}: actor ${target.id} is restarting (${target.deathCause}) and has no task retries`));
      return ref;
    }
    const rec = new CallRecord(
      this.nextCallId++,
      ref,
      origin,
      label,
      site.method,
      // Primitives need no copy, and the array is the proxy's own rest parameter (the hot path).
      allImmutable(args) ? args : copyValue(args, `call ${label}`),
      this.host.now(),
      target,
      null,
      target.maxTaskRetries,
      0,
      false,
      false,
      target.node,
      null,
      caller,
    );
    this.addPending(rec);
    if (target.state === 'ALIVE') this.sendCall(rec);
    else {
      rec.waitingRestart = true;
      target.callsWaiting = true;
    }
    return ref;
  }

  tellFrom(origin: Origin, actorId: string, method: string, args: unknown[]): void {
    const target = this.actors.get(actorId);
    if (!target) throw new ActorNotFoundError(`tell ${method}: no actor with id ${show(actorId)}`);
    if (!this.originAlive(origin)) return;
    if (target.state === 'DEAD') return; // fire and forget: no one to tell
    const body: TellBody = { args: copyValue(args, `tell ${target.className}.${method}`) };
    this.host.send(this.envelope('tell', origin.node, target.node, origin.actorId, target.id, `${target.className}.${method}`, body));
  }

  // ------------------------------------------------------------------ internal

  private envelope(kind: Envelope['kind'], fromNode: string, toNode: string, fromActor: string | null, toActor: string | null, label: string, body: unknown): Envelope {
    return new EnvelopeObject(this.nextEnvelopeId++, kind, fromNode, toNode, fromActor, toActor, label, body);
  }

  private sendCall(rec: CallRecord): void {
    const target = rec.target!;
    rec.waitingRestart = false;
    rec.started = false;
    const body: CallBody = new CallBodyObject(rec.id, rec.attempt, rec.args, rec);
    this.host.send(this.envelope('call', rec.origin.node, target.node, rec.origin.actorId, target.id, rec.label, body));
  }

  private runsHere(node: string): boolean {
    return !this.multiProcess || this.host.runsHere!(node);
  }

  private originAlive(origin: Origin): boolean {
    if (origin.actorId === null) return true;
    const a = this.originRecord(origin);
    return !!a && a.state === 'ALIVE' && a.incarnation === origin.incarnation;
  }

  /** The record of the actor an origin calls from: null for driver code, undefined for an unknown actor. */
  private originRecord(origin: Origin): ActorRecord | null | undefined {
    const bound = (origin as Partial<BoundOrigin>)[ORIGIN_RECORD];
    if (bound !== undefined) return bound;
    return origin.actorId === null ? null : this.actors.get(origin.actorId);
  }

  /** An origin that carries its actor's record. */
  private origin(node: string, actorId: string | null, incarnation: number): Origin {
    const rec = actorId === null ? null : this.actors.get(actorId) ?? null;
    if (actorId !== null && rec === null) return { node, actorId, incarnation };
    const o: BoundOrigin = { node, actorId, incarnation, [ORIGIN_RECORD]: rec };
    return o;
  }

  // Pending calls: an array with swap-in removal (no hashing, no linked neighbours to touch per message).

  private addPending(rec: CallRecord): void {
    rec.pendingIndex = this.pendingCalls.length;
    this.pendingCalls.push(rec);
    if (this.callsById !== null) this.callsById.set(rec.id, rec);
  }

  private removePending(rec: CallRecord): void {
    const i = rec.pendingIndex;
    if (i < 0) return;
    const last = this.pendingCalls.pop()!;
    if (last !== rec) {
      this.pendingCalls[i] = last;
      last.pendingIndex = i;
    }
    rec.pendingIndex = -1;
    if (this.callsById !== null) this.callsById.delete(rec.id);
  }

  /** No longer among its target's incoming calls (it finished there, or will never run). */
  private removeIncoming(rec: CallRecord): void {
    rec.incoming = false;
    const i = rec.inboundIndex;
    if (i < 0) return;
    const last = this.inboundCalls.pop()!;
    if (last !== rec) {
      this.inboundCalls[i] = last;
      last.inboundIndex = i;
    }
    rec.inboundIndex = -1;
  }

  /** The calls to `target` not yet finished there, in the order they were made (ids grow). */
  private incomingOf(target: ActorRecord): CallRecord[] {
    const out: CallRecord[] = [];
    for (const c of this.pendingCalls) if (c.target === target && c.incoming) out.push(c);
    for (const c of this.inboundCalls) if (c.target === target && c.incoming) out.push(c);
    return out.sort(byId);
  }

  /** The pending calls `caller`'s current incarnation made, in the order it made them. */
  private outgoingOf(caller: ActorRecord): CallRecord[] {
    const out: CallRecord[] = [];
    for (const c of this.pendingCalls) if (c.caller === caller) out.push(c);
    return out.sort(byId);
  }

  /** The pending call a call, task or reply body is about (null when it is no longer pending). */
  private pendingCall(body: CallBody | ReplyBody): CallRecord | null {
    const rec = body[REC] ?? (this.callsById !== null ? this.callsById.get(body.callId) : undefined);
    return rec !== undefined && rec.pendingIndex >= 0 && rec.id === body.callId ? rec : null;
  }

  spawnFrom<C extends ActorClass>(origin: Origin, cls: C, args: ConstructorParameters<C>, options: SpawnOptions): ActorHandle<InstanceType<C>> {
    if (typeof cls !== 'function') throw new InvalidArgumentError(`spawn: expected an actor class, got ${show(cls)}`);
    if (options === null || typeof options !== 'object') throw new InvalidArgumentError(`spawn ${cls.name}: options must be an object, got ${show(options)}`);
    // Ray rejects options it does not know (num_cpus, resources, ... have no meaning here): say so rather than ignore them.
    for (const key of Object.keys(options)) {
      if (!SPAWN_OPTIONS.includes(key)) throw new InvalidArgumentError(`spawn ${cls.name}: unknown option ${show(key)} (known: ${SPAWN_OPTIONS.join(', ')})`);
    }
    if (!Array.isArray(args)) throw new InvalidArgumentError(`spawn ${cls.name}: args must be an array, got ${show(args)}`);
    const name = options.name ?? null;
    if (name !== null && (typeof name !== 'string' || name.length === 0)) {
      throw new InvalidArgumentError(`spawn ${cls.name}: name must be a non-empty string, got ${show(name)}`);
    }
    if (name !== null && this.byName.has(name)) {
      throw new DuplicateActorNameError(`spawn ${cls.name}: an actor named ${show(name)} already exists (${this.byName.get(name)!.id})`);
    }
    const maxRestarts = options.maxRestarts ?? 0;
    const maxTaskRetries = options.maxTaskRetries ?? 0;
    checkRetries(`spawn ${cls.name}`, 'maxRestarts', maxRestarts);
    checkRetries(`spawn ${cls.name}`, 'maxTaskRetries', maxTaskRetries);
    const maxConcurrency = options.maxConcurrency ?? Number.POSITIVE_INFINITY;
    if (!(maxConcurrency >= 1)) throw new InvalidArgumentError(`spawn ${cls.name}: maxConcurrency must be >= 1, got ${show(maxConcurrency)}`);
    let node = options.node;
    if (node === undefined) {
      const up = this.host.nodes().filter((n) => n !== this.host.driverNode && this.host.isUp(n) && this.runsHere(n));
      if (up.length === 0) throw new InvalidArgumentError(`spawn ${cls.name}: no live node to place it on`);
      node = this.host.random('placement').pick(up);
    } else if (!this.host.nodes().includes(node)) {
      throw new InvalidArgumentError(`spawn ${cls.name}: unknown node ${show(node)}`);
    }
    const rec: ActorRecord = {
      id: `${cls.name}:${this.nextActorNumber++}`,
      className: cls.name,
      cls,
      args: copyValue(args as unknown[], `spawn ${cls.name}`),
      name,
      node,
      maxRestarts,
      maxTaskRetries,
      maxConcurrency,
      state: 'PENDING_CREATION',
      incarnation: -1,
      restarts: 0,
      instance: null,
      running: 0,
      queue: [],
      callsWaiting: false,
      timers: new Map(),
      labels: new Map(),
      startedAtMs: null,
      diedAtMs: null,
      deathCause: null,
    };
    this.actors.set(rec.id, rec);
    if (name !== null) this.byName.set(name, rec);
    let list = this.byNode.get(node);
    if (!list) this.byNode.set(node, (list = []));
    list.push(rec);
    if (this.host.isUp(node)) this.construct(rec);
    return new ActorHandle<InstanceType<C>>(this, rec.id, rec.name, origin);
  }

  private lookup<T extends object>(origin: Origin, name: string, api: string): ActorHandle<T> {
    if (typeof name !== 'string') throw new InvalidArgumentError(`${api}: name must be a string, got ${show(name)}`);
    const rec = this.byName.get(name);
    if (!rec) throw new ActorNotFoundError(`${api}: no live actor named ${show(name)}`);
    return new ActorHandle<T>(this, rec.id, rec.name, origin);
  }

  private construct(rec: ActorRecord): void {
    if (rec.state === 'ALIVE' || rec.state === 'DEAD') return;
    if (!this.runsHere(rec.node)) {
      // The process that runs the node constructs it; here it is a stand-in.
      rec.state = 'ALIVE';
      rec.incarnation = 0;
      rec.startedAtMs = this.host.now();
      this.sendWaitingCalls(rec);
      return;
    }
    const restarting = rec.state === 'RESTARTING';
    rec.incarnation += 1;
    if (restarting) rec.restarts += 1;
    const origin = this.origin(rec.node, rec.id, rec.incarnation);
    const ctx = this.makeContext(rec, origin);
    const rebind = this.rebindTo(origin);
    rec.state = 'ALIVE';
    rec.startedAtMs = this.host.now();
    try {
      const args = copyValue(rec.args, `spawn ${rec.className}`, rebind);
      rec.instance = constructWith(ctx, () => new rec.cls(...args)) as Record<string, unknown>;
    } catch (err) {
      reportActorError(this.host, rec.id, `${rec.id} constructor`, err, 'orphaned');
      rec.instance = null;
      this.die(rec, `constructor threw: ${errorText(err)}`, true);
      return;
    }
    this.sendWaitingCalls(rec);
  }

  /** Sends the calls that waited for the actor to start, in the order they were made. */
  private sendWaitingCalls(rec: ActorRecord): void {
    if (!rec.callsWaiting) return;
    rec.callsWaiting = false;
    for (const call of this.incomingOf(rec)) if (call.waitingRestart) this.sendCall(call);
  }

  /** Handles inside a received value are re-bound to their new holder, so calls through them come from it. */
  private rebindTo(origin: Origin): Rebind {
    const rebind: Rebind = (h) => new ActorHandle<object>(this, h.actorId, h.name, origin);
    const refs = this.refs;
    if (refs !== null) rebind.refFor = (r) => refs.holderFor(r, origin.node, rebind);
    return rebind;
  }

  private makeContext(rec: ActorRecord, origin: Origin): ActorContext {
    const system = this;
    const host = this.host;
    const inc = rec.incarnation;
    const alive = () => rec.state === 'ALIVE' && rec.incarnation === inc;
    const setTimer = (ms: number, fn: () => unknown, repeat: boolean): TimerId => {
      checkDelay('ctx.setTimer', ms);
      const local = this.nextLocalTimer++;
      const arm = () => {
        const hostId = host.setTimer(rec.node, ms, () => {
          if (!alive()) return;
          if (repeat) arm();
          else rec.timers.delete(local);
          this.runGuarded(rec.id, `${rec.id} timer`, fn);
        }, rec.id, `${rec.className} timer`);
        rec.timers.set(local, hostId);
      };
      arm();
      return local;
    };
    return {
      id: rec.id,
      name: rec.name,
      node: rec.node,
      incarnation: inc,
      random: host.random(`actor:${rec.id}:${inc}`),
      disk: host.disk(rec.node),
      now: host.nodeNow !== undefined ? () => host.nodeNow!(rec.node) : () => host.now(),
      monotonicNow: host.monotonicNow !== undefined ? () => host.monotonicNow!(rec.node) : () => host.now(),
      sleep: (ms: number) => new Promise<void>((resolve) => void setTimer(ms, resolve, false)),
      setTimer: (ms, fn) => setTimer(ms, fn, false),
      setInterval: (ms, fn) => { // determinism-ok: re-arms a Host timer, not the global setInterval
        if (!(ms > 0)) throw new InvalidArgumentError(`ctx.setInterval: interval must be > 0 ms, got ${show(ms)}`); // determinism-ok: message text
        return setTimer(ms, fn, true);
      },
      clearTimer: (id) => {
        const hostId = rec.timers.get(id);
        if (hostId !== undefined) {
          host.clearTimer(hostId);
          rec.timers.delete(id);
        }
      },
      spawn: (cls, args, options) => system.spawnFrom(origin, cls, args, options ?? {}),
      getActor: <T extends object>(name: string) => system.lookup<T>(origin, name, 'ctx.getActor'),
      self: <T extends object>() => new ActorHandle<T>(system, rec.id, rec.name, origin),
      put: (value) => system.putAt(rec.node, value),
      get: (ref, options) => system.getFrom(origin, ref, options ?? {}),
      wait: (refs, options) => system.waitFrom(origin, refs, options ?? {}, 'ctx.wait'),
      alive,
      log: (level, message) => {
        if (!LOG_LEVELS.includes(level)) throw new InvalidArgumentError(`ctx.log: level must be one of ${LOG_LEVELS.join(', ')}, got ${show(level)}`);
        host.log?.(rec.node, rec.id, level, String(message));
      },
    };
  }

  private getFrom<T>(origin: Origin, ref: Ref<T>, options: { timeoutMs?: number }): Promise<T> {
    const timeoutMs = options.timeoutMs;
    if (timeoutMs === undefined || ref.settled) return Promise.resolve(ref);
    checkDelay('get: timeoutMs', timeoutMs);
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const timer = this.host.setTimer(origin.node, timeoutMs, () => {
        if (done) return;
        done = true;
        reject(new GetTimeoutError(`get: ${ref} not ready after ${timeoutMs}ms`));
      }, origin.actorId, 'get timeout');
      ref.onSettle(() => {
        if (done) return;
        done = true;
        this.host.clearTimer(timer);
        const s = ref.peek()!;
        if (s.ok) resolve(s.value as T);
        else reject(s.error);
      });
    });
  }

  private waitFrom<T>(origin: Origin, refs: readonly Ref<T>[], options: WaitOptions, api: string): Promise<WaitResult<T>> {
    if (!Array.isArray(refs)) throw new InvalidArgumentError(`${api}: refs must be an array of Refs, got ${show(refs)}`);
    // Name the bad element: showing the whole array would print Ref internals.
    const bad = refs.findIndex((r) => !(r instanceof Ref));
    if (bad >= 0) throw new InvalidArgumentError(`${api}: refs[${bad}] must be a Ref, got ${show(refs[bad])}`);
    const seen = new Set<Ref<T>>();
    refs.forEach((r, i) => {
      if (seen.has(r)) throw new InvalidArgumentError(`${api}: refs[${i}] is a duplicate of refs[${refs.indexOf(r)}] (${r}); Ray's wait refuses duplicates`);
      seen.add(r);
    });
    if (options.count === undefined && refs.length === 0) return Promise.resolve({ ready: [], pending: [] });
    const count = options.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > refs.length) {
      throw new InvalidArgumentError(`${api}: count must be an integer in 1..${refs.length}, got ${show(count)}`);
    }
    if (options.timeoutMs !== undefined) checkDelay(`${api}: timeoutMs`, options.timeoutMs);
    return new Promise<WaitResult<T>>((resolve) => {
      let done = false;
      let timer: TimerId | null = null;
      const finish = () => {
        if (done) return;
        done = true;
        if (timer !== null) this.host.clearTimer(timer);
        resolve(splitReady(refs, count));
      };
      let ready = 0;
      for (const r of refs) {
        r.onSettle(() => {
          ready += 1;
          if (ready >= count) finish();
        });
      }
      if (ready >= count) finish();
      else if (options.timeoutMs !== undefined) {
        timer = this.host.setTimer(origin.node, options.timeoutMs, finish, origin.actorId, 'wait timeout');
      }
    });
  }

  // ------------------------------------------------------------------ delivery

  private deliver(env: Envelope): void {
    // Tells are fire and forget: a heartbeat is not progress of any call.
    if (env.kind !== 'tell') this.progressCount += 1;
    switch (env.kind) {
      case 'call':
        return this.deliverCall(env);
      case 'reply':
      case 'task-reply':
        return this.deliverReply(env);
      case 'tell':
        return this.deliverTell(env);
      case 'task':
        return this.deliverTask(env);
      case 'ref-value':
        return this.refs?.deliver(env);
    }
  }

  private deliverCall(env: Envelope): void {
    if (this.multiProcess && !this.runsHere(env.fromNode)) return this.deliverInboundCall(env);
    const body = env.body as CallBody;
    const rec = this.pendingCall(body);
    if (rec === null || rec.attempt !== body.attempt || rec.started) return this.deliverDuplicateCall(body);
    const target = rec.target!;
    if (target.state !== 'ALIVE') return;
    rec.started = true;
    if (target.running >= target.maxConcurrency) {
      target.queue.push(rec);
      return;
    }
    this.invoke(target, rec);
  }

  /**
   * A second delivery of a call attempt that already arrived (the network's
   * call duplication: a retransmitted or zombie request). It runs again, as a
   * request that escaped deduplication would; its reply goes nowhere (the
   * caller's future settles once). Stale attempts of a retried call do not run.
   */
  private deliverDuplicateCall(body: CallBody): void {
    const rec = body[REC];
    if (rec === undefined || rec.attempt !== body.attempt || !rec.started) return;
    const target = rec.target;
    if (target === null || target.state !== 'ALIVE' || target.instance === null) return;
    const shadow = new CallRecord(this.nextCallId++, new Ref<unknown>(rec.label), rec.origin, rec.label, rec.method, rec.args, this.host.now(), target, null, 0, rec.attempt, true, false, target.node, null, null);
    shadow.incoming = false;
    if (target.running >= target.maxConcurrency) {
      target.queue.push(shadow);
      return;
    }
    this.invoke(target, shadow);
  }

  /** A call from another process: run it under an inbound record whose reply carries the caller's call id. */
  private deliverInboundCall(env: Envelope): void {
    const body = env.body as CallBody;
    const target = env.toActor === null ? undefined : this.actors.get(env.toActor);
    if (!target || target.state !== 'ALIVE' || target.instance === null) {
      const error = target
        ? new ActorDiedError(target.id, `call ${env.label}: actor ${target.id} is ${target.state === 'DEAD' ? `dead (${target.deathCause})` : 'not running'} on ${env.toNode}`)
        : new ActorNotFoundError(`call ${env.label}: no actor with id ${show(env.toActor)} on ${env.toNode}`);
      const reply: ReplyBody = new ReplyBodyObject(body.callId, body.attempt, false, error, undefined);
      this.host.send(this.envelope('reply', env.toNode, env.fromNode, env.toActor, env.fromActor, env.label, reply));
      return;
    }
    const rec = new CallRecord(
      this.nextCallId++,
      new Ref<unknown>(env.label),
      this.origin(env.fromNode, env.fromActor, DRIVER_INCARNATION),
      env.label,
      env.label.slice(env.label.indexOf('.') + 1),
      body.args,
      this.host.now(),
      target,
      null,
      0,
      body.attempt,
      true,
      false,
      target.node,
      body.callId,
      null,
    );
    rec.inboundIndex = this.inboundCalls.length;
    this.inboundCalls.push(rec);
    if (target.running >= target.maxConcurrency) {
      target.queue.push(rec);
      return;
    }
    this.invoke(target, rec);
  }

  private invoke(target: ActorRecord, rec: CallRecord): void {
    const inc = target.incarnation;
    target.running += 1;
    const instance = target.instance!;
    const fn = instance[rec.method];
    if (typeof fn !== 'function' || rec.method === 'constructor') {
      this.finish(target, inc, rec, false, new InvalidArgumentError(`call ${rec.label}: ${target.className} has no method ${show(rec.method)}`));
      return;
    }
    // A fresh copy per delivery: a retry must not see what a dead incarnation did to the args.
    const args = allImmutable(rec.args) ? rec.args : copyValue(rec.args, `call ${rec.label}`, this.rebindTo(boundOrigin(target, inc)));
    let result: unknown;
    try {
      result = (fn as (...a: unknown[]) => unknown).apply(instance, args);
    } catch (err) {
      reportActorError(this.host, target.id, rec.label, err, this.originAlive(rec.origin) ? 'answered' : 'orphaned');
      this.finish(target, inc, rec, false, err);
      return;
    }
    if (isThenable(result)) {
      result.then(
        (v) => this.finish(target, inc, rec, true, v),
        (err) => {
          reportActorError(this.host, target.id, rec.label, err, this.originAlive(rec.origin) ? 'answered' : 'orphaned');
          this.finish(target, inc, rec, false, err);
        },
      );
    } else {
      this.finish(target, inc, rec, true, result);
    }
  }

  /** A call ran (or failed to): reply to the caller and start the next queued call. */
  private finish(target: ActorRecord, inc: number, rec: CallRecord, ok: boolean, value: unknown): void {
    if (target.incarnation !== inc || target.state !== 'ALIVE') return; // died meanwhile: crash handling owns the call
    target.running -= 1;
    this.removeIncoming(rec);
    let payload: unknown;
    try {
      payload = !ok ? toTaskError(rec.label, value) : isImmutable(value) ? value : copyValue(value, `reply of ${rec.label}`, this.rebindTo(rec.origin));
    } catch (err) {
      ok = false;
      payload = toTaskError(rec.label, err);
    }
    const reply: ReplyBody =
      rec.remoteCallId === null
        ? new ReplyBodyObject(rec.id, rec.attempt, ok, payload, rec)
        : new ReplyBodyObject(rec.remoteCallId, rec.attempt, ok, payload, undefined);
    this.host.send(this.envelope('reply', target.node, rec.origin.node, target.id, rec.origin.actorId, rec.label, reply));
    if (target.queue.length > 0) this.invoke(target, target.queue.shift()!);
  }

  private deliverReply(env: Envelope): void {
    const body = env.body as ReplyBody;
    const rec = this.pendingCall(body);
    if (rec === null || rec.attempt !== body.attempt) return;
    this.removePending(rec);
    if (rec.task) this.tasksByNode.get(rec.node)?.delete(rec);
    if (!this.originAlive(rec.origin)) return;
    // A reply from another process was decoded there: its handles are re-bound to their holder here.
    if (body.ok) rec.ref.resolve(!this.multiProcess || this.runsHere(env.fromNode) ? body.value : copyValue(body.value, `reply of ${rec.label}`, this.rebindTo(rec.origin)));
    else rec.ref.reject(body.value);
  }

  private deliverTell(env: Envelope): void {
    const target = this.actors.get(env.toActor!);
    if (!target || target.state !== 'ALIVE' || target.instance === null) return;
    const method = env.label.slice(env.label.indexOf('.') + 1);
    const instance = target.instance!;
    const fn = instance[method];
    if (typeof fn !== 'function') {
      this.host.reportViolation(env.label, `tell ${env.label}: ${target.className} has no method ${show(method)}`);
      return;
    }
    // Duplicated deliveries share the envelope: each gets its own copy.
    const sent = (env.body as TellBody).args;
    const args = allImmutable(sent) ? sent : copyValue(sent, `tell ${env.label}`, this.rebindTo(boundOrigin(target, target.incarnation)));
    this.runGuarded(target.id, env.label, () => (fn as (...a: unknown[]) => unknown).apply(instance, args));
  }

  /** Runs actor code whose errors nobody awaits (timers, tells): any error becomes a violation (report-actor-error.ts). */
  private runGuarded(actor: string, where: string, fn: () => unknown): void {
    try {
      const r = fn();
      if (isThenable(r)) r.then(undefined, (err) => reportActorError(this.host, actor, where, err, 'detached'));
    } catch (err) {
      reportActorError(this.host, actor, where, err, 'detached');
    }
  }

  private reportIfAssertion(where: string, err: unknown): void {
    if (err instanceof AssertionFailedError) this.host.reportViolation(where, err.message);
  }

  // --------------------------------------------------------------------- tasks

  private submitTask(origin: Origin, rf: RemoteFunction<unknown[], unknown>, args: unknown[], node: string | undefined, given?: Ref<unknown>): Ref<unknown> {
    if (node !== undefined && !this.host.nodes().includes(node)) {
      throw new InvalidArgumentError(`${rf.name}.remote: unknown node ${show(node)}`);
    }
    if (node !== undefined && !this.runsHere(node)) {
      throw new InvalidArgumentError(`${rf.name}.remote: node ${show(node)} runs in another process; tasks run on this process's nodes`);
    }
    const ref = given ?? new Ref<unknown>(rf.name, origin.node);
    // As for actor calls: top-level Refs resolved first; an upstream failure fails the task unrun.
    if (given === undefined && hasTopLevelRef(args)) {
      resolveTopLevel(args, (values) => void this.submitTask(origin, rf, values, node, ref), (err) => ref.reject(err));
      return ref;
    }
    const rec = new CallRecord(
      this.nextCallId++,
      ref,
      origin,
      rf.name,
      rf.name,
      copyValue(args, `${rf.name}.remote`),
      this.host.now(),
      null,
      rf,
      rf.maxRetries,
      0,
      false,
      false,
      node ?? '',
      null,
      null,
    );
    this.addPending(rec);
    this.sendTask(rec, node);
    return ref;
  }

  private sendTask(rec: CallRecord, preferred: string | undefined): void {
    const up = this.host.nodes().filter((n) => n !== this.host.driverNode && this.host.isUp(n) && this.runsHere(n));
    const node = preferred !== undefined && this.host.isUp(preferred) ? preferred : up.length ? this.host.random('placement').pick(up) : null;
    if (node === null) {
      this.removePending(rec);
      rec.ref.reject(new NodeDiedError('', `${rec.label}: no live node to run the task on`));
      return;
    }
    rec.node = node;
    rec.started = false;
    let set = this.tasksByNode.get(node);
    if (!set) this.tasksByNode.set(node, (set = new Set()));
    set.add(rec);
    const body: CallBody = new CallBodyObject(rec.id, rec.attempt, rec.args, rec);
    this.host.send(this.envelope('task', rec.origin.node, node, rec.origin.actorId, null, rec.label, body));
  }

  private deliverTask(env: Envelope): void {
    const body = env.body as CallBody;
    const rec = this.pendingCall(body);
    if (rec === null || rec.attempt !== body.attempt || rec.started) return;
    rec.started = true;
    const node = env.toNode;
    const epoch = this.nodeEpoch.get(node) ?? 0;
    const host = this.host;
    const ctx: TaskContext = {
      node,
      taskId: rec.id,
      attempt: rec.attempt,
      random: host.random(`task:${rec.id}:${rec.attempt}`),
      now: host.nodeNow !== undefined ? () => host.nodeNow!(node) : () => host.now(),
      sleep: (ms) => new Promise<void>((resolve) => void host.setTimer(node, ms, resolve, null, `${rec.label} sleep`)),
    };
    const finish = (ok: boolean, value: unknown) => {
      if ((this.nodeEpoch.get(node) ?? 0) !== epoch) return; // node died meanwhile: crash handling retries
      let payload: unknown;
      try {
        payload = ok ? copyValue(value, `result of ${rec.label}`, this.rebindTo(rec.origin)) : toTaskError(rec.label, value);
      } catch (err) {
        ok = false;
        payload = toTaskError(rec.label, err);
      }
      const reply: ReplyBody = new ReplyBodyObject(rec.id, rec.attempt, ok, payload, rec);
      this.host.send(this.envelope('task-reply', node, rec.origin.node, null, rec.origin.actorId, rec.label, reply));
    };
    // A fresh copy per attempt, as for actor calls; handles are held by the task's node.
    const args = copyValue(rec.args, `${rec.label}.remote`, this.rebindTo(this.origin(node, null, DRIVER_INCARNATION)));
    let result: unknown;
    try {
      result = rec.task!.fn(ctx, ...args);
    } catch (err) {
      this.reportIfAssertion(rec.label, err);
      finish(false, err);
      return;
    }
    if (isThenable(result)) result.then((v) => finish(true, v), (err) => finish(false, err));
    else finish(true, result);
  }

  // ------------------------------------------------------------------ failures

  private nodeDown(node: string): void {
    this.nodeEpoch.set(node, (this.nodeEpoch.get(node) ?? 0) + 1);
    this.refs?.nodeDown(node);
    for (const rec of this.byNode.get(node) ?? []) {
      if (rec.state === 'ALIVE') this.die(rec, `node ${node} crashed`, false);
    }
    const tasks = this.tasksByNode.get(node);
    if (tasks) {
      this.tasksByNode.delete(node);
      for (const t of tasks) {
        if (t.pendingIndex < 0) continue;
        if (t.retriesLeft !== 0) {
          if (t.retriesLeft > 0) t.retriesLeft -= 1;
          t.attempt += 1;
          this.sendTask(t, undefined);
        } else {
          this.removePending(t);
          t.ref.reject(new NodeDiedError(node, `${t.label}: node ${node} died while running it and no retries are left`));
        }
      }
    }
  }

  private nodeUp(node: string): void {
    for (const rec of this.byNode.get(node) ?? []) {
      if (rec.state === 'RESTARTING' || rec.state === 'PENDING_CREATION') this.construct(rec);
    }
  }

  /** Ends the current incarnation; decides restart or death; settles its calls as Ray does. */
  private die(rec: ActorRecord, cause: string, noRestart: boolean): void {
    assert(rec.state !== 'DEAD', `die: ${rec.id} is already dead`);
    const canRestart = !noRestart && (rec.maxRestarts === -1 || rec.restarts < rec.maxRestarts);
    for (const hostId of rec.timers.values()) this.host.clearTimer(hostId);
    rec.timers.clear();
    rec.instance = null;
    rec.running = 0;
    rec.queue = [];
    rec.state = canRestart ? 'RESTARTING' : 'DEAD';
    rec.diedAtMs = this.host.now();
    rec.deathCause = cause;
    if (!canRestart && rec.name !== null && this.byName.get(rec.name) === rec) this.byName.delete(rec.name);
    // Calls this incarnation sent are on the wire: they still run (as over
    // TCP), only their replies are lost. Calls it made that were never sent
    // (queued for a restarting target) die with it, as does any retry.
    for (const out of this.outgoingOf(rec)) {
      if (out.waitingRestart || out.task !== null) {
        this.removeIncoming(out);
        this.removePending(out);
      } else {
        out.orphan = true;
        out.retriesLeft = 0;
      }
    }
    // Calls to it in flight or running fail with ActorDiedError unless task
    // retries are left (then they are re-delivered after the restart); calls
    // made while it was restarting were never sent and wait for the restart.
    for (const call of this.incomingOf(rec)) {
      if (call.remoteCallId !== null) {
        // From another process: no re-delivery across processes; the caller learns of the death.
        this.removeIncoming(call);
        const lost = canRestart
          ? new ActorUnavailableError(rec.id, `call ${call.label}: actor ${rec.id} crashed (${cause}) and is restarting`)
          : new ActorDiedError(rec.id, `call ${call.label}: actor ${rec.id} died (${cause})`);
        const reply: ReplyBody = new ReplyBodyObject(call.remoteCallId, call.attempt, false, lost, undefined);
        this.host.send(this.envelope('reply', rec.node, call.origin.node, rec.id, call.origin.actorId, call.label, reply));
        continue;
      }
      if (canRestart && call.waitingRestart) continue;
      if (canRestart && call.retriesLeft !== 0) {
        if (call.retriesLeft > 0) call.retriesLeft -= 1;
        call.attempt += 1;
        call.started = false;
        call.waitingRestart = true;
        rec.callsWaiting = true;
        continue;
      }
      this.removeIncoming(call);
      this.removePending(call);
      // An actor that will come back is unavailable (the call may be retried by its caller); one that will not is dead.
      call.ref.reject(
        canRestart
          ? new ActorUnavailableError(rec.id, `call ${call.label}: actor ${rec.id} crashed (${cause}) and is restarting; the call had no retries left`)
          : new ActorDiedError(rec.id, `call ${call.label}: actor ${rec.id} died (${cause})`),
      );
    }
  }
}

function byId(a: CallRecord, b: CallRecord): number {
  return a.id - b.id;
}

/** The origin of code running in an actor's incarnation. */
function boundOrigin(rec: ActorRecord, incarnation: number): Origin {
  const o: BoundOrigin = { node: rec.node, actorId: rec.id, incarnation, [ORIGIN_RECORD]: rec };
  return o;
}

function labelOf(rec: ActorRecord, method: string): string {
  let label = rec.labels.get(method);
  if (label === undefined) {
    label = `${rec.className}.${method}`;
    rec.labels.set(method, label);
  }
  return label;
}

/** At most `count` settled refs (in the given order) are ready; every other ref is pending, as Ray's wait returns them. */
function splitReady<T>(refs: readonly Ref<T>[], count = refs.length): WaitResult<T> {
  const ready: Ref<T>[] = [];
  const pending: Ref<T>[] = [];
  for (const r of refs) (r.settled && ready.length < count ? ready : pending).push(r);
  return { ready, pending };
}

function hasTopLevelRef(args: readonly unknown[]): boolean {
  for (let i = 0; i < args.length; i++) if (args[i] instanceof Ref) return true;
  return false;
}

/** Waits for every top-level Ref in `args`; then their values in place, or the first failure in argument order. */
function resolveTopLevel(args: readonly unknown[], ready: (values: unknown[]) => void, failed: (err: unknown) => void): void {
  let left = 0;
  for (const a of args) if (a instanceof Ref) left += 1;
  const done = () => {
    for (const a of args) {
      if (!(a instanceof Ref)) continue;
      const s = a.peek()!;
      if (!s.ok) return failed(s.error);
    }
    ready(args.map((a) => (a instanceof Ref ? (a.peek() as { ok: true; value: unknown }).value : a)));
  };
  for (const a of args) if (a instanceof Ref) a.onSettle(() => void (--left === 0 && done()));
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

function toTaskError(where: string, err: unknown): TaskError {
  if (err instanceof TaskError) return err;
  if (err instanceof Error) return TaskError.wrap(where, err);
  return new TaskError(where, 'Error', String(err));
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

function describeOrigin(o: Origin): string {
  return o.actorId ? `${o.actorId}@${o.node}` : `driver@${o.node}`;
}

function checkRetries(api: string, field: string, n: number): void {
  if (!Number.isInteger(n) || n < -1) throw new InvalidArgumentError(`${api}: ${field} must be an integer >= -1 (-1 = unlimited), got ${show(n)}`);
}

function checkDelay(api: string, ms: number): void {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new InvalidArgumentError(`${api}: must be a finite number of ms >= 0, got ${show(ms)}`);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value) && !(value instanceof Ref) && !ArrayBuffer.isView(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
