import { AssertionFailedError } from './errors';

// Assertions that stay on in every build (TigerBeetle's habit): a broken
// invariant is caught at the event that broke it. Use one condition per call.
//
// A failed assertion reaches its host the moment it fails, not only when it
// propagates: actor code may catch it (a `catch` that maps every error to
// UNAVAILABLE) and it must still surface. The host that runs actor code
// installs a sink (the simulator while it runs, a real node for its life);
// the runtime, which also reports assertions that propagate out of actor
// code, skips those a sink already took (wasSurfaced).

export type AssertionSink = (err: AssertionFailedError) => void;

const sinks: AssertionSink[] = [];
const surfaced = new WeakSet<AssertionFailedError>();

/** Makes `sink` receive every failed assertion until the returned function is called (sinks nest: the latest wins). */
export function installAssertionSink(sink: AssertionSink): () => void {
  sinks.push(sink);
  return () => {
    const i = sinks.lastIndexOf(sink);
    if (i >= 0) sinks.splice(i, 1);
  };
}

/** True when a sink already took this assertion (report it once). */
export function wasSurfaced(err: AssertionFailedError): boolean {
  return surfaced.has(err);
}

export function assert(condition: unknown, message: string): asserts condition {
  if (condition) return;
  const err = new AssertionFailedError(message);
  const sink = sinks[sinks.length - 1];
  if (sink) {
    surfaced.add(err);
    sink(err);
  }
  throw err;
}

/**
 * For catch blocks that turn errors into ordinary failures (UNAVAILABLE, "try
 * the next replica"): an assertion is a bug, never an ordinary failure, so it
 * goes on up to the runtime (it has already surfaced through the sink; this
 * keeps the actor from carrying on as if nothing had happened).
 */
export function rethrowAssertion(err: unknown): void {
  if (err instanceof AssertionFailedError) throw err;
}
