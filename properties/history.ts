// The client history format: one object per event, as Jepsen and Porcupine record it.
// Every operation is an `invoke` followed by exactly one completion from the same
// process: `ok`, `fail` (definitely did not take effect) or `unknown` (timed out:
// it may or may not have taken effect).

export type HistoryEventType = 'invoke' | 'ok' | 'fail' | 'unknown';

export interface HistoryEvent {
  /** Client (Jepsen's process). A process has at most one operation open at a time. */
  process: number;
  type: HistoryEventType;
  /** Operation name: `upload`, `update`, `get`, `delete`, `status` for the store; `read`, `write`, `cas` for the register. */
  op: string;
  /** Arguments of the invocation, repeated on the completion. For the store: [name] or [name, content]. */
  args: unknown[];
  /** On `ok`: the result (a get's content). On `fail`: the reason (error code). Absent on invoke and unknown. */
  result?: unknown;
  /** Virtual milliseconds (or real, for imported histories); completions are never before their invoke. */
  timeMs: number;
}

export type History = HistoryEvent[];
