// What every checker reports: a stable kind, a message a person can act on,
// the virtual time, and the chunk, nodes or artifact involved.

export interface CheckViolation {
  kind: string;
  message: string;
  timeMs: number;
  chunk?: string;
  nodes?: string[];
  name?: string;
}
