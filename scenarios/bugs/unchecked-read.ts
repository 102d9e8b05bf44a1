import { StorageNode, StoreClient } from '../../core/store';
import type { StoredChunk } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: HDFS-1371 class (corrupt replicas served to clients): checksums not verified on read.
class UncheckedStorageNode extends StorageNode {
  protected override intact(_c: StoredChunk): boolean {
    return true;
  }
}

class TrustingClient extends StoreClient {
  protected override accepts(chunk: StoredChunk, meta: { id: string }): boolean {
    return chunk.id === meta.id;
  }
}

export const uncheckedRead: BugVariant = {
  name: 'unchecked-read',
  description: 'serves a corrupt replica because neither the storage node nor the client checks the checksum on read',
  source: 'HDFS-1371 (corrupt replica served)',
  classes: { storageNodeClass: UncheckedStorageNode, clientClass: TrustingClient },
};
