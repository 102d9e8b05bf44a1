import { StorageNode, StoredChunk } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: the JavaScript truthiness bug (`if (!data)` where data may be the
// empty string): a zero-length replica handled as missing or corrupt.

class TruthyStorageNode extends StorageNode {
  /** Bug: `!chunk.data` is true for the empty chunk of empty content, so it is judged rotten and dropped. */
  protected override intact(c: StoredChunk): boolean {
    if (!c.data) return false;
    return super.intact(c);
  }
}

export const emptyChunkCorrupt: BugVariant = {
  name: 'empty-chunk-corrupt',
  description: "a storage node's integrity check tests the replica's data for truthiness: the empty chunk of empty content reads as corrupt and is deleted",
  source: 'zero-length replica handled as missing (empty-string truthiness in JavaScript)',
  needs: 'the widened swarm space: empty contents',
  widened: { dimension: 'empty content', classic: () => ({ emptyContentPercent: 0 }) },
  classes: { storageNodeClass: TruthyStorageNode },
};
