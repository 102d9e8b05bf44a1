import { CHUNK_PREFIX, checksum, StorageNode, StoredChunk, StoreError, WriteAck } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: HDFS-6581 (LAZY_PERSIST: single-replica files written to memory and
// persisted lazily), Kafka's acks=1: with one replica there is no other copy
// to fall back on, so an acknowledged write that was never synced is lost by
// a crash.

class LazyPersistStorageNode extends StorageNode {
  /** Bug: with R = 1 the replica is acknowledged before it is durable ("scratch data"); the block scanner picks it up later. */
  override async writeChunk(chunk: StoredChunk): Promise<WriteAck> {
    if (this.options.replicationFactor !== 1) return super.writeChunk(chunk);
    if (checksum(chunk.data) !== chunk.checksum) throw new StoreError('CORRUPT', `writeChunk ${chunk.id}: data does not match its checksum`);
    this.ctx.disk.put(CHUNK_PREFIX + chunk.id, chunk);
    return { stamp: this.stamp() };
  }
}

export const lazyPersist: BugVariant = {
  name: 'lazy-persist',
  description: 'with R = 1 a storage node acknowledges a replica before syncing it (lazy persist): a crash loses the only copy of an acknowledged write',
  source: 'HDFS-6581 (lazy persist writes for single-replica files)',
  needs: 'the widened swarm space: R = 1',
  widened: { dimension: 'R = 1', classic: (d) => (d.replicationFactor === 1 ? { replicationFactor: 2 } : {}) },
  classes: { storageNodeClass: LazyPersistStorageNode },
};
