import { reportActorError } from './report-actor-error';
import { InvalidArgumentError, show } from '../errors';
import { assert } from '../assert';
import { ActorContext, constructWith } from './actor';
import { actorInfo, labelOf, type ActorClass, type ActorInfo, type ActorRecord } from './actor-record';
import { checkDelay, checkRetries } from './arg-checks';
import { CallRecord } from './call-record';
import { allImmutable, copyValue, isImmutable } from './copy';
import {
  ActorDiedError,
  ActorNotFoundError,
  ActorUnavailableError,
  DeadlockError,
  DuplicateActorNameError,
  GetTimeoutError,
  NodeDiedError,
} from './errors';
import { ActorHandle, HandleRuntime, Origin } from './handle';
import { LOG_LEVELS, type Envelope, type Host, type TimerId } from './host';
import { CallBodyObject, REC, ReplyBodyObject, type CallBody, type ReplyBody, type TellBody } from './messages';
import { boundOrigin, DRIVER_INCARNATION } from './origin';
import { errorText, isThenable, reportIfAssertion, runGuarded, toTaskError } from './outcome';
import { Ref } from './ref';
import { hasTopLevelRef, resolveTopLevel } from './ref-args';
import { RemoteFunction, TaskContext, TaskFn } from './remote';
import { RuntimeState } from './runtime-state';

export type { ActorClass, ActorInfo, ActorState } from './actor-record';

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

/** A handle's method, bound once (see callSite). */
interface CallSite {
  readonly origin: Origin;
  /** The caller's record; null for driver code. */
  readonly caller: ActorRecord | null;
  readonly target: ActorRecord;
  readonly method: string;
  readonly label: string;
}
const SPAWN_OPTIONS: readonly string[] = ['name', 'node', 'maxRestarts', 'maxTaskRetries', 'maxConcurrency'];

export class ActorSystem implements HandleRuntime {
  /** The runtime's state, shared with its collaborators. */
  private readonly s: RuntimeState;
  readonly driver: Origin;

