import type { StoreStatus } from '../core/store';
import type { CheckViolation } from './violation';
import type { FaultTimeline } from './fault-timeline';
import { diskObservations, holdsIntact, type StoreBounds, type StoreSample } from './store-sample';

// Status truth while faults rage: what `status` says agrees with itself, and
// never claims more than the disks and the nodes' liveness allow, beyond a
// staleness bound (store-sample.ts). Checked at every sample:
// - Consistency (always): each chunk's state follows from its own replica
//   list and R (MISSING with none, UNDER_REPLICATED below R, OK at R,
//   OVER_REPLICATED above); the summary's counts are the chunks' tallies; the
//   verdict is CORRUPT exactly when a chunk is MISSING, HEALTHY exactly when
//   nothing is missing, under- or over-replicated, corrupt or restarting.
// - Truth (when the name node was not faulted and no loss or delay was on
//   within deadMs: a delayed heartbeat may keep a node alive; the name node's
//   failure detector runs on its monotonic clock, which clock faults do not
//   move, and a restarted name node starts with every node dead): a replica does not count when its node has certainly been
//   unheard (paused, down, cut off from the name node) for longer than
//   deadMs, or when its disk has lacked an intact copy, on an up node, for
//   longer than phantomMs. A chunk reported OK or OVER_REPLICATED must have R
//   counting replicas, one reported UNDER_REPLICATED at least one; a chunk no
//   disk anywhere has held intact for phantomMs must be MISSING; and a node
//   unheard for longer than deadMs must not be ALIVE.
// Pessimism (MISSING while copies exist) is the locatability checker's.

export interface StatusTruthInput {
  samples: readonly StoreSample[];
  timeline: FaultTimeline;
  bounds: StoreBounds;
  nameNode: string;
  storageNodes: readonly string[];
}

export function checkStatusTruth(input: StatusTruthInput): CheckViolation[] {
  const { timeline, bounds } = input;
  const out: CheckViolation[] = [];
  const reported = new Set<string>();
  const report = (key: string, v: CheckViolation) => {
    if (reported.has(key)) return;
    reported.add(key);
    out.push(v);
  };
  /** `${chunk}@${node}` -> atMs of the first sample of the current streak where an up node's disk lacks the listed copy. */
  let absentSince = new Map<string, number>();
  /** chunk id -> atMs of the first sample of the current streak where no disk holds an intact copy. */
  let goneSince = new Map<string, number>();
  const observations = diskObservations(input.samples);
  /** Observed down from an observation at or before `fromMs` through `toMs`, with no restart in between. */
  const downThroughout = (n: string, fromMs: number, toMs: number): boolean => {
    const first = [...observations].reverse().find((o) => o.timeMs <= fromMs);
    if (!first) return false;
    const seen = observations.filter((o) => o.timeMs >= first.timeMs && o.timeMs <= toMs);
    return seen.every((o) => !o.up.includes(n)) && !timeline.restartsWithin(n, first.timeMs, toMs);
  };
  const samples = [...input.samples].sort((a, b) => a.atMs - b.atMs);
  for (const s of samples) {
    const t0 = s.askedMs;
    const t1 = s.atMs;
    for (const v of consistency(s.status, t1)) report(`${v.kind}:${v.chunk ?? v.message}`, v);
    const nextAbsent = new Map<string, number>();
    const nextGone = new Map<string, number>();
    for (const a of s.status.artifacts) {
      for (const c of a.chunks) {
        if (!input.storageNodes.some((n) => holdsIntact(s.disks, n, c.id, c.checksum))) nextGone.set(c.id, goneSince.get(c.id) ?? s.atMs);
        for (const r of c.replicas) {
          if (s.up.includes(r) && !holdsIntact(s.disks, r, c.id, c.checksum)) nextAbsent.set(`${c.id}@${r}`, absentSince.get(`${c.id}@${r}`) ?? s.atMs);
        }
      }
    }
    absentSince = nextAbsent;
    goneSince = nextGone;
    if (timeline.networkLossy(t0 - bounds.deadMs, t1) || timeline.nodeDisturbed(input.nameNode, t0 - bounds.deadMs, t1)) continue;
    const unheard = (n: string) => timeline.surelySilent(n, t0 - bounds.deadMs, t1, downThroughout(n, t0 - bounds.deadMs, t1));
    const R = s.status.summary.replicationTarget;
    for (const n of s.status.nodes) {
      if (n.state === 'ALIVE' && input.storageNodes.includes(n.id) && unheard(n.id)) {
        report(`alive:${n.id}:${t1}`, { kind: 'status-untrue', message: `at ${t1}ms status shows ${n.id} ALIVE, but it has been unheard (down, paused or cut off) for over ${bounds.deadMs}ms`, timeMs: t1, nodes: [n.id] });
      }
    }
    for (const a of s.status.artifacts) {
      for (const c of a.chunks) {
        const stale = c.replicas.filter((r) => unheard(r) || (absentSince.get(`${c.id}@${r}`) ?? Infinity) <= t0 - bounds.phantomMs);
        const counting = c.replicas.length - stale.length;
        const where = `chunk ${c.id} #${c.index} of ${JSON.stringify(a.name)}`;
        if ((c.state === 'OK' || c.state === 'OVER_REPLICATED') && counting < R) {
          report(`count:${c.id}`, { kind: 'status-untrue', message: `at ${t1}ms status reports ${where} ${c.state} on [${c.replicas.join(', ')}], but ${stale.join(', ')} long unheard or without the copy: ${counting} of ${R} count`, timeMs: t1, chunk: c.id, nodes: stale, name: a.name });
        } else if (c.state === 'UNDER_REPLICATED' && counting === 0) {
          report(`count:${c.id}`, { kind: 'status-untrue', message: `at ${t1}ms status reports ${where} UNDER_REPLICATED on [${c.replicas.join(', ')}], but none of them counts (long unheard or without the copy): it is MISSING`, timeMs: t1, chunk: c.id, nodes: stale, name: a.name });
        } else if (c.state !== 'MISSING' && (goneSince.get(c.id) ?? Infinity) <= t0 - bounds.phantomMs) {
          report(`gone:${c.id}`, { kind: 'status-untrue', message: `at ${t1}ms status reports ${where} ${c.state}, but no disk has held an intact copy since ${goneSince.get(c.id)}ms: it is MISSING`, timeMs: t1, chunk: c.id, name: a.name });
        }
      }
    }
  }
  return out;
}

