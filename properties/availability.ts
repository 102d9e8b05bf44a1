import type { CheckViolation } from './violation';
import type { FaultTimeline } from './fault-timeline';
import type { History } from './history';
import { historyOps, isMutation, type HistoryOp } from './history-ops';
import { holdsIntact, type StoreBounds, type StoreSample } from './store-sample';

// Availability, as Maelstrom's availability checker asks it, with the
// reachability rule spelled out:
//
// After healing: once the cluster has been observed converged (replication
// and agreement hold, no safe mode), and for every operation invoked at least
// `settleMs` after the heal, every operation succeeds: an ok, or a refusal
// that the data itself justifies (NOT_FOUND, ALREADY_EXISTS, invalid input).
// An unknown outcome, a timeout, UNAVAILABLE, SAFE_MODE or DATA_UNAVAILABLE
// then is a violation.
//
// While faults rage: a get may fail only if some chunk of the artifact had no
// intact replica on a reachable live node for the whole operation. A node X
// is a reachable live replica of chunk c for a get by the client on node C
// over [invoke, completion] when:
// - the samples just before the invocation and just after the completion both
//   show the same version of the artifact, X listed for c, X ALIVE in the
//   name node's table, X up and holding an intact copy with c's checksum
//   (so the name node's locate offers X, and the copy is there to read);
// - no fault names X during the operation, and no partition or clog may cut
//   C from X, C from the name node, in either direction;
// - the name node was not faulted within nameNodeLearnMs before the
//   invocation (a restarted name node knows no replicas until reports come);
// - no network-wide fault (loss, delay, duplication, reordering) overlapped
//   the operation or the learnMs before it;
// - no upload, update or delete of the name overlapped the operation (the
//   version read may change under it).
// A failed get for which every chunk had such an X is a violation: the
// client gave up while a good replica was there to be read. A NOT_FOUND is
// the linearizability checker's business, not this one's.

/** Failure codes that a healthy store may return on purpose. */
const SEMANTIC_FAILURES = new Set(['NOT_FOUND', 'ALREADY_EXISTS', 'INVALID_NAME', 'INVALID_CONTENT', 'CONTENT_TOO_LARGE']);

export interface AvailabilityInput {
  history: History;
  samples: readonly StoreSample[];
  timeline: FaultTimeline;
  bounds: StoreBounds;
  nameNode: string;
  /** Client node of a history process. */
  clientNode: (process: number) => string;
  /** When every fault was healed (world time). */
  healedAtMs: number;
  /** Operations invoked this long after the heal must succeed. */
  settleMs: number;
  /** When the cluster was observed converged after the heal, or null if it never was (then only the settle rule applies). */
  convergedAtMs: number | null;
}

export function checkAvailability(input: AvailabilityInput): CheckViolation[] {
  const ops = historyOps(input.history);
  const out: CheckViolation[] = [];
  const calm = Math.min(input.healedAtMs + input.settleMs, input.convergedAtMs ?? Infinity);
  for (const o of ops) {
    if (o.invokeMs < calm || o.op === 'status' && o.type === 'ok') continue;
    if (o.type === 'ok' || (o.type === 'fail' && SEMANTIC_FAILURES.has(o.code ?? ''))) continue;
    if (o.type === 'open') continue; // a stuck client is reported by the run itself
    out.push({
      kind: 'unavailable',
      message: `${o.op} ${o.name === undefined ? '' : JSON.stringify(o.name) + ' '}by client ${o.process} invoked at ${o.invokeMs}ms, after the cluster healed (${input.healedAtMs}ms) and settled, ${o.type === 'fail' ? `failed with ${o.code}` : 'ended unknown'} at ${o.doneMs}ms`,
      timeMs: o.doneMs,
      causeMs: o.invokeMs,
      ...(o.name !== undefined ? { name: o.name } : {}),
    });
  }
  const samples = [...input.samples].sort((a, b) => a.atMs - b.atMs);
  for (const o of ops) {
    if (o.op !== 'get' || o.type !== 'fail' || o.code === 'NOT_FOUND' || o.name === undefined || o.invokeMs >= calm) continue;
    const why = reachableEverywhere(o, ops, samples, input);
    if (why === null) continue;
    out.push({
      kind: 'unavailable',
      message: `get ${JSON.stringify(o.name)} by client ${o.process} failed with ${o.code} over [${o.invokeMs}, ${o.doneMs}]ms while every chunk had an intact replica on a reachable live node: ${why}`,
      timeMs: o.doneMs,
      causeMs: o.invokeMs,
      name: o.name,
    });
  }
  return out;
}

/** A description of one reachable intact replica per chunk, or null when some chunk had none (the failure is excused). */
function reachableEverywhere(o: HistoryOp, ops: readonly HistoryOp[], samples: readonly StoreSample[], input: AvailabilityInput): string | null {
  const { timeline, bounds, nameNode } = input;
  const a = o.invokeMs;
  const b = o.doneMs;
  const before = [...samples].reverse().find((s) => s.atMs <= a);
  const after = samples.find((s) => s.askedMs >= b);
  if (!before || !after) return null;
  if (ops.some((m) => isMutation(m) && m.name === o.name && m.invokeMs <= after.atMs && m.doneMs >= before.askedMs)) return null;
  const client = input.clientNode(o.process);
  if (timeline.networkDisturbed(a - bounds.learnMs, b)) return null;
  if (timeline.nodeDisturbed(nameNode, a - bounds.nameNodeLearnMs, b) || timeline.pairDisturbed(client, nameNode, a, b) || timeline.nodeDisturbed(client, a, b)) return null;
  const art0 = before.status.artifacts.find((x) => x.name === o.name);
  const art1 = after.status.artifacts.find((x) => x.name === o.name);
  if (!art0 || !art1 || art0.version !== art1.version || art0.chunks.length !== art1.chunks.length) return null;
  const picks: string[] = [];
  for (const c0 of art0.chunks) {
    const c1 = art1.chunks.find((c) => c.id === c0.id);
    if (!c1) return null;
    const good = (s: StoreSample, listed: readonly string[], x: string) =>
      listed.includes(x) && s.up.includes(x) && s.status.nodes.some((n) => n.id === x && n.state === 'ALIVE') && holdsIntact(s.disks, x, c0.id, c0.checksum);
    const x = c0.replicas.find(
      (n) => good(before, c0.replicas, n) && good(after, c1.replicas, n) && !timeline.nodeDisturbed(n, a, b) && !timeline.pairDisturbed(client, n, a, b),
    );
    if (x === undefined) return null;
    picks.push(`${c0.id} on ${x}`);
  }
  return picks.join(', ');
}
