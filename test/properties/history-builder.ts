// Builds History event lists from per-operation specs, for the checker tests.

import type { History, HistoryEvent } from '../../properties/history';

export interface OpSpec {
  p: number;
  op: string;
  args: unknown[];
  call: number;
  /** Completion time; omitted with outcome 'open' (an invoke that never completes). */
  ret?: number;
  outcome?: 'ok' | 'fail' | 'unknown' | 'open';
  result?: unknown;
}

/** Invoke and completion events sorted by time; at equal times, in the order given. */
export function historyOf(specs: readonly OpSpec[]): History {
  const events: { event: HistoryEvent; seq: number }[] = [];
  for (const spec of specs) {
    events.push({ event: { process: spec.p, type: 'invoke', op: spec.op, args: spec.args, timeMs: spec.call }, seq: events.length });
    const outcome = spec.outcome ?? 'ok';
    if (outcome === 'open') continue;
    const completion: HistoryEvent = { process: spec.p, type: outcome, op: spec.op, args: spec.args, timeMs: spec.ret ?? spec.call };
    if (spec.result !== undefined) completion.result = spec.result;
    events.push({ event: completion, seq: events.length });
  }
  return events.sort((a, b) => a.event.timeMs - b.event.timeMs || a.seq - b.seq).map((e) => e.event);
}

/** Shorthands for store operations. */
export const upload = (p: number, name: string, content: string, call: number, ret: number, outcome: OpSpec['outcome'] = 'ok'): OpSpec => ({
  p, op: 'upload', args: [name, content], call, ret, outcome,
});
export const update = (p: number, name: string, content: string, call: number, ret: number, outcome: OpSpec['outcome'] = 'ok'): OpSpec => ({
  p, op: 'update', args: [name, content], call, ret, outcome,
});
export const get = (p: number, name: string, result: string, call: number, ret: number, outcome: OpSpec['outcome'] = 'ok'): OpSpec => ({
  p, op: 'get', args: [name], call, ret, outcome, result: outcome === 'ok' ? result : undefined,
});
export const del = (p: number, name: string, call: number, ret: number, outcome: OpSpec['outcome'] = 'ok'): OpSpec => ({
  p, op: 'delete', args: [name], call, ret, outcome,
});
