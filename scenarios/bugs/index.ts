import { ActorsimError, show } from '../../core/errors';
import type { BugVariant } from './bug-variant';
import { earlyAck } from './early-ack';
import { gcBeforeCommit } from './gc-before-commit';
import { lazyEditLog } from './lazy-edit-log';
import { orphanOnDelete } from './orphan-on-delete';
import { revivedPhantom } from './revived-phantom';
import { sameTarget } from './same-target';
import { stableBootId } from './stable-boot-id';
import { staleRead } from './stale-read';
import { ackBeforeSync } from './ack-before-sync';
import { stoppingScanner } from './stopping-scanner';
import { uncheckedEditLog } from './unchecked-edit-log';
import { uncheckedRead } from './unchecked-read';
import { skewedHeartbeatClock } from './skewed-heartbeat-clock';
import { appendingWrite } from './appending-write';
import { deafSafeMode } from './deaf-safe-mode';
import { deadReplicaStatus } from './dead-replica-status';
import { strictLocate } from './strict-locate';
import { surrogateSplit } from './surrogate-split';
import { emptyChunkCorrupt } from './empty-chunk-corrupt';
import { pagedLocate } from './paged-locate';
import { lazyPersist } from './lazy-persist';
import { reportAsHeartbeat } from './report-as-heartbeat';
import { boundedLockQueue } from './bounded-lock-queue';

// The catalogue of deliberately broken store variants, selected with --bug.

export const BUGS: readonly BugVariant[] = [
  earlyAck, staleRead, lazyEditLog, revivedPhantom, orphanOnDelete, uncheckedRead, sameTarget, gcBeforeCommit, stableBootId,
  ackBeforeSync, uncheckedEditLog, stoppingScanner, skewedHeartbeatClock, appendingWrite,
  strictLocate, deafSafeMode, deadReplicaStatus,
  // The widened swarm space's (issue 15): each needs one dimension of it.
  surrogateSplit, emptyChunkCorrupt, pagedLocate, lazyPersist, reportAsHeartbeat, boundedLockQueue,
];

export class UnknownBugError extends ActorsimError {
  constructor(name: string) {
    super('UNKNOWN_BUG', `--bug: unknown bug variant ${show(name)} (known: ${BUGS.map((b) => b.name).join(', ')})`);
  }
}

export function getBug(name: string): BugVariant {
  const b = BUGS.find((x) => x.name === name);
  if (!b) throw new UnknownBugError(name);
  return b;
}

export type { BugVariant } from './bug-variant';
