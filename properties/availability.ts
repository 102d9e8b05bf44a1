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
// - no fault names X, and no partition or clog may cut X from the name node,
//   from the first sample to the completion; none may cut C from X or C from
//   the name node during the operation, in either direction;
// - the name node was not faulted from the first sample to the completion;
// - no network-wide fault that drops or slows messages (loss, delay, a kind
//   the timeline does not know) overlapped the operation (duplication and
//   reordering deliver every message);
// - no write or delete of unknown outcome of the name between the samples;
//   then either both samples show one version (nothing committed), or
//   exactly one write or delete committed, acknowledged at least roundMs
//   before the failure (a correct client re-locates once, after a failed
//   round, and then reads the new version or answers NOT_FOUND), and each
//   chunk of the old version had such an X in the first sample and each
//   chunk of a new one in the second (from the invocation on).
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
  // Writes of the name between the samples: a delete may empty it, an unknown write may commit at any instant.
  const concurrent = ops.filter((m) => isMutation(m) && m.name === o.name && m.invokeMs <= b && m.doneMs >= before.askedMs);
  if (concurrent.some((m) => m.type === 'unknown' || m.type === 'open')) return null;
  const committed = concurrent.filter((m) => m.type === 'ok');
  // One switch of version costs a correct client one failed round: allow one, acknowledged early enough for another round.
  if (committed.length > 1 || committed.some((m) => m.doneMs > b - bounds.roundMs)) return null;
  const client = input.clientNode(o.process);
  if (timeline.networkLossy(a, b)) return null;
  if (timeline.nodeDisturbed(nameNode, Math.min(a, before.askedMs), after.atMs) || timeline.pairDisturbed(client, nameNode, a, b) || timeline.nodeDisturbed(client, a, b)) return null;
  const art0 = before.status.artifacts.find((x) => x.name === o.name);
  const art1 = after.status.artifacts.find((x) => x.name === o.name);
  const deleted = committed.length === 1 && committed[0]!.op === 'delete';
  // A delete that committed leaves the name absent (a correct client then answers NOT_FOUND); nothing else may remove it.
  if (!art0 || (deleted ? art1 !== undefined : !art1)) return null;
  const good = (s: StoreSample, listed: readonly string[], x: string, id: string, sum: string) =>
    listed.includes(x) && s.up.includes(x) && s.status.nodes.some((n) => n.id === x && n.state === 'ALIVE') && holdsIntact(s.disks, x, id, sum);
  // From `fromMs` to the later sample: a restart or a cut from the name node in between could have left X out of locate.
  const clean = (x: string, fromMs: number) =>
    !timeline.nodeDisturbed(x, fromMs, after.atMs) && !timeline.pairDisturbed(x, nameNode, fromMs, after.atMs) && !timeline.pairDisturbed(client, x, a, b);
  const picks: string[] = [];
  if (committed.length === 0) {
    // One version throughout: each chunk on a node both samples show listed, ALIVE and intact.
    if (!art1 || art0.version !== art1.version || art0.chunks.length !== art1.chunks.length) return null;
    for (const c0 of art0.chunks) {
      const c1 = art1.chunks.find((c) => c.id === c0.id);
      if (!c1) return null;
      const x = c0.replicas.find((n) => good(before, c0.replicas, n, c0.id, c0.checksum) && good(after, c1.replicas, n, c0.id, c0.checksum) && clean(n, before.askedMs));
      if (x === undefined) return null;
      picks.push(`${c0.id} on ${x}`);
    }
    return picks.join(', ');
  }
  // A write or delete committed meanwhile: the old version readable until it was replaced, the new one (if any) from then on.
  const versions = deleted ? ([[art0, before, before.askedMs]] as const) : ([[art0, before, before.askedMs], [art1!, after, a]] as const);
  for (const [art, s, fromMs] of versions) {
    for (const c of art.chunks) {
      const x = c.replicas.find((n) => good(s, c.replicas, n, c.id, c.checksum) && clean(n, fromMs));
      if (x === undefined) return null;
      picks.push(`v${art.version} ${c.id} on ${x}`);
    }
  }
  if (deleted) picks.push('then deleted (a correct client answers NOT_FOUND)');
  return picks.join(', ');
}
