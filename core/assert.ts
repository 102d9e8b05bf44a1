import { AssertionFailedError } from './errors';

// Assertions that stay on in every build (TigerBeetle's habit): a broken
// invariant is caught at the event that broke it. Use one condition per call.
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionFailedError(message);
}
