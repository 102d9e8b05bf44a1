// What every checker reports: a stable kind, a message a person can act on,
// the virtual time, and the chunk, nodes or artifact involved.

export interface CheckViolation {
  kind: string;
  message: string;
  /** When the checker noticed it (an end-of-run check notices late). */
  timeMs: number;
  /** When it went wrong, where the checker knows (the bad read, the assertion): reports centre on it. */
  causeMs?: number;
  chunk?: string;
  nodes?: string[];
  name?: string;
}
