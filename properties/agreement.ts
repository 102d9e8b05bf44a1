import type { StoreStatus } from '../core/store';
import type { DiskView } from './disk-view';
import type { CheckViolation } from './violation';

// Agreement (after healing): the name node's map equals what the disks hold.
// Orphans: a chunk on a disk that belongs to no live artifact's committed
// version (deleted, superseded or never committed). Phantoms: a replica the
// name node lists that the disk does not hold intact.

export function checkAgreement(status: StoreStatus, disks: DiskView, timeMs: number): CheckViolation[] {
  const out: CheckViolation[] = [];
  const known = new Map<string, { checksum: string; replicas: string[]; name: string }>();
  for (const a of status.artifacts) for (const c of a.chunks) known.set(c.id, { checksum: c.checksum, replicas: c.replicas, name: a.name });
  for (const [node, chunks] of Object.entries(disks)) {
    for (const [id, d] of Object.entries(chunks)) {
      const k = known.get(id);
      if (!k) {
        out.push({ kind: 'orphan-chunk', message: `${node} holds chunk ${id}, which belongs to no live artifact version`, timeMs, chunk: id, nodes: [node] });
      } else if (!k.replicas.includes(node) && d.intact) {
        out.push({ kind: 'unlisted-replica', message: `${node} holds chunk ${id} of ${JSON.stringify(k.name)} but the name node does not list it`, timeMs, chunk: id, nodes: [node], name: k.name });
      }
    }
  }
  for (const [id, k] of known) {
    for (const node of k.replicas) {
      const d = disks[node]?.[id];
      if (!d || !d.intact || d.checksum !== k.checksum) {
        out.push({ kind: 'phantom-replica', message: `the name node lists chunk ${id} of ${JSON.stringify(k.name)} on ${node}, whose disk ${d ? 'holds a corrupt copy' : 'does not hold it'}`, timeMs, chunk: id, nodes: [node], name: k.name });
      }
    }
  }
  return out;
}
