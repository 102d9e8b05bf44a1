import { StorageNode } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: HDFS-7960 (phantom replicas on a replaced or wiped storage counted as live): storage identity reused.
class StableBootStorageNode extends StorageNode {
  protected override bootId(): string {
    // Bug: the same identity in every incarnation, so a wiped node looks like the node that held the data.
    return `${this.ctx.node}-storage`;
  }
}

export const stableBootId: BugVariant = {
  name: 'stable-boot-id',
  description: 'a storage node reuses its identity across restarts, so replicas lost in a wipe stay counted (phantoms)',
  source: 'HDFS-7960 (zombie storage replicas)',
  classes: { storageNodeClass: StableBootStorageNode },
};
