import type { CheckViolation } from './violation';
import type { FaultTimeline } from './fault-timeline';
import type { History } from './history';
import { historyOps, isWrite } from './history-ops';
import { diskObservations, holdsIntact, intactStreaks, type StoreBounds, type StoreSample } from './store-sample';

// Locatability while faults rage: at every sample, every acknowledged artifact
// (an acked upload or update that no delete which may have happened since
// supersedes) is in the name node's map, and each chunk of it is listed on at
// least one node that is up and really holds an intact copy, whenever some
// node has been holding an intact copy long enough for a correct name node to
// know it. "Long enough" for a node X (bounds in store-sample.ts):
// - X held an intact copy at every observation of the last learnMs (the
//   disks are looked at when a sample is asked for and when it is answered);
// - nothing named X in that window (crash, wipe, disk, clock faults), nothing
//   cut the name node's messages to X since the window began or the name node
//   last restarted, whichever is later (a request for a report after the name
//   node restarted, a surplus delete: lost, X keeps a copy the name node
//   dropped on purpose until X's next report; a restart forgets pending
//   deletes), and any silence of X toward
//   the name node (pause, cut) was shorter than silenceLimitMs, so a correct
//   failure detector never declared it dead;
// - the name node was not faulted within rejoinMs (a restarted name node asks
//   every node that heartbeats for a report at once, safe mode or not), and
//   no network-wide fault that drops or slows messages within learnMs.
// A chunk with no such X may be unlisted (every holder down or newly back).
// Catches a name node that drops holders too early, forgets them on a
// restart or fails to re-admit a returning node.

export interface LocatabilityInput {
  samples: readonly StoreSample[];
  history: History;
  timeline: FaultTimeline;
  bounds: StoreBounds;
  nameNode: string;
  storageNodes: readonly string[];
}

export function checkLocatability(input: LocatabilityInput): CheckViolation[] {
  const { timeline, bounds, nameNode } = input;
  const L = bounds.learnMs;
  const ops = historyOps(input.history);
  const out: CheckViolation[] = [];
  const reported = new Set<string>();
  const streaks = intactStreaks(diskObservations(input.samples));
  const samples = [...input.samples].sort((a, b) => a.atMs - b.atMs);
  for (const s of samples) {
    const intactSince = streaks.get(s.atMs)!;
    const t0 = s.askedMs;
    const t1 = s.atMs;
    if (timeline.networkLossy(t0 - L, t1) || timeline.nodeDisturbed(nameNode, t0 - bounds.rejoinMs, t1)) continue;
    const byName = new Map(s.status.artifacts.map((a) => [a.name, a]));
    const restarted = timeline.restartedBy(nameNode, t0);
    for (const name of ackedNames(ops, t0, t1)) {
      const a = byName.get(name);
      if (!a) {
        if (reported.has(`name:${name}`)) continue;
        reported.add(`name:${name}`);
        out.push({ kind: 'unlocatable', message: `at ${t1}ms the name node's map does not list ${JSON.stringify(name)}, an acknowledged artifact no delete can have removed`, timeMs: t1, name });
        continue;
      }
      for (const c of a.chunks) {
        if (reported.has(c.id)) continue;
        if (c.replicas.some((r) => s.up.includes(r) && holdsIntact(s.disks, r, c.id, c.checksum))) continue;
        const owed = input.storageNodes.find((x) => {
          const since = intactSince.get(`${c.id}@${x}#${c.checksum}`);
          if (since === undefined || since > t0 - L) return false;
          if (timeline.nodeDisturbed(x, t0 - L, t1)) return false;
          // The name node's messages to X (a request for a report, a surplus delete) must get through.
          // A restart of the name node forgets its pending deletes: from then on is enough.
          if (timeline.linkDisturbed(nameNode, x, Math.max(t0 - L, restarted ?? -Infinity), t1)) return false;
          return timeline.maybeSilences(x, t0 - L, t1).every(([from, to]) => to - from < bounds.silenceLimitMs);
        });
        if (owed === undefined) continue;
        reported.add(c.id);
        out.push({
          kind: 'unlocatable',
          message:
            `at ${t1}ms chunk ${c.id} #${c.index} of ${JSON.stringify(name)} is listed on [${c.replicas.join(', ')}], none up with an intact copy, ` +
            `while ${owed} has held an intact copy since ${intactSince.get(`${c.id}@${owed}#${c.checksum}`)}ms, up and heard from (bound ${L}ms)`,
          timeMs: t1,
          chunk: c.id,
          nodes: [owed, ...c.replicas],
          name,
        });
      }
    }
  }
  return out;
}

/**
 * Names with an upload or update acknowledged before `t0` that no delete can
 * have superseded: no delete invoked before `t1` that may have happened (ok,
 * unknown or open) and did not finish before the write was invoked.
 */
function ackedNames(ops: ReturnType<typeof historyOps>, t0: number, t1: number): string[] {
  const lastAck = new Map<string, number>();
  for (const o of ops) if (isWrite(o) && o.type === 'ok' && o.doneMs < t0 && o.name !== undefined) lastAck.set(o.name, Math.max(lastAck.get(o.name) ?? -Infinity, o.invokeMs));
  const out: string[] = [];
  for (const [name, writeInvokeMs] of lastAck) {
    const deleted = ops.some((o) => o.op === 'delete' && o.name === name && o.type !== 'fail' && o.invokeMs < t1 && o.doneMs > writeInvokeMs);
    if (!deleted) out.push(name);
  }
  return out;
}
