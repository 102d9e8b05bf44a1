import type { ActorClass, ActorInfo } from './actor-record';
import { actorInfo } from './actor-record';
import { CallDelivery } from './call-delivery';
import { Calls } from './calls';
import { clientContextAt, type ClientContext } from './client-context';
import { driveGet, driveSettle, driveWait } from './drive';
import { ActorHandle, HandleRuntime, Origin } from './handle';
import type { Envelope, Host } from './host';
import { Lifecycle, type SpawnOptions } from './lifecycle';
import { putAt } from './put';
import type { Ref } from './ref';
import type { RemoteFunction, TaskFn } from './remote';
import { RuntimeState } from './runtime-state';
import { Tasks } from './tasks';
import type { WaitOptions, WaitResult } from './waits';

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
//
// ActorSystem is the façade: the work is done by collaborators that share one
// RuntimeState (runtime-state.ts): Calls (sending calls and tells, replies),
// CallDelivery (running a delivered call), Tasks (remote functions),
// Lifecycle (spawn, kill, restart, node crashes), and the functions of
// drive.ts (driver-side get/settle/wait), waits.ts, put.ts, actor-context.ts
// and client-context.ts.

export type { ActorClass, ActorInfo, ActorState } from './actor-record';
export type { ClientContext } from './client-context';
export type { SpawnOptions } from './lifecycle';
export type { WaitOptions, WaitResult } from './waits';

export class ActorSystem implements HandleRuntime {
  /** The runtime's state, shared with its collaborators. */
  private readonly s: RuntimeState;
  private readonly calls: Calls;
  private readonly delivery: CallDelivery;
  private readonly tasks: Tasks;
  private readonly life: Lifecycle;
  readonly driver: Origin;

  constructor(readonly host: Host) {
    this.s = new RuntimeState(host, this);
    this.driver = this.s.driver;
    this.calls = new Calls(this.s);
    this.delivery = new CallDelivery(this.s);
    this.tasks = new Tasks(this.s);
    this.life = new Lifecycle(this.s, this.calls, this.tasks);
    host.attach({
      deliver: (env) => this.deliver(env),
      nodeDown: (node) => this.life.nodeDown(node),
      nodeUp: (node) => this.life.nodeUp(node),
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
    return this.life.lookup<T>(this.driver, name, 'getActor');
  }

  /** Ends an actor. With `noRestart: false` it restarts if it has restarts left (Ray's kill). */
  kill(handle: ActorHandle<object>, options: { noRestart?: boolean } = {}): void {
    this.life.kill(handle, options);
  }

  /** Stores an immutable value and returns a resolved Ref to it. */
  put<T>(value: T): Ref<T> {
    return putAt(this.host.driverNode, value);
  }

  /** Resolves a Ref from driver code, letting virtual time pass as needed. */
  get<T>(ref: Ref<T>, options: { timeoutMs?: number } = {}): Promise<T> {
    return driveGet(this.s, ref, options);
  }

  /**
   * Drives virtual time until a driver-side promise settles and returns its
   * result: a StoreClient call made through `clientAt`, a `Promise.all` of
   * client calls. Client contexts never drive the loop themselves (many run
   * at once), so driver code awaits them through this.
   */
  settle<T>(promise: PromiseLike<T>): Promise<T> {
    return driveSettle(this.s, promise);
  }

  /** Waits until `count` refs are ready or `timeoutMs` of virtual time passes. */
  wait<T>(refs: readonly Ref<T>[], options: WaitOptions = {}): Promise<WaitResult<T>> {
    return driveWait(this.s, refs, options);
  }

  /** Declares a remote function (a stateless task, Ray's @ray.remote def). */
  remote<A extends unknown[], R>(fn: TaskFn<A, R>, options: { name?: string; maxRetries?: number } = {}): RemoteFunction<A, R> {
    return this.tasks.remote(fn, options);
  }

  /**
   * A context for driver-side code that acts from `node` (a client process):
   * calls through its handles come from that node, and its waits use virtual
   * time without driving the loop, so many clients can run at once.
   */
  clientAt(node: string): ClientContext {
    return clientContextAt(this.s, this.life, node);
  }

  /** Every actor ever spawned, in spawn order. */
  actorsTable(): ActorInfo[] {
    const out: ActorInfo[] = [];
    for (const r of this.s.actors.values()) out.push(actorInfo(r));
    return out;
  }

  /**
   * The running instance of a named actor, or null (none, or not running): a
   * simulator's god's-eye view for checkers that read an actor's state
   * between events without a message. Never for actor code: it bypasses the
   * mailbox, and a real host has no such view.
   */
  peekInstance(name: string): object | null {
    const rec = this.s.byName.get(name);
    return rec !== undefined && rec.state === 'ALIVE' && rec.instance !== null ? rec.instance : null;
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
    return this.calls.callFrom(origin, actorId, method, args);
  }

  /** A handle's method bound once (see Calls.callSite). */
  callSite(origin: Origin, actorId: string, method: string): (...args: unknown[]) => Ref<unknown> {
    return this.calls.callSite(origin, actorId, method);
  }

  tellFrom(origin: Origin, actorId: string, method: string, args: unknown[]): void {
    this.calls.tellFrom(origin, actorId, method, args);
  }

  spawnFrom<C extends ActorClass>(origin: Origin, cls: C, args: ConstructorParameters<C>, options: SpawnOptions): ActorHandle<InstanceType<C>> {
    return this.life.spawnFrom(origin, cls, args, options);
  }

  // ------------------------------------------------------------------ delivery

  private deliver(env: Envelope): void {
    // Tells are fire and forget: a heartbeat is not progress of any call.
    if (env.kind !== 'tell') this.s.progressCount += 1;
    switch (env.kind) {
      case 'call':
        return this.delivery.deliverCall(env);
      case 'reply':
      case 'task-reply':
        return this.calls.deliverReply(env);
      case 'tell':
        return this.calls.deliverTell(env);
      case 'task':
        return this.tasks.deliverTask(env);
      case 'ref-value':
        return this.s.refs?.deliver(env);
    }
  }
}
