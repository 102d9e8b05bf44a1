import { ActorsimError, AssertionFailedError, show } from '../errors';
import type { Host } from './host';
import { markReported, wasReported } from '../assert';

// No error in actor code is swallowed. Where the runtime catches one, it
// decides here what it means:
//   'answered'  a call's caller receives the error: only an assertion is a bug
//   'orphaned'  nobody will receive it (a caller gone, a constructor at
//               restart): a coded error (ActorsimError: a deliberate refusal
//               such as a corrupt edit log) is the actor's answer, recorded in
//               its death cause; anything else (a TypeError) is a bug
//   'detached'  timers and tells: nothing awaits them, so any error is a bug
// A bug becomes a violation of kind `actor-error` with the actor, the method,
// the time and the stack (assertions keep their kind); the simulator fails
// the run with it, the real host logs it.

export type ActorErrorScope = 'answered' | 'orphaned' | 'detached';

export interface ActorErrorDetail {
  kind: 'actor-error';
  actor: string;
  method: string;
  /** Not part of the trace hash: file paths differ between machines. */
  stack: string;
}

/** `where` is the runtime's label for the code that threw (a method label, `<actor> timer`); `actor` the actor id. */
export function reportActorError(host: Host, actor: string, where: string, err: unknown, scope: ActorErrorScope): void {
  if (err instanceof AssertionFailedError) {
    reportAssertion(host, where, err);
    return;
  }
  const method = where.startsWith(`${actor} `) ? where.slice(actor.length + 1) : where;
  const source = { actor, method };
  if (scope === 'answered') return;
  if (scope === 'orphaned' && err instanceof ActorsimError) {
    host.noteActorFailure?.(actor, where, `${err.name} (${err.code}): ${err.message}`);
    return;
  }
  const text = err instanceof Error ? `${err.name}: ${err.message}` : `threw a non-error ${show(err)}`;
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : text;
  host.reportViolation(where, `${source.actor} ${source.method} threw at ${host.now()}ms: ${text}`, { kind: 'actor-error', actor: source.actor, method: source.method, stack });
}

/** An assertion that propagated to the runtime: a violation, named after the code that threw, once (see core/assert.ts). */
export function reportAssertion(host: Host, where: string, err: AssertionFailedError): void {
  if (wasReported(err)) return;
  markReported(err);
  host.reportViolation(where, err.message);
}
