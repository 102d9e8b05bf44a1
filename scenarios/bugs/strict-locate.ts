import { NameNode, StoreError } from '../../core/store';
import type { Located } from '../../core/store';
import type { BugVariant } from './bug-variant';

// An over-strict read path: a durability guard meant for writes (refuse
// while fewer than R live storage nodes hold the data) applied to reads. The
// name node refuses to locate an artifact while any chunk of it has fewer than
// R live replicas, although every chunk can still be read from the ones left.
class StrictLocateNameNode extends NameNode {
  override locate(name: string): Located {
    const loc = super.locate(name);
    const short = loc.chunks.find((c) => c.nodes.length < this.options.replicationFactor);
    if (short) throw new StoreError('UNAVAILABLE', `get: chunk ${short.id} has ${short.nodes.length} of ${this.options.replicationFactor} live replicas; refusing to serve it until re-replicated`);
    return loc;
  }
}

export const strictLocate: BugVariant = {
  name: 'strict-locate',
  description: 'the name node refuses to locate an artifact while a chunk is under-replicated, although live replicas can serve it',
  source: "a write-path guard on the read path (HDFS serves reads from any live replica: DFSInputStream's dead-node fallback)",
  needs: 'samples while faults rage (the availability, locatability and status-truth checkers)',
  caughtBy: 'unavailable',
  classes: { nameNodeClass: StrictLocateNameNode },
};
