import { NameNode } from '../../core/store';
import type { StoreStatus } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Status from a stale table: it still counts the replicas a node held when it
// was declared dead, for as long as it stays dead (HDFS's fsck counts only
// live replicas, NumberReplicas separating those on dead and decommissioned
// nodes). Reads and re-replication use the real map; only what the operator
// is told is wrong: chunks shown fully replicated on dead nodes.
class DeadReplicaStatusNameNode extends NameNode {
  /** Chunk id -> nodes that held it when they were declared dead. */
  private readonly lastHolders = new Map<string, Set<string>>();

  protected override dropLocation(id: string, node: string): void {
    if (this.views.get(node)?.state === 'DEAD') {
      let s = this.lastHolders.get(id);
      if (!s) this.lastHolders.set(id, (s = new Set()));
      s.add(node);
    }
    super.dropLocation(id, node);
  }

  override status(): StoreStatus {
    const st = super.status();
    const R = st.summary.replicationTarget;
    const m = st.summary;
    m.underReplicated = m.overReplicated = m.missing = 0;
    for (const a of st.artifacts) {
      for (const c of a.chunks) {
        for (const n of this.lastHolders.get(c.id) ?? []) if (this.views.get(n)?.state === 'DEAD' && !c.replicas.includes(n)) c.replicas.push(n);
        const k = c.replicas.length;
        c.state = k === 0 ? 'MISSING' : k < R ? 'UNDER_REPLICATED' : k > R ? 'OVER_REPLICATED' : 'OK';
        if (c.state === 'MISSING') m.missing += 1;
        else if (c.state === 'UNDER_REPLICATED') m.underReplicated += 1;
        else if (c.state === 'OVER_REPLICATED') m.overReplicated += 1;
      }
    }
    const restarting = st.nodes.some((n) => n.state === 'RESTARTING');
    m.verdict = m.missing > 0 ? 'CORRUPT' : m.underReplicated > 0 || m.corrupt > 0 || m.overReplicated > 0 || restarting ? 'DEGRADED' : 'HEALTHY';
    return st;
  }
}

export const deadReplicaStatus: BugVariant = {
  name: 'dead-replica-status',
  description: "status keeps counting a dead node's replicas (chunks shown fully replicated on dead nodes); reads and re-replication are right",
  source: "HDFS fsck / BlockManager.countNodes (live replicas only)",
  needs: 'samples while faults rage (the availability, locatability and status-truth checkers)',
  caughtBy: 'status-untrue',
  classes: { nameNodeClass: DeadReplicaStatusNameNode },
};
