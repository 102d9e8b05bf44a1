import type { StoreOptions, StoreStatus } from '../core/store';
import type { DiskView } from './disk-view';

// One observation of the store while faults rage: the name node's status, the
// disks and which storage nodes were up, with the world's times of the
// question and of the answer (the status shows the name node's state at some
// instant in between). Plain data: the swarm records these; tests build them.

export interface StoreSample {
  /** World time the status was asked for. */
  askedMs: number;
  /** World time the answer arrived; `disks` and `up` are as of then. */
  atMs: number;
  status: StoreStatus;
  disks: DiskView;
  /** Storage nodes whose process was running at `atMs`. */
  up: string[];
  /** The disks and the up nodes when the status was asked for (more observations for streaks, whatever the reply's delay). */
  disksAtAsk?: DiskView;
  upAtAsk?: string[];
}

/** One look at the disks: from a sample's question or its answer. */
export interface DiskObservation {
  timeMs: number;
  disks: DiskView;
  up: readonly string[];
}

/** Every disk observation of the samples, in time order. */
export function diskObservations(samples: readonly StoreSample[]): DiskObservation[] {
  const out: DiskObservation[] = [];
  for (const s of samples) {
    out.push({ timeMs: s.atMs, disks: s.disks, up: s.up });
    if (s.disksAtAsk && s.upAtAsk) out.push({ timeMs: s.askedMs, disks: s.disksAtAsk, up: s.upAtAsk });
  }
  return out.sort((a, b) => a.timeMs - b.timeMs);
}

/**
 * For each observation time, when the current streak of each intact copy
 * began (`${chunk}@${node}#${checksum}` -> time of the first observation of
 * the streak), counting only copies on up nodes.
 */
export function intactStreaks(observations: readonly DiskObservation[]): Map<number, Map<string, number>> {
  const out = new Map<number, Map<string, number>>();
  let since = new Map<string, number>();
  for (const o of observations) {
    const next = new Map<string, number>();
    for (const node of o.up) {
      for (const [id, d] of Object.entries(o.disks[node] ?? {})) {
        if (!d.intact) continue;
        const key = `${id}@${node}#${d.checksum}`;
        next.set(key, since.get(key) ?? o.timeMs);
      }
    }
    since = next;
    out.set(o.timeMs, next);
  }
  return out;
}

/** The store options the checkers derive their bounds from. */
export type StoreTiming = Pick<StoreOptions, 'replicationFactor' | 'heartbeatIntervalMs' | 'deadTimeoutMs' | 'blockReportIntervalMs' | 'safeModeMs' | 'rpcTimeoutMs'>;

/**
 * The bounds, derived from the options (documented in README, "Checkers"):
 * - deadMs: a correct failure detector declares a node dead at most this long
 *   after it fell silent: the dead timeout, plus a heartbeat interval for the
 *   last heartbeat's phase and one for the name node's tick, plus 200 ms for
 *   the last message's latency (1 + exp(mean <= 5) ms) and clock drift.
 * - learnMs: a correct name node lists a replica held by a node that has been
 *   up and heard from this long: a block report interval (the periodic report
 *   catches a copy whose acknowledgement came too late) plus two heartbeats (a
 *   returning node heartbeats, is asked for a report, reports) plus 200 ms
 *   for in-flight messages (1 + exp(mean <= 5) ms each) and clock drift.
 * - rejoinMs: a correct name node lists the replicas of a node that has been
 *   heard from again this long after a fault of the name node's own (restart,
 *   pause, isolation): the node's next heartbeat, the name node's request for
 *   a report and the report (safe mode does not hold reports back): two
 *   heartbeats plus 200 ms.
 * - nameNodeLearnMs: the same after the name node itself was faulted: safe
 *   mode plus learnMs (a restarted name node waits for reports).
 * - silenceLimitMs: a silence of a node shorter than this cannot get a correct
 *   failure detector to declare it dead: the dead timeout less two heartbeats
 *   (the phase before and after) and 100 ms of latency slack. Zero when the
 *   options leave no such margin (every silence then excuses).
 * - roundMs: the longest a correct client's read round takes: a locate and
 *   R + 2 replicas that each time out (rpcTimeoutMs), plus 100 ms.
 * - phantomMs: how long a listed replica may be missing from its disk (the
 *   PhantomTracker's bound: dead timeout, two block reports, 500 ms).
 */
export interface StoreBounds {
  deadMs: number;
  learnMs: number;
  nameNodeLearnMs: number;
  rejoinMs: number;
  silenceLimitMs: number;
  phantomMs: number;
  roundMs: number;
}

export function storeBounds(o: StoreTiming): StoreBounds {
  const hb = o.heartbeatIntervalMs;
  const learnMs = o.blockReportIntervalMs + 2 * hb + 200;
  return {
    deadMs: o.deadTimeoutMs + 2 * hb + 200,
    learnMs,
    nameNodeLearnMs: o.safeModeMs + learnMs,
    rejoinMs: 2 * hb + 200,
    silenceLimitMs: Math.max(0, o.deadTimeoutMs - 2 * hb - 100),
    phantomMs: o.deadTimeoutMs + 2 * o.blockReportIntervalMs + 500,
    roundMs: (o.replicationFactor + 3) * o.rpcTimeoutMs + 100,
  };
}

/** The chunk's replica on `node` is intact and is the checksum the name node expects. */
export function holdsIntact(disks: DiskView, node: string, chunkId: string, checksum: string): boolean {
  const d = disks[node]?.[chunkId];
  return !!d && d.intact && d.checksum === checksum;
}
