import type { History, HistoryEvent } from './history';

// A history as operations: each invocation with its completion (null while
// open at the end of the run), in invocation order.

export interface HistoryOp {
  process: number;
  op: string;
  name: string | undefined;
  invokeMs: number;
  /** Completion time; Infinity while open. */
  doneMs: number;
  type: 'ok' | 'fail' | 'unknown' | 'open';
  /** A failure's error code. */
  code: string | undefined;
}

export function historyOps(history: History): HistoryOp[] {
  const out: HistoryOp[] = [];
  const open = new Map<number, HistoryOp>();
  for (const e of history) {
    if (e.type === 'invoke') {
      const op: HistoryOp = { process: e.process, op: e.op, name: nameOf(e), invokeMs: e.timeMs, doneMs: Infinity, type: 'open', code: undefined };
      open.set(e.process, op);
      out.push(op);
      continue;
    }
    const op = open.get(e.process);
    if (!op) continue;
    open.delete(e.process);
    op.doneMs = e.timeMs;
    op.type = e.type;
    if (e.type === 'fail') op.code = typeof e.result === 'string' ? e.result : String(e.result);
  }
  return out;
}

function nameOf(e: HistoryEvent): string | undefined {
  return typeof e.args[0] === 'string' ? e.args[0] : undefined;
}

export const isWrite = (o: HistoryOp): boolean => o.op === 'upload' || o.op === 'update';
export const isMutation = (o: HistoryOp): boolean => isWrite(o) || o.op === 'delete';
