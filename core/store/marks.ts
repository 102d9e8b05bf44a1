// The store's named coverage marks (ctx.mark) and fault points (ctx.buggify):
// one registry, so that a test can assert that the swarm reaches every mark
// and a reader can find where each rare path is. A mark names a rare path
// that ran; a fault point makes the store take a rare but correct path.

/** Coverage marks on the store's rare paths. */
export const STORE_MARKS = {
  /** Name node: re-replication of a chunk a storage node found corrupt (its replica dropped). */
  rereplicateCorrupt: 'store.nn.rereplicate-corrupt',
  /** Name node: a surplus replica removed (kept copies read back sound first). */
  surplusRemoved: 'store.nn.surplus-removed',
  /** Name node: safe mode left while some storage nodes have not reported yet. */
  safeModeExitReportsPending: 'store.nn.safe-mode-exit-reports-pending',
  /** Name node: a torn edit-log tail (an append a crash cut short) dropped at recovery. */
  editLogTornTailDropped: 'store.nn.edit-log-torn-tail-dropped',
  /** Name node: a damaged edit-log copy repaired from the other one at recovery. */
  editLogCopyRepaired: 'store.nn.edit-log-copy-repaired',
  /** Name node: a storage node declared dead (silent past the dead timeout). */
  nodeDeclaredDead: 'store.nn.node-declared-dead',
  /** Name node: a node it had declared dead reports again and counts once more. */
  nodeBackFromDead: 'store.nn.node-back-from-dead',
  /** Name node: a block report older than what the node already acknowledged (or of a retired incarnation) ignored. */
  staleReportIgnored: 'store.nn.stale-report-ignored',
  /** Name node: a chunk write that failed on one node and went to another. */
  writeTargetReplaced: 'store.nn.write-target-replaced',
  /** Name node: a re-replication copy that failed (retried on a later tick). */
  copyFailed: 'store.nn.copy-failed',
  /** Storage node: a replica dropped as corrupt (bytes wrong or gone) on a read or a scan. */
  replicaDroppedCorrupt: 'store.sn.replica-dropped-corrupt',
  /** Storage node: a replica kept but unreadable (a read error), reported lost until it reads again. */
  replicaUnreadable: 'store.sn.replica-unreadable',
  /** Client: a chunk read that fell back to another replica after the first failed. */
  readFallback: 'store.client.read-fallback',
  /** Client: a get that located again after a round without every chunk. */
  getRetried: 'store.client.get-retried',
  /** Client: a get whose retry found a newer version than its first round. */
  getRetryNewVersion: 'store.client.get-retry-new-version',
} as const;

export type StoreMark = (typeof STORE_MARKS)[keyof typeof STORE_MARKS];

/** Every mark name, in registry order: the default swarm sweep must reach each. */
export const STORE_MARK_NAMES: readonly StoreMark[] = Object.values(STORE_MARKS);

/** Fault points: each makes the store take a rare path that must stay correct. */
export const STORE_FAULT_SITES = {
  /** Storage node: a block report sent up to a heartbeat interval after it was made (stale on arrival if the node changed since). */
  lateBlockReport: 'store.sn.late-block-report',
  /** Storage node: a block report sent twice (as a duplicating network would). */
  blockReportTwice: 'store.sn.block-report-twice',
  /** Storage node: one heartbeat not sent (as a lossy network would). */
  droppedHeartbeat: 'store.sn.dropped-heartbeat',
  /** Storage node: a write acknowledged late (after it is durable), up to half an RPC timeout. */
  lateWriteAck: 'store.sn.late-write-ack',
  /** Name node: a chunk write's timeout shortened to a quarter: a slow target is replaced. */
  shortWriteTimeout: 'store.nn.short-write-timeout',
  /** Name node: a re-replication copy's timeout shortened to a quarter: it fails and is retried. */
  shortCopyTimeout: 'store.nn.short-copy-timeout',
  /** Name node: only half the re-replication copies of a tick started (the rest on later ticks). */
  splitCopies: 'store.nn.split-copies',
  /** Name node: an ordered replica delete sent up to a heartbeat interval late. */
  delayedDelete: 'store.nn.delayed-delete',
  /** Name node: a surplus trim put off to a later tick. */
  postponedTrim: 'store.nn.postponed-trim',
  /** Name node: an edit-log record's sync started up to a block-report interval late (nothing is acknowledged before it). */
  lateEditLogSync: 'store.nn.late-edit-log-sync',
  /** Client: a get that read every chunk locates and reads once more (keeping the first read if the second fails). */
  extraGetRound: 'store.client.extra-get-round',
} as const;

export type StoreFaultSite = (typeof STORE_FAULT_SITES)[keyof typeof STORE_FAULT_SITES];

export const STORE_FAULT_SITE_NAMES: readonly StoreFaultSite[] = Object.values(STORE_FAULT_SITES);
