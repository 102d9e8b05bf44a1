import type { ActorHandle } from '../../core/actors';
import { NameNode, NodeStamp, ReportedChunk, StorageApi } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: HADOOP-641: a revived data node is counted with the replicas it held before, which it may no longer have.
class RevivedPhantomNameNode extends NameNode {
  /** Bug: a block report only ever adds replicas; what the node no longer lists stays credited to it. */
  override blockReport(stamp: NodeStamp, chunks: ReportedChunk[], handle: ActorHandle<StorageApi>): void {
    const before = [...(this.views.get(stamp.node)?.holds ?? [])];
    super.blockReport(stamp, chunks, handle);
    for (const id of before) this.addLocation(id, stamp.node);
  }
}

export const revivedPhantom: BugVariant = {
  name: 'revived-phantom',
  description: 'a storage node keeps being credited with replicas it no longer reports (after a wipe or rot), so they are never repaired',
  source: 'HADOOP-641 (revived datanode counted with stale replicas)',
  classes: { nameNodeClass: RevivedPhantomNameNode },
};
