import type { History, HistoryEvent } from './history';
import type { CheckViolation } from './violation';

// Durability (recoverable mode): after the cluster healed, a final read of
// each name must not lose an acknowledged write. A write W is "last" when no
// other write or delete of the name that may have happened (ok or unknown)
// was invoked after W was invoked. If such a W was acknowledged, the final
// read must return W's content (upload/update) or NOT_FOUND (delete); a
// final read that finds nothing, or older content, lost W.

interface Op {
  invoke: HistoryEvent;
  done: HistoryEvent | null;
}

export function checkLostWrites(history: History, finalProcess: number): CheckViolation[] {
  const out: CheckViolation[] = [];
  const open = new Map<number, HistoryEvent>();
  const byName = new Map<string, Op[]>();
  const finals = new Map<string, HistoryEvent>();
  for (const e of history) {
    if (e.type === 'invoke') {
      open.set(e.process, e);
      continue;
    }
    const inv = open.get(e.process);
    open.delete(e.process);
    if (!inv || inv.op === 'status' || inv.op === 'get') {
      if (inv && e.process === finalProcess && inv.op === 'get') finals.set(inv.args[0] as string, e);
      continue;
    }
    const name = inv.args[0] as string;
    let l = byName.get(name);
    if (!l) byName.set(name, (l = []));
    l.push({ invoke: inv, done: e });
  }
  for (const [name, ops] of byName) {
    const maybe = ops.filter((o) => o.done?.type !== 'fail');
    if (maybe.length === 0) continue;
    const lastInvoke = Math.max(...maybe.map((o) => o.invoke.timeMs));
    const last = maybe.filter((o) => o.invoke.timeMs === lastInvoke);
    if (last.length !== 1 || last[0]!.done?.type !== 'ok') continue; // ambiguous: leave it to the linearizability checker
    // Another may-have-happened write concurrent with W could still be ordered after it.
    const w = last[0]!;
    if (maybe.some((o) => o !== w && (o.done === null || o.done.type === 'unknown' || o.done.timeMs >= w.invoke.timeMs))) continue;
    const final = finals.get(name);
    if (!final) continue;
    const expectAbsent = w.invoke.op === 'delete';
    const want = expectAbsent ? null : (w.invoke.args[1] as string);
    const got = final.type === 'ok' ? (final.result as string) : final.type === 'fail' && final.result === 'NOT_FOUND' ? null : undefined;
    if (got === want) continue;
    out.push({
      kind: 'lost-write',
      message: `acknowledged ${w.invoke.op} of ${JSON.stringify(name)} by client ${w.invoke.process} at ${w.invoke.timeMs}..${w.done!.timeMs}ms was lost: the final read got ${
        got === undefined ? `${final.type} ${String(final.result ?? '')}` : got === null ? 'NOT_FOUND' : JSON.stringify(got.slice(0, 40))
      }`,
      timeMs: final.timeMs,
      causeMs: w.done!.timeMs,
      name,
    });
  }
  return out;
}
