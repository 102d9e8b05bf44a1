import { NameNode } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: HDFS-4660-class ordering bug: old data discarded before the new version is committed.
class GcBeforeCommitNameNode extends NameNode {
  protected override async write(kind: 'upload' | 'update', name: string, content: string): Promise<{ version: number }> {
    const old = kind === 'update' ? this.artifacts.get(name) : undefined;
    if (old) {
      // Bug: the old version's replicas are deleted before the update can still fail or be lost in a crash.
      for (const meta of old.chunks) for (const node of this.locations.get(meta.id) ?? []) this.removeReplica(node, meta.id);
    }
    return super.write(kind, name, content);
  }
}

export const gcBeforeCommit: BugVariant = {
  name: 'gc-before-commit',
  description: "an update deletes the old version's chunks before the new version is committed (a failed update loses the artifact)",
  source: 'HDFS-4660 class (block discarded before the new generation is durable)',
  classes: { nameNodeClass: GcBeforeCommitNameNode },
};