  constructor(readonly host: Host) {
    this.s = new RuntimeState(host, this);
    this.driver = this.s.driver;
    host.attach({
      deliver: (env) => this.deliver(env),
      nodeDown: (node) => this.nodeDown(node),
      nodeUp: (node) => this.nodeUp(node),
      pending: () => this.pendingSummary(),
      progress: () => this.s.progressCount,
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
    const rec = this.s.actors.get(handle.actorId);
    if (!rec) throw new ActorNotFoundError(`kill: no actor with id ${show(handle.actorId)}`);
    if (rec.state === 'DEAD') throw new ActorDiedError(rec.id, `kill: actor ${rec.id} is already dead (${rec.deathCause})`);
    if (!this.s.runsHere(rec.node)) throw new InvalidArgumentError(`kill: actor ${rec.id} runs in another process (node ${rec.node})`);
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
    const origin = this.s.origin(node, null, DRIVER_INCARNATION);
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
    for (const r of this.s.actors.values()) out.push(actorInfo(r));
    return out;
  }

  /** Calls and tasks sent and not yet answered. */
  pendingSummary(): { count: number; oldest: string | null } {
    return this.s.calls.summary();
  }

  // ------------------------------------------------------------ handle runtime

  nodeOf(actorId: string): string {
    const rec = this.s.actors.get(actorId);
    return rec ? rec.node : '?';
  }

  callFrom(origin: Origin, actorId: string, method: string, args: unknown[]): Ref<unknown> {
    const target = this.s.actors.get(actorId);
    const label = target ? labelOf(target, method) : `${actorId}.${method}`;
    if (!target) {
      const ref = new Ref<unknown>(label);
      ref.reject(new ActorNotFoundError(`call ${label}: no actor with id ${show(actorId)}`));
      return ref;
    }
    const caller = this.s.originRecord(origin);
    if (caller === undefined) return new Ref<unknown>(label); // a caller that does not exist: its calls go nowhere
    return this.callAt({ origin, caller, target, method, label }, args);
  }

  /**
   * A handle's method bound once: the target's and the caller's records and
   * the label are looked up here rather than on every call. (Records are
   * never removed, so the binding stays valid.)
   */
  callSite(origin: Origin, actorId: string, method: string): (...args: unknown[]) => Ref<unknown> {
    const target = this.s.actors.get(actorId);
    const caller = this.s.originRecord(origin);
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
      this.s.nextCallId++,
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
    this.s.calls.addPending(rec);
    if (target.state === 'ALIVE') this.sendCall(rec);
    else {
      rec.waitingRestart = true;
      target.callsWaiting = true;
    }
    return ref;
  }

  tellFrom(origin: Origin, actorId: string, method: string, args: unknown[]): void {
    const target = this.s.actors.get(actorId);
    if (!target) throw new ActorNotFoundError(`tell ${method}: no actor with id ${show(actorId)}`);
    if (!this.s.originAlive(origin)) return;
    if (target.state === 'DEAD') return; // fire and forget: no one to tell
    const body: TellBody = { args: copyValue(args, `tell ${target.className}.${method}`) };
    this.host.send(this.s.envelope('tell', origin.node, target.node, origin.actorId, target.id, `${target.className}.${method}`, body));
  }

  // ------------------------------------------------------------------ internal

  private sendCall(rec: CallRecord): void {
    const target = rec.target!;
    rec.waitingRestart = false;
    rec.started = false;
    const body: CallBody = new CallBodyObject(rec.id, rec.attempt, rec.args, rec);
    this.host.send(this.s.envelope('call', rec.origin.node, target.node, rec.origin.actorId, target.id, rec.label, body));
  }

  // Pending calls: an array with swap-in removal (no hashing, no linked neighbours to touch per message).

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
    if (name !== null && this.s.byName.has(name)) {
      throw new DuplicateActorNameError(`spawn ${cls.name}: an actor named ${show(name)} already exists (${this.s.byName.get(name)!.id})`);
    }
    const maxRestarts = options.maxRestarts ?? 0;
    const maxTaskRetries = options.maxTaskRetries ?? 0;
    checkRetries(`spawn ${cls.name}`, 'maxRestarts', maxRestarts);
    checkRetries(`spawn ${cls.name}`, 'maxTaskRetries', maxTaskRetries);
    const maxConcurrency = options.maxConcurrency ?? Number.POSITIVE_INFINITY;
    if (!(maxConcurrency >= 1)) throw new InvalidArgumentError(`spawn ${cls.name}: maxConcurrency must be >= 1, got ${show(maxConcurrency)}`);
    let node = options.node;
    if (node === undefined) {
      const up = this.host.nodes().filter((n) => n !== this.host.driverNode && this.host.isUp(n) && this.s.runsHere(n));
      if (up.length === 0) throw new InvalidArgumentError(`spawn ${cls.name}: no live node to place it on`);
      node = this.host.random('placement').pick(up);
    } else if (!this.host.nodes().includes(node)) {
      throw new InvalidArgumentError(`spawn ${cls.name}: unknown node ${show(node)}`);
    }
    const rec: ActorRecord = {
      id: `${cls.name}:${this.s.nextActorNumber++}`,
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
    this.s.actors.set(rec.id, rec);
    if (name !== null) this.s.byName.set(name, rec);
    let list = this.s.byNode.get(node);
    if (!list) this.s.byNode.set(node, (list = []));
    list.push(rec);
    if (this.host.isUp(node)) this.construct(rec);
    return new ActorHandle<InstanceType<C>>(this, rec.id, rec.name, origin);
  }

  private lookup<T extends object>(origin: Origin, name: string, api: string): ActorHandle<T> {
    if (typeof name !== 'string') throw new InvalidArgumentError(`${api}: name must be a string, got ${show(name)}`);
    const rec = this.s.byName.get(name);
    if (!rec) throw new ActorNotFoundError(`${api}: no live actor named ${show(name)}`);
    return new ActorHandle<T>(this, rec.id, rec.name, origin);
  }

  private construct(rec: ActorRecord): void {
    if (rec.state === 'ALIVE' || rec.state === 'DEAD') return;
    if (!this.s.runsHere(rec.node)) {
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
    const origin = this.s.origin(rec.node, rec.id, rec.incarnation);
    const ctx = this.makeContext(rec, origin);
    const rebind = this.s.rebindTo(origin);
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
    for (const call of this.s.calls.incomingOf(rec)) if (call.waitingRestart) this.sendCall(call);
  }

  private makeContext(rec: ActorRecord, origin: Origin): ActorContext {
    const system = this;
    const host = this.host;
    const inc = rec.incarnation;
    const alive = () => rec.state === 'ALIVE' && rec.incarnation === inc;
    const setTimer = (ms: number, fn: () => unknown, repeat: boolean): TimerId => {
      checkDelay('ctx.setTimer', ms);
      const local = this.s.nextLocalTimer++;
      const arm = () => {
        const hostId = host.setTimer(rec.node, ms, () => {
          if (!alive()) return;
          if (repeat) arm();
          else rec.timers.delete(local);
          runGuarded(this.host, rec.id, `${rec.id} timer`, fn);
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
    if (env.kind !== 'tell') this.s.progressCount += 1;
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
        return this.s.refs?.deliver(env);
    }
  }

  private deliverCall(env: Envelope): void {
    if (this.s.multiProcess && !this.s.runsHere(env.fromNode)) return this.deliverInboundCall(env);
    const body = env.body as CallBody;
    const rec = this.s.calls.pendingCall(body);
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
    const shadow = new CallRecord(this.s.nextCallId++, new Ref<unknown>(rec.label), rec.origin, rec.label, rec.method, rec.args, this.host.now(), target, null, 0, rec.attempt, true, false, target.node, null, null);
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
    const target = env.toActor === null ? undefined : this.s.actors.get(env.toActor);
    if (!target || target.state !== 'ALIVE' || target.instance === null) {
      const error = target
        ? new ActorDiedError(target.id, `call ${env.label}: actor ${target.id} is ${target.state === 'DEAD' ? `dead (${target.deathCause})` : 'not running'} on ${env.toNode}`)
        : new ActorNotFoundError(`call ${env.label}: no actor with id ${show(env.toActor)} on ${env.toNode}`);
      const reply: ReplyBody = new ReplyBodyObject(body.callId, body.attempt, false, error, undefined);
      this.host.send(this.s.envelope('reply', env.toNode, env.fromNode, env.toActor, env.fromActor, env.label, reply));
      return;
    }
    const rec = new CallRecord(
      this.s.nextCallId++,
      new Ref<unknown>(env.label),
      this.s.origin(env.fromNode, env.fromActor, DRIVER_INCARNATION),
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
    this.s.calls.addInbound(rec);
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
    const args = allImmutable(rec.args) ? rec.args : copyValue(rec.args, `call ${rec.label}`, this.s.rebindTo(boundOrigin(target, inc)));
    let result: unknown;
    try {
      result = (fn as (...a: unknown[]) => unknown).apply(instance, args);
    } catch (err) {
      reportActorError(this.host, target.id, rec.label, err, this.s.originAlive(rec.origin) ? 'answered' : 'orphaned');
      this.finish(target, inc, rec, false, err);
      return;
    }
    if (isThenable(result)) {
      result.then(
        (v) => this.finish(target, inc, rec, true, v),
        (err) => {
          reportActorError(this.host, target.id, rec.label, err, this.s.originAlive(rec.origin) ? 'answered' : 'orphaned');
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
    this.s.calls.removeIncoming(rec);
    let payload: unknown;
    try {
      payload = !ok ? toTaskError(rec.label, value) : isImmutable(value) ? value : copyValue(value, `reply of ${rec.label}`, this.s.rebindTo(rec.origin));
    } catch (err) {
      ok = false;
      payload = toTaskError(rec.label, err);
    }
    const reply: ReplyBody =
      rec.remoteCallId === null
        ? new ReplyBodyObject(rec.id, rec.attempt, ok, payload, rec)
        : new ReplyBodyObject(rec.remoteCallId, rec.attempt, ok, payload, undefined);
    this.host.send(this.s.envelope('reply', target.node, rec.origin.node, target.id, rec.origin.actorId, rec.label, reply));
    if (target.queue.length > 0) this.invoke(target, target.queue.shift()!);
  }

  private deliverReply(env: Envelope): void {
    const body = env.body as ReplyBody;
    const rec = this.s.calls.pendingCall(body);
    if (rec === null || rec.attempt !== body.attempt) return;
    this.s.calls.removePending(rec);
    if (rec.task) this.s.tasksByNode.get(rec.node)?.delete(rec);
    if (!this.s.originAlive(rec.origin)) return;
    // A reply from another process was decoded there: its handles are re-bound to their holder here.
    if (body.ok) rec.ref.resolve(!this.s.multiProcess || this.s.runsHere(env.fromNode) ? body.value : copyValue(body.value, `reply of ${rec.label}`, this.s.rebindTo(rec.origin)));
    else rec.ref.reject(body.value);
  }

  private deliverTell(env: Envelope): void {
    const target = this.s.actors.get(env.toActor!);
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
    const args = allImmutable(sent) ? sent : copyValue(sent, `tell ${env.label}`, this.s.rebindTo(boundOrigin(target, target.incarnation)));
    runGuarded(this.host, target.id, env.label, () => (fn as (...a: unknown[]) => unknown).apply(instance, args));
  }

  // --------------------------------------------------------------------- tasks

  private submitTask(origin: Origin, rf: RemoteFunction<unknown[], unknown>, args: unknown[], node: string | undefined, given?: Ref<unknown>): Ref<unknown> {
    if (node !== undefined && !this.host.nodes().includes(node)) {
      throw new InvalidArgumentError(`${rf.name}.remote: unknown node ${show(node)}`);
    }
    if (node !== undefined && !this.s.runsHere(node)) {
      throw new InvalidArgumentError(`${rf.name}.remote: node ${show(node)} runs in another process; tasks run on this process's nodes`);
    }
    const ref = given ?? new Ref<unknown>(rf.name, origin.node);
    // As for actor calls: top-level Refs resolved first; an upstream failure fails the task unrun.
    if (given === undefined && hasTopLevelRef(args)) {
      resolveTopLevel(args, (values) => void this.submitTask(origin, rf, values, node, ref), (err) => ref.reject(err));
      return ref;
    }
    const rec = new CallRecord(
      this.s.nextCallId++,
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
    this.s.calls.addPending(rec);
    this.sendTask(rec, node);
    return ref;
  }

  private sendTask(rec: CallRecord, preferred: string | undefined): void {
    const up = this.host.nodes().filter((n) => n !== this.host.driverNode && this.host.isUp(n) && this.s.runsHere(n));
    const node = preferred !== undefined && this.host.isUp(preferred) ? preferred : up.length ? this.host.random('placement').pick(up) : null;
    if (node === null) {
      this.s.calls.removePending(rec);
      rec.ref.reject(new NodeDiedError('', `${rec.label}: no live node to run the task on`));
      return;
    }
    rec.node = node;
    rec.started = false;
    let set = this.s.tasksByNode.get(node);
    if (!set) this.s.tasksByNode.set(node, (set = new Set()));
    set.add(rec);
    const body: CallBody = new CallBodyObject(rec.id, rec.attempt, rec.args, rec);
    this.host.send(this.s.envelope('task', rec.origin.node, node, rec.origin.actorId, null, rec.label, body));
  }

  private deliverTask(env: Envelope): void {
    const body = env.body as CallBody;
    const rec = this.s.calls.pendingCall(body);
    if (rec === null || rec.attempt !== body.attempt || rec.started) return;
    rec.started = true;
    const node = env.toNode;
    const epoch = this.s.nodeEpoch.get(node) ?? 0;
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
      if ((this.s.nodeEpoch.get(node) ?? 0) !== epoch) return; // node died meanwhile: crash handling retries
      let payload: unknown;
      try {
        payload = ok ? copyValue(value, `result of ${rec.label}`, this.s.rebindTo(rec.origin)) : toTaskError(rec.label, value);
      } catch (err) {
        ok = false;
        payload = toTaskError(rec.label, err);
      }
      const reply: ReplyBody = new ReplyBodyObject(rec.id, rec.attempt, ok, payload, rec);
      this.host.send(this.s.envelope('task-reply', node, rec.origin.node, null, rec.origin.actorId, rec.label, reply));
    };
    // A fresh copy per attempt, as for actor calls; handles are held by the task's node.
    const args = copyValue(rec.args, `${rec.label}.remote`, this.s.rebindTo(this.s.origin(node, null, DRIVER_INCARNATION)));
    let result: unknown;
    try {
      result = rec.task!.fn(ctx, ...args);
    } catch (err) {
      reportIfAssertion(this.host, rec.label, err);
      finish(false, err);
      return;
    }
    if (isThenable(result)) result.then((v) => finish(true, v), (err) => finish(false, err));
    else finish(true, result);
  }

  // ------------------------------------------------------------------ failures

  private nodeDown(node: string): void {
    this.s.nodeEpoch.set(node, (this.s.nodeEpoch.get(node) ?? 0) + 1);
    this.s.refs?.nodeDown(node);
    for (const rec of this.s.byNode.get(node) ?? []) {
      if (rec.state === 'ALIVE') this.die(rec, `node ${node} crashed`, false);
    }
    const tasks = this.s.tasksByNode.get(node);
    if (tasks) {
      this.s.tasksByNode.delete(node);
      for (const t of tasks) {
        if (t.pendingIndex < 0) continue;
        if (t.retriesLeft !== 0) {
          if (t.retriesLeft > 0) t.retriesLeft -= 1;
          t.attempt += 1;
          this.sendTask(t, undefined);
        } else {
          this.s.calls.removePending(t);
          t.ref.reject(new NodeDiedError(node, `${t.label}: node ${node} died while running it and no retries are left`));
        }
      }
    }
  }

  private nodeUp(node: string): void {
    for (const rec of this.s.byNode.get(node) ?? []) {
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
    if (!canRestart && rec.name !== null && this.s.byName.get(rec.name) === rec) this.s.byName.delete(rec.name);
    // Calls this incarnation sent are on the wire: they still run (as over
    // TCP), only their replies are lost. Calls it made that were never sent
    // (queued for a restarting target) die with it, as does any retry.
    for (const out of this.s.calls.outgoingOf(rec)) {
      if (out.waitingRestart || out.task !== null) {
        this.s.calls.removeIncoming(out);
        this.s.calls.removePending(out);
      } else {
        out.orphan = true;
        out.retriesLeft = 0;
      }
    }
    // Calls to it in flight or running fail with ActorDiedError unless task
    // retries are left (then they are re-delivered after the restart); calls
    // made while it was restarting were never sent and wait for the restart.
    for (const call of this.s.calls.incomingOf(rec)) {
      if (call.remoteCallId !== null) {
        // From another process: no re-delivery across processes; the caller learns of the death.
        this.s.calls.removeIncoming(call);
        const lost = canRestart
          ? new ActorUnavailableError(rec.id, `call ${call.label}: actor ${rec.id} crashed (${cause}) and is restarting`)
          : new ActorDiedError(rec.id, `call ${call.label}: actor ${rec.id} died (${cause})`);
        const reply: ReplyBody = new ReplyBodyObject(call.remoteCallId, call.attempt, false, lost, undefined);
        this.host.send(this.s.envelope('reply', rec.node, call.origin.node, rec.id, call.origin.actorId, call.label, reply));
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
      this.s.calls.removeIncoming(call);
      this.s.calls.removePending(call);
      // An actor that will come back is unavailable (the call may be retried by its caller); one that will not is dead.
      call.ref.reject(
        canRestart
          ? new ActorUnavailableError(rec.id, `call ${call.label}: actor ${rec.id} crashed (${cause}) and is restarting; the call had no retries left`)
          : new ActorDiedError(rec.id, `call ${call.label}: actor ${rec.id} died (${cause})`),
      );
    }
  }
}

/** At most `count` settled refs (in the given order) are ready; every other ref is pending, as Ray's wait returns them. */
function splitReady<T>(refs: readonly Ref<T>[], count = refs.length): WaitResult<T> {
  const ready: Ref<T>[] = [];
  const pending: Ref<T>[] = [];
  for (const r of refs) (r.settled && ready.length < count ? ready : pending).push(r);
  return { ready, pending };
}




function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value) && !(value instanceof Ref) && !ArrayBuffer.isView(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
