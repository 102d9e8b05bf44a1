import { NameNode, NodeStamp, StorageNode } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: failure detectors that compare timestamps from two clocks (the
// sender's and the receiver's), e.g. CASSANDRA-4872-style gossip generation
// clock skew and HBASE-10181 (region server clock skew): a node whose clock
// runs behind looks dead, one ahead stays alive after it died.

type TimedStamp = NodeStamp & { sentAtMs?: number };

class TimestampingStorageNode extends StorageNode {
  protected override stamp(): NodeStamp {
    const s: TimedStamp = { ...super.stamp(), sentAtMs: this.ctx.now() };
    return s;
  }
}

class SkewTrustingNameNode extends NameNode {
  /** Bug: "heard at" is the sender's wall-clock timestamp, compared with the name node's own clock. */
  protected override heardAt(stamp: NodeStamp): number {
    const sent = (stamp as TimedStamp).sentAtMs;
    return typeof sent === 'number' ? sent : this.clock();
  }

  protected override clock(): number {
    return this.ctx.now();
  }
}

export const skewedHeartbeatClock: BugVariant = {
  name: 'skewed-heartbeat-clock',
  description: "the failure detector trusts the storage node's own clock: heartbeat timestamps from a skewed or stepped clock make live nodes dead and dead ones live",
  source: 'CASSANDRA-4872 / HBASE-10181 (failure detection across skewed clocks)',
  needs: 'per-node clock skew',
  classes: { nameNodeClass: SkewTrustingNameNode, storageNodeClass: TimestampingStorageNode },
};
