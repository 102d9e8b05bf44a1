import { AssertionFailedError } from '../errors';
import { TaskError } from './errors';
import type { Host } from './host';
import { reportActorError, reportAssertion } from './report-actor-error';

// What running actor or task code came to: a value, a promise, or a throw,
// and how the runtime turns each into a reply or a report.

export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

/** The error a failed call or task replies with. */
export function toTaskError(where: string, err: unknown): TaskError {
  if (err instanceof TaskError) return err;
  if (err instanceof Error) return TaskError.wrap(where, err);
  return new TaskError(where, 'Error', String(err));
}

export function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Runs actor code whose errors nobody awaits (timers, tells): any error becomes a violation (report-actor-error.ts). */
export function runGuarded(host: Host, actor: string, where: string, fn: () => unknown): void {
  try {
    const r = fn();
    if (isThenable(r)) r.then(undefined, (err) => reportActorError(host, actor, where, err, 'detached'));
  } catch (err) {
    reportActorError(host, actor, where, err, 'detached');
  }
}

export function reportIfAssertion(host: Host, where: string, err: unknown): void {
  if (err instanceof AssertionFailedError) reportAssertion(host, where, err);
}
