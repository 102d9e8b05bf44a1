import { NameNode } from '../../core/store';
import type { ActorHandle } from '../../core/actors/handle';
import type { NodeStamp, ReportedChunk, StorageApi } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Safe mode taken as "change nothing": a restarted name node ignores block
// reports until safe mode ends, although safe mode exists to collect them
// (HDFS leaves safe mode once enough blocks were reported). Every chunk stays
// unlocatable for the whole of safe mode while the storage nodes hold it, and
// only the first reports after it repopulate the map.
class DeafSafeModeNameNode extends NameNode {
  override blockReport(stamp: NodeStamp, chunks: ReportedChunk[], handle: ActorHandle<StorageApi>): void {
    if (this.status().summary.safeMode) return;
    super.blockReport(stamp, chunks, handle);
  }
}

export const deafSafeMode: BugVariant = {
  name: 'deaf-safe-mode',
  description: 'a restarted name node ignores block reports while in safe mode, so nothing can be located until it ends',
  source: 'HDFS safe mode semantics (the name node must process block reports in safe mode to leave it)',
  needs: 'samples while faults rage (the availability, locatability and status-truth checkers)',
  caughtBy: 'unlocatable',
  classes: { nameNodeClass: DeafSafeModeNameNode },
};
