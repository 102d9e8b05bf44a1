import { NameNode } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: HDFS-6527 (a delete racing a write leaves orphan blocks): deletes are never redone from block reports.
class OrphanOnDeleteNameNode extends NameNode {
  protected override discardReplica(): void {
    // Bug: a replica of a deleted or superseded version that a node reports is left in place.
  }
}

export const orphanOnDelete: BugVariant = {
  name: 'orphan-on-delete',
  description: 'chunks of deleted or superseded versions on nodes that missed the delete are never removed (orphans)',
  source: 'HDFS-6527 (delete racing a write leaves orphan blocks)',
  classes: { nameNodeClass: OrphanOnDeleteNameNode },
};
