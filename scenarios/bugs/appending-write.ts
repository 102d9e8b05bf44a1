import { checksum, CHUNK_PREFIX, StorageNode, StoredChunk, WriteAck } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: non-idempotent write handlers under retransmission (HDFS-4660's
// pipeline-recovery append, the general "at-least-once delivery needs
// idempotent handlers" rule): a duplicated request applies twice.

class AppendingStorageNode extends StorageNode {
  /** Bug: a resumable write appends what it receives to an existing replica, so a duplicated call doubles the bytes. */
  override async writeChunk(chunk: StoredChunk): Promise<WriteAck> {
    const existing = this.ctx.disk.get(CHUNK_PREFIX + chunk.id) as StoredChunk | undefined;
    if (existing === undefined || checksum(chunk.data) !== chunk.checksum) return super.writeChunk(chunk);
    this.ctx.disk.put(CHUNK_PREFIX + chunk.id, { ...existing, data: existing.data + chunk.data });
    await this.ctx.disk.sync();
    return { stamp: this.stamp() };
  }
}

export const appendingWrite: BugVariant = {
  name: 'appending-write',
  description: 'a storage node appends a rewritten chunk to the replica it has (not idempotent): a duplicated writeChunk call corrupts the replica',
  source: 'at-least-once delivery with a non-idempotent handler (HDFS-4660 class)',
  needs: 'duplicated calls',
  classes: { storageNodeClass: AppendingStorageNode },
};
