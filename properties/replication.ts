import type { StoreStatus } from '../core/store';
import type { DiskView } from './disk-view';
import type { CheckViolation } from './violation';

// Liveness (after healing): every chunk of every live artifact has exactly R
// replicas on distinct live nodes, and the disks agree that they hold them.

export function checkReplication(status: StoreStatus, disks: DiskView, liveNodes: readonly string[], timeMs: number): CheckViolation[] {
  const out: CheckViolation[] = [];
  const R = status.summary.replicationTarget;
  const live = new Set(liveNodes);
  for (const a of status.artifacts) {
    for (const c of a.chunks) {
      const good = Object.keys(disks).filter((n) => live.has(n) && disks[n]![c.id]?.intact && disks[n]![c.id]!.checksum === c.checksum);
      const listed = c.replicas.filter((n) => live.has(n));
      if (good.length !== R || new Set(c.replicas).size !== c.replicas.length || listed.length !== R) {
        out.push({
          kind: good.length < R ? 'under-replicated' : good.length > R ? 'over-replicated' : 'replica-map',
          message: `chunk ${c.id} (#${c.index} of ${JSON.stringify(a.name)} v${a.version}) has ${good.length} intact replicas on live nodes [${good.join(', ')}], name node lists [${c.replicas.join(', ')}], target R=${R}`,
          timeMs,
          chunk: c.id,
          nodes: good,
          name: a.name,
        });
      }
    }
  }
  return out;
}
