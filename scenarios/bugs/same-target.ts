import { NameNode } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: HDFS-2290 class (re-replication target selection): the target may already hold the block.
class SameTargetNameNode extends NameNode {
  protected override replicationTarget(_id: string, _holders: ReadonlySet<string>): string | undefined {
    // Bug: holders are not excluded, so the copy can land where the chunk already is.
    return this.pickTargets(1, new Set())[0];
  }
}

export const sameTarget: BugVariant = {
  name: 'same-target',
  description: 're-replication may choose a target that already holds the chunk, so the chunk never gets back to R',
  source: 'HDFS-2290 (replication target chosen among existing holders)',
  classes: { nameNodeClass: SameTargetNameNode },
};
