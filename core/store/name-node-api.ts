import type { ActorHandle } from '../actors/handle';
import type { Located, NodeStamp, ReportedChunk, StorageApi } from './protocol';
import type { StoreStatus } from './status';

/** The name node's methods, as clients and storage nodes see them. */
export interface NameNodeApi {
  /** `requestId`: unique per client operation; a duplicated request with the same id runs once (the retry cache). */
  upload(name: string, content: string, requestId?: string): Promise<{ version: number }>;
  update(name: string, content: string, requestId?: string): Promise<{ version: number }>;
  delete(name: string, requestId?: string): Promise<void>;
  locate(name: string): Located;
  status(): StoreStatus;
  heartbeat(stamp: NodeStamp, handle: ActorHandle<StorageApi>): void;
  blockReport(stamp: NodeStamp, chunks: ReportedChunk[], handle: ActorHandle<StorageApi>): void;
  reportCorrupt(stamp: NodeStamp, id: string): void;
}
