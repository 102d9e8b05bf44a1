import { NameNode } from '../../core/store';
import type { StoreOptions } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: HDFS-3703 class (stale vs dead datanodes confused): the name node
// declares a storage node dead after two missed heartbeats instead of the
// configured dead timeout, so a short pause or cut drops every replica the
// node holds from the map, although the node and its disk are fine.
class HastyNameNode extends NameNode {
  constructor(options: StoreOptions, storageNodes: string[]) {
    super({ ...options, deadTimeoutMs: 2 * options.heartbeatIntervalMs }, storageNodes);
  }
}

export const hastyFailureDetector: BugVariant = {
  name: 'hasty-failure-detector',
  description: 'the name node declares a storage node dead after two missed heartbeats, dropping its replicas from the map during short silences',
  source: 'HDFS-3703 (stale datanodes treated as dead)',
  classes: { nameNodeClass: HastyNameNode },
};
