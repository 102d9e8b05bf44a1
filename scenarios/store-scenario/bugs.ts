import type { BugVariant } from '../../harness';
import { BUGS } from '../bugs';
import type { StoreImpl } from './system';

// Every variant of the store's bug catalogue (scenarios/bugs) as the
// scenario's bugs: the classes each swaps into the store.

export const STORE_BUGS: ReadonlyArray<BugVariant<StoreImpl>> = BUGS.map((b) => {
  const swap: Partial<StoreImpl> = {};
  if (b.classes.nameNodeClass) swap.NameNode = b.classes.nameNodeClass;
  if (b.classes.storageNodeClass) swap.StorageNode = b.classes.storageNodeClass;
  if (b.classes.clientClass) swap.StoreClient = b.classes.clientClass;
  return { name: b.name, summary: `${b.description} (${b.source})`, swap };
});
