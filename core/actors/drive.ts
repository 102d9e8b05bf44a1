import { InvalidArgumentError, show } from '../errors';
import { DeadlockError } from './errors';
import { Ref } from './ref';
import type { RuntimeState } from './runtime-state';
import { getFrom, splitReady, waitFrom, type WaitOptions, type WaitResult } from './waits';

// Driver code (outside any actor) awaiting the runtime: it lets virtual time
// pass (host.drive) until what it awaits settles, and names the deadlock or
// the drive limit when the loop stops first.

/** Resolves a Ref from driver code, letting virtual time pass as needed. */
export async function driveGet<T>(s: RuntimeState, ref: Ref<T>, options: { timeoutMs?: number }): Promise<T> {
  if (!(ref instanceof Ref)) throw new InvalidArgumentError(`get: expected a Ref, got ${show(ref)}`);
  const p = getFrom(s.host, s.driver, ref, options);
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  await s.host.drive(() => settled || ref.settled);
  if (!ref.settled && !settled) {
    const why = s.host.driveStopReason?.() ?? null;
    if (why !== null && !why.startsWith('deadlock')) throw new DeadlockError(`get: ${ref} did not settle: ${why}`);
    const { count, oldest } = s.calls.summary();
    throw new DeadlockError(`get: ${ref} can never resolve: deadlock: ${count} calls pending, oldest ${oldest ?? 'none'}`);
  }
  return p;
}

/** Drives virtual time until a driver-side promise settles (see ActorSystem.settle). */
export async function driveSettle<T>(s: RuntimeState, promise: PromiseLike<T>): Promise<T> {
  if (promise === null || typeof promise !== 'object' || typeof (promise as { then?: unknown }).then !== 'function') {
    throw new InvalidArgumentError(`settle: expected a promise, got ${show(promise)}`);
  }
  let settled = false;
  const p = Promise.resolve(promise);
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  await s.host.drive(() => settled);
  if (!settled) {
    const { count, oldest } = s.calls.summary();
    throw new DeadlockError(`settle: the promise did not settle before the loop stopped (nothing left to run or the drive limit passed): ${count} calls pending, oldest ${oldest ?? 'none'}`);
  }
  return p;
}

/** Waits until `count` refs are ready or `timeoutMs` of virtual time passes; when nothing is left to run, what is ready now. */
export async function driveWait<T>(s: RuntimeState, refs: readonly Ref<T>[], options: WaitOptions): Promise<WaitResult<T>> {
  let done = false;
  const p = waitFrom(s.host, s.driver, refs, options, 'wait');
  p.then(() => (done = true));
  await s.host.drive(() => done);
  if (!done) {
    // Nothing left to run: report what is ready now.
    return splitReady(refs, options.count ?? 1);
  }
  return p;
}
