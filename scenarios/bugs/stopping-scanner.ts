import { StorageNode } from '../../core/store';
import type { ReportedChunk, StoredChunk } from '../../core/store/protocol';
import { CHUNK_PREFIX } from '../../core/store/protocol';
import type { BugVariant } from './bug-variant';

// Source: this project's issue 12 (deleting one chunk file of a running
// storage node stopped its block reports for good: the scanner hit
// `undefined` and threw); HDFS-7960-class block report scanner failures. The
// scanner trusts every listed key to hold a readable chunk.
class StoppingScannerStorageNode extends StorageNode {
  protected override scan(): { chunks: ReportedChunk[]; lost: string[] } {
    const chunks: ReportedChunk[] = [];
    const lost: string[] = [];
    for (const key of this.ctx.disk.keys(CHUNK_PREFIX)) {
      const c = this.ctx.disk.get(key) as StoredChunk; // throws on a read error; undefined for a missing file
      if (!this.intact(c)) {
        this.ctx.disk.delete(key);
        lost.push(c.id);
        continue;
      }
      chunks.push({ id: c.id, gen: c.gen, checksum: c.checksum, size: c.size });
    }
    return { chunks, lost };
  }
}

export const stoppingScanner: BugVariant = {
  name: 'stopping-scanner',
  description: 'the block report scanner throws at the first missing or unreadable chunk, so the node stops reporting (and its losses are never seen)',
  source: 'issue 12 (real cluster: one deleted chunk file); HDFS-7960 class',
  faultClass: 'disk',
  classes: { storageNodeClass: StoppingScannerStorageNode },
};
