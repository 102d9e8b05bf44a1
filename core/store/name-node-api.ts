import type { ActorHandle } from '../actors/handle';
import type { Located, NodeStamp, ReportedChunk, StorageApi } from './protocol';
import type { StoreStatus } from './status';

/** The name node's methods, as clients and storage nodes see them. */
export interface NameNodeApi {
  upload(name: string, content: string): Promise<{ version: number }>;
  update(name: string, content: string): Promise<{ version: number }>;
  delete(name: string): Promise<void>;
  locate(name: string): Located;
  status(): StoreStatus;
  heartbeat(stamp: NodeStamp, handle: ActorHandle<StorageApi>): void;
  blockReport(stamp: NodeStamp, chunks: ReportedChunk[], handle: ActorHandle<StorageApi>): void;
  reportCorrupt(stamp: NodeStamp, id: string): void;
}
