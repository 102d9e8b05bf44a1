import { AssertionFailedError } from './errors';

// Assertions that stay on in every build (TigerBeetle's habit): a broken
// invariant is caught at the event that broke it. Use one condition per call.
//
// A failed assertion reaches its host even when actor code catches it (a
// `catch` that maps every error to UNAVAILABLE): the host that runs actor
// code installs a sink (the simulator while it runs, a real node for its
// life) that hears of every failure the moment it happens. The runtime still
// reports the assertions that propagate out of actor code, with the method
// that threw; each failure is reported once (markReported / wasReported), so
// the sink reports only those nobody else did.

export type AssertionSink = (err: AssertionFailedError) => void;

const sinks: AssertionSink[] = [];
const reported = new WeakSet<AssertionFailedError>();

/** Makes `sink` hear of every failed assertion until the returned function is called (sinks nest: the latest hears). */
export function installAssertionSink(sink: AssertionSink): () => void {
  sinks.push(sink);
  return () => {
    const i = sinks.lastIndexOf(sink);
    if (i >= 0) sinks.splice(i, 1);
  };
}

/** Records that this failure has been reported as a violation (by the runtime or a sink). */
export function markReported(err: AssertionFailedError): void {
  reported.add(err);
}

export function wasReported(err: AssertionFailedError): boolean {
  return reported.has(err);
}

export function assert(condition: unknown, message: string): asserts condition {
  if (condition) return;
  const err = new AssertionFailedError(message);
  sinks[sinks.length - 1]?.(err);
  throw err;
}

/**
 * For catch blocks that turn errors into ordinary failures (UNAVAILABLE, "try
 * the next replica"): an assertion is a bug, never an ordinary failure, so it
 * goes on up to the runtime, which reports it with the method that threw (a
 * host's sink would report it anyway; this keeps the actor from carrying on).
 */
export function rethrowAssertion(err: unknown): void {
  if (err instanceof AssertionFailedError) throw err;
}
