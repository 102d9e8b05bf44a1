import { InvalidArgumentError, show } from '../errors';
import type { ActorHandle } from '../actors/handle';
import type { ActorSystem } from '../actors/system';
import { NameNode } from './name-node';
import { checkStoreOptions, StoreOptions } from './options';
import { NAME_NODE, storageActorName } from './protocol';
import { StorageNode } from './storage-node';

// Spawns a store: the name node (restarted forever, as a supervisor would) and
// one storage node actor per storage node.

export interface StoreCluster {
  nameNode: ActorHandle<NameNode>;
  storage: Map<string, ActorHandle<StorageNode>>;
  options: StoreOptions;
}

export interface StartStoreOptions {
  nameNodeNode: string;
  storageNodes: string[];
  store?: Partial<StoreOptions>;
  /** The name node class: the store's own, or a variant (bug catalogue). */
  nameNodeClass?: typeof NameNode;
  storageNodeClass?: typeof StorageNode;
}

export function startStore(system: ActorSystem, o: StartStoreOptions): StoreCluster {
  const options = checkStoreOptions('startStore', o.store ?? {});
  if (!Array.isArray(o.storageNodes) || o.storageNodes.length === 0) {
    throw new InvalidArgumentError(`startStore: storageNodes must be a non-empty array, got ${show(o.storageNodes)}`);
  }
  if (new Set(o.storageNodes).size !== o.storageNodes.length) throw new InvalidArgumentError(`startStore: storageNodes has duplicates: ${show(o.storageNodes)}`);
  if (options.replicationFactor > o.storageNodes.length) {
    throw new InvalidArgumentError(`startStore: replicationFactor ${options.replicationFactor} exceeds the ${o.storageNodes.length} storage nodes`);
  }
  const NN = o.nameNodeClass ?? NameNode;
  const SN = o.storageNodeClass ?? StorageNode;
  const nameNode = system.spawn(NN, [options, o.storageNodes], { name: NAME_NODE, node: o.nameNodeNode, maxRestarts: -1 });
  const storage = new Map<string, ActorHandle<StorageNode>>();
  for (const node of o.storageNodes) {
    storage.set(node, system.spawn(SN, [options], { name: storageActorName(node), node, maxRestarts: -1 }));
  }
  return { nameNode, storage, options };
}
