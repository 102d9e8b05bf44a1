import { show } from '../errors';
import { labelOf, type ActorRecord } from './actor-record';
import { CallRecord } from './call-record';
import { allImmutable, copyValue } from './copy';
import { ActorDiedError, ActorNotFoundError, ActorUnavailableError } from './errors';

/** Refused calls at one instant beyond which retrying code is livelocked (no legitimate fan-out comes near it). */
const REFUSALS_PER_INSTANT = 10_000;
import type { Origin } from './handle';
import type { Envelope, Host } from './host';
import { CallBodyObject, type CallBody, type ReplyBody, type TellBody } from './messages';
import { boundOrigin } from './origin';
import { runGuarded } from './outcome';
import { Ref } from './ref';
import { hasTopLevelRef, resolveTopLevel } from './ref-args';
import type { RuntimeState } from './runtime-state';

// Sending calls and tells to actors, and settling a call's Ref from its
// reply. A call is sent at once to a live actor, waits for a restarting one
// that has task retries and fails fast otherwise (Ray's rules). Calls are sent
// in the order they are made (those that waited, in that order once their
// actor is back); the host keeps a link's messages in send order. Running a
// delivered call is call-delivery.ts; what a death does to calls, lifecycle.ts.

/** A handle's method, bound once (see callSite). */
interface CallSite {
  readonly origin: Origin;
  /** The caller's record; null for driver code. */
  readonly caller: ActorRecord | null;
  readonly target: ActorRecord;
  readonly method: string;
  readonly label: string;
}

export class Calls {
  private readonly host: Host;
  private refusedAtMs = -1;
  private refusedCount = 0;
  private livelockReported = false;

  constructor(private readonly s: RuntimeState) {
    this.host = s.host;
  }

  /** A call through a handle held by `origin` (unbound: see callSite). */
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

  /**
   * Fails a call the runtime refuses at once (Ray fails fast). Code that
   * retries such a call in a loop with no pause would spin inside one event
   * of a simulated world forever (the clock never moves, nothing else runs,
   * the heap fills): past REFUSALS_PER_INSTANT refusals at one instant it is
   * a livelock violation, and the calls are left unanswered so the loop stops.
   */
  private refuse(label: string, ref: Ref<unknown>, err: Error): void {
    const now = this.host.now();
    if (now !== this.refusedAtMs) {
      this.refusedAtMs = now;
      this.refusedCount = 0;
    }
    this.refusedCount += 1;
    if (this.refusedCount > REFUSALS_PER_INSTANT) {
      if (!this.livelockReported) {
        this.livelockReported = true;
        this.host.reportViolation('livelock', `call ${label} refused ${REFUSALS_PER_INSTANT} times at ${now}ms without time passing (${err.message}): code retries a refused call with no pause; such calls now go unanswered`);
      }
      return;
    }
    ref.reject(err);
  }

  /** `given`: the call's Ref, when its top-level Ref arguments have just resolved. */
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
      this.refuse(label, ref, new ActorDiedError(target.id, `call ${label}: actor ${target.id} is dead (${target.deathCause})`));
      return ref;
    }
    if (target.state === 'RESTARTING' && target.maxTaskRetries === 0) {
      // Ray fails fast: a call to a restarting actor without task retries is not queued.
      this.refuse(label, ref, new ActorUnavailableError(target.id, `call ${label}: actor ${target.id} is restarting (${target.deathCause}) and has no task retries`));
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

  /** Fire and forget: no Ref, no retry, nothing if the target is dead. */
  tellFrom(origin: Origin, actorId: string, method: string, args: unknown[]): void {
    const target = this.s.actors.get(actorId);
    if (!target) throw new ActorNotFoundError(`tell ${method}: no actor with id ${show(actorId)}`);
    if (!this.s.originAlive(origin)) return;
    if (target.state === 'DEAD') return; // fire and forget: no one to tell
    const body: TellBody = { args: copyValue(args, `tell ${target.className}.${method}`) };
    this.host.send(this.s.envelope('tell', origin.node, target.node, origin.actorId, target.id, `${target.className}.${method}`, body));
  }

  /** Puts an attempt of a call on the wire (again, for a re-delivery after a restart). */
  sendCall(rec: CallRecord): void {
    const target = rec.target!;
    rec.waitingRestart = false;
    rec.started = false;
    const body: CallBody = new CallBodyObject(rec.id, rec.attempt, rec.args, rec);
    this.host.send(this.s.envelope('call', rec.origin.node, target.node, rec.origin.actorId, target.id, rec.label, body));
  }

  /** Sends the calls that waited for the actor to start, in the order they were made. */
  sendWaitingCalls(rec: ActorRecord): void {
    if (!rec.callsWaiting) return;
    rec.callsWaiting = false;
    for (const call of this.s.calls.incomingOf(rec)) if (call.waitingRestart) this.sendCall(call);
  }

  /** A reply to a call or task: settles its Ref unless a later attempt superseded it or its caller died. */
  deliverReply(env: Envelope): void {
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

  /** Runs a tell on its actor's current incarnation; its errors are violations (nobody awaits them). */
  deliverTell(env: Envelope): void {
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
}
