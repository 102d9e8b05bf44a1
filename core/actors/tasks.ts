import { InvalidArgumentError, show } from '../errors';
import { faultPointsOn } from './fault-points';
import { checkRetries } from './arg-checks';
import { CallRecord } from './call-record';
import { copyValue } from './copy';
import { NodeDiedError } from './errors';
import type { Origin } from './handle';
import type { Envelope, Host } from './host';
import { CallBodyObject, ReplyBodyObject, type CallBody, type ReplyBody } from './messages';
import { DRIVER_INCARNATION } from './origin';
import { isThenable, reportIfAssertion, toTaskError } from './outcome';
import { Ref } from './ref';
import { hasTopLevelRef, resolveTopLevel } from './ref-args';
import { RemoteFunction, type TaskContext, type TaskFn } from './remote';
import type { RuntimeState } from './runtime-state';

// Remote functions (Ray's stateless tasks): an attempt runs on a seeded
// choice of live node (or the pinned one) with its own TaskContext; when its
// node dies it is retried elsewhere while retries are left.

export class Tasks {
  private readonly host: Host;

  constructor(private readonly s: RuntimeState) {
    this.host = s.host;
  }

  /** Declares a remote function (a stateless task, Ray's @ray.remote def). */
  remote<A extends unknown[], R>(fn: TaskFn<A, R>, options: { name?: string; maxRetries?: number } = {}): RemoteFunction<A, R> {
    const maxRetries = options.maxRetries ?? 3;
    checkRetries('remote', 'maxRetries', maxRetries);
    return new RemoteFunction<A, R>(fn, options.name ?? (fn.name || 'task'), maxRetries, (rf, args, node) =>
      this.submitTask(this.s.driver, rf as unknown as RemoteFunction<unknown[], unknown>, args, node) as Ref<Awaited<R>>,
    );
  }

  /** `given`: the task's Ref, when its top-level Ref arguments have just resolved. */
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

  /** Sends an attempt to `preferred` if it is up, else to a seeded choice of live node; none: the task fails. */
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

  /** Runs a task attempt on its node; the reply is dropped if the node died meanwhile (nodeDown retries it). */
  deliverTask(env: Envelope): void {
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
      ...faultPointsOn(host, node),
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

  /** `node` died: the task attempts it ran are retried elsewhere while retries are left, else fail. */
  nodeDown(node: string): void {
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
}
