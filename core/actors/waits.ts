import { InvalidArgumentError, show } from '../errors';
import { checkDelay } from './arg-checks';
import { GetTimeoutError } from './errors';
import type { Origin } from './handle';
import type { Host, TimerId } from './host';
import { Ref } from './ref';

// Awaiting Refs from actor or client code (`get` with a timeout, Ray's
// `wait`): timers on the waiter's node, so its virtual time bounds them.
// Driver code drives the loop around these (drive.ts).

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

/** A Ref's value, or GetTimeoutError after `timeoutMs` on the waiter's node. */
export function getFrom<T>(host: Host, origin: Origin, ref: Ref<T>, options: { timeoutMs?: number }): Promise<T> {
  const timeoutMs = options.timeoutMs;
  if (timeoutMs === undefined || ref.settled) return Promise.resolve(ref);
  checkDelay('get: timeoutMs', timeoutMs);
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const timer = host.setTimer(origin.node, timeoutMs, () => {
      if (done) return;
      done = true;
      reject(new GetTimeoutError(`get: ${ref} not ready after ${timeoutMs}ms`));
    }, origin.actorId, 'get timeout');
    ref.onSettle(() => {
      if (done) return;
      done = true;
      host.clearTimer(timer);
      const s = ref.peek()!;
      if (s.ok) resolve(s.value as T);
      else reject(s.error);
    });
  });
}

/** Resolves once `count` refs are ready or `timeoutMs` passes on the waiter's node. */
export function waitFrom<T>(host: Host, origin: Origin, refs: readonly Ref<T>[], options: WaitOptions, api: string): Promise<WaitResult<T>> {
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
      if (timer !== null) host.clearTimer(timer);
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
      timer = host.setTimer(origin.node, options.timeoutMs, finish, origin.actorId, 'wait timeout');
    }
  });
}

/** At most `count` settled refs (in the given order) are ready; every other ref is pending, as Ray's wait returns them. */
export function splitReady<T>(refs: readonly Ref<T>[], count = refs.length): WaitResult<T> {
  const ready: Ref<T>[] = [];
  const pending: Ref<T>[] = [];
  for (const r of refs) (r.settled && ready.length < count ? ready : pending).push(r);
  return { ready, pending };
}
