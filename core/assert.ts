import { AssertionFailedError } from './errors';

// Assertions that stay on in every build (TigerBeetle's habit): a broken
// invariant is caught at the event that broke it. Use one condition per call.
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionFailedError(message);
}

/**
 * For catch blocks that turn errors into ordinary failures (UNAVAILABLE, "try
 * the next replica"): an assertion is a bug, never an ordinary failure, so it
 * goes on up to the runtime, which reports it as a violation.
 */
export function rethrowAssertion(err: unknown): void {
  if (err instanceof AssertionFailedError) throw err;
}
