import { assert } from '../assert';
import { InvalidArgumentError, show } from '../errors';
import { actorContext } from './actor-context';
import type { ActorClass, ActorRecord } from './actor-record';
import { checkRetries } from './arg-checks';
import type { Calls } from './calls';
import { constructWith } from './actor';
import { copyValue } from './copy';
import { ActorDiedError, ActorNotFoundError, ActorUnavailableError, DuplicateActorNameError } from './errors';
import { ActorHandle, type Origin } from './handle';
import type { Host } from './host';
import { ReplyBodyObject, type ReplyBody } from './messages';
import { errorText } from './outcome';
import { reportActorError } from './report-actor-error';
import type { RuntimeState } from './runtime-state';
import type { Tasks } from './tasks';

// An actor's life, with Ray's rules: spawn (placement, names), construction
// of each incarnation, kill, crash and restart (maxRestarts), the fate of its
// calls when an incarnation ends (maxTaskRetries), and node crashes.

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

const SPAWN_OPTIONS: readonly string[] = ['name', 'node', 'maxRestarts', 'maxTaskRetries', 'maxConcurrency'];

export class Lifecycle {
  private readonly host: Host;

  constructor(
    private readonly s: RuntimeState,
    private readonly calls: Calls,
    private readonly tasks: Tasks,
  ) {
    this.host = s.host;
  }

  /** Spawns an actor whose handle `origin` holds. */
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
    return new ActorHandle<InstanceType<C>>(this.s.handles, rec.id, rec.name, origin);
  }

  /** The handle (held by `origin`) of the live actor named `name`; ActorNotFoundError if none. */
  lookup<T extends object>(origin: Origin, name: string, api: string): ActorHandle<T> {
    if (typeof name !== 'string') throw new InvalidArgumentError(`${api}: name must be a string, got ${show(name)}`);
    const rec = this.s.byName.get(name);
    if (!rec) throw new ActorNotFoundError(`${api}: no live actor named ${show(name)}`);
    return new ActorHandle<T>(this.s.handles, rec.id, rec.name, origin);
  }

  /** Ends an actor. With `noRestart: false` it restarts if it has restarts left (Ray's kill). */
  kill(handle: ActorHandle<object>, options: { noRestart?: boolean }): void {
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

  /** (Re)creates the actor's instance: a new incarnation; a constructor that throws ends it for good. */
  private construct(rec: ActorRecord): void {
    if (rec.state === 'ALIVE' || rec.state === 'DEAD') return;
    if (!this.s.runsHere(rec.node)) {
      // The process that runs the node constructs it; here it is a stand-in.
      rec.state = 'ALIVE';
      rec.incarnation = 0;
      rec.startedAtMs = this.host.now();
      this.calls.sendWaitingCalls(rec);
      return;
    }
    const restarting = rec.state === 'RESTARTING';
    rec.incarnation += 1;
    if (restarting) rec.restarts += 1;
    const origin = this.s.origin(rec.node, rec.id, rec.incarnation);
    const ctx = actorContext(this.s, this, rec, origin);
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
    this.calls.sendWaitingCalls(rec);
  }

  /** `node` crashed: its actors die (restarting where they may), Refs it owned fail, its tasks are retried. */
  nodeDown(node: string): void {
    this.s.nodeEpoch.set(node, (this.s.nodeEpoch.get(node) ?? 0) + 1);
    this.s.refs?.nodeDown(node);
    for (const rec of this.s.byNode.get(node) ?? []) {
      if (rec.state === 'ALIVE') this.die(rec, `node ${node} crashed`, false);
    }
    this.tasks.nodeDown(node);
  }

  /** `node` is back: its actors waiting to (re)start are constructed. */
  nodeUp(node: string): void {
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
