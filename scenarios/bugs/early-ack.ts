import type { ChunkMeta } from '../../core/store';
import { NameNode } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: HDFS-1539 / HDFS-5042 class: a write acknowledged before its data is durable.
class EarlyAckNameNode extends NameNode {
  /** Sends the replicas' writes and returns at once, without waiting for their acks. */
  protected override async placeChunk(meta: ChunkMeta, data: string, gen: number, written: Array<[string, string]>): Promise<string[]> {
    const targets = this.pickTargets(this.options.replicationFactor, new Set());
    for (const node of targets) {
      this.storageAt(node).call.writeChunk({ id: meta.id, gen, checksum: meta.checksum, size: meta.size, data });
      written.push([node, meta.id]);
    }
    return targets;
  }
}

export const earlyAck: BugVariant = {
  name: 'early-ack',
  description: 'acknowledges an upload or update before its chunks are durable on R nodes (replica writes are not awaited)',
  source: 'HDFS-5042 (acknowledged data not durable)',
  classes: { nameNodeClass: EarlyAckNameNode },
};
