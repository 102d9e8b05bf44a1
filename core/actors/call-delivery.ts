import { InvalidArgumentError, show } from '../errors';
import type { ActorRecord } from './actor-record';
import { CallRecord } from './call-record';
import { allImmutable, copyValue, isImmutable } from './copy';
import { ActorDiedError, ActorNotFoundError } from './errors';
import type { Envelope, Host } from './host';
import { REC, ReplyBodyObject, type CallBody, type ReplyBody } from './messages';
import { boundOrigin, DRIVER_INCARNATION } from './origin';
import { isThenable, toTaskError } from './outcome';
import { Ref } from './ref';
import { reportActorError } from './report-actor-error';
import type { RuntimeState } from './runtime-state';

// Running a delivered call on its actor: at most `maxConcurrency` at once
// (the rest queue in arrival order), a fresh copy of the arguments per
// delivery, and a reply to the caller when it finishes. Also a duplicated
// delivery (it runs again; its reply goes nowhere) and a call from another
// process (run under an inbound record).

export class CallDelivery {
  private readonly host: Host;

  constructor(private readonly s: RuntimeState) {
    this.host = s.host;
  }

  /** A call arrived at its actor's node: run it, queue it behind `maxConcurrency`, or drop a stale attempt. */
  deliverCall(env: Envelope): void {
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

  /** Runs a call on the actor's current incarnation; its outcome goes to finish. */
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
}