/** The status's own arithmetic: chunk states from replica lists, counts, verdict. */
export function consistency(st: StoreStatus, timeMs: number): CheckViolation[] {
  const out: CheckViolation[] = [];
  const R = st.summary.replicationTarget;
  const tally = { chunks: 0, under: 0, over: 0, missing: 0, corrupt: 0 };
  for (const a of st.artifacts) {
    for (const c of a.chunks) {
      const n = c.replicas.length;
      const expected = n === 0 ? 'MISSING' : n < R ? 'UNDER_REPLICATED' : n > R ? 'OVER_REPLICATED' : 'OK';
      tally.chunks += 1;
      if (expected === 'MISSING') tally.missing += 1;
      else if (expected === 'UNDER_REPLICATED') tally.under += 1;
      else if (expected === 'OVER_REPLICATED') tally.over += 1;
      tally.corrupt += c.corruptReplicas.length;
      if (c.state !== expected) {
        out.push({ kind: 'status-inconsistent', message: `at ${timeMs}ms status reports chunk ${c.id} #${c.index} of ${JSON.stringify(a.name)} ${c.state} with ${n} replicas [${c.replicas.join(', ')}] and R=${R}: that is ${expected}`, timeMs, chunk: c.id, name: a.name });
      }
    }
  }
  const m = st.summary;
  const counts: Array<[string, number, number]> = [
    ['chunks', m.chunks, tally.chunks],
    ['underReplicated', m.underReplicated, tally.under],
    ['overReplicated', m.overReplicated, tally.over],
    ['missing', m.missing, tally.missing],
    ['corrupt', m.corrupt, tally.corrupt],
  ];
  for (const [what, said, is] of counts) {
    if (said !== is) out.push({ kind: 'status-inconsistent', message: `at ${timeMs}ms status's summary counts ${what} ${said}, its chunk map ${is}`, timeMs });
  }
  const restarting = st.nodes.some((n) => n.state === 'RESTARTING');
  const expected = tally.missing > 0 ? 'CORRUPT' : tally.under + tally.over + tally.corrupt > 0 || restarting ? 'DEGRADED' : 'HEALTHY';
  if (m.verdict !== expected) {
    out.push({ kind: 'status-inconsistent', message: `at ${timeMs}ms status's verdict is ${m.verdict}, its chunk map says ${expected} (missing ${tally.missing}, under ${tally.under}, over ${tally.over}, corrupt ${tally.corrupt}${restarting ? ', a node restarting' : ''})`, timeMs });
  }
  return out;
}
