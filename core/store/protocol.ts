import type { ActorHandle } from '../actors/handle';

// Messages between the name node, storage nodes and clients.

/** A chunk replica as a storage node holds it on disk. */
export interface StoredChunk {
  id: string;
  gen: number;
  checksum: string;
  size: number;
  data: string;
}

/** One line of a block report: what a storage node holds, without the bytes. */
export interface ReportedChunk {
  id: string;
  gen: number;
  checksum: string;
  size: number;
}

/** Identifies one incarnation of a storage node, so that late messages of an earlier one are ignored. */
export interface NodeStamp {
  node: string;
  /** Random per incarnation. */
  boot: string;
  /** Grows with every change to the node's chunks in this incarnation. */
  seq: number;
}

export type ReadReply =
  | { status: 'ok'; chunk: StoredChunk }
  | { status: 'missing' }
  | { status: 'corrupt' };

export interface WriteAck {
  stamp: NodeStamp;
}

/** What `locate` returns: the committed version of an artifact and where its chunks are. */
export interface Located {
  name: string;
  version: number;
  gen: number;
  size: number;
  chunks: Array<{ id: string; index: number; size: number; checksum: string; nodes: string[] }>;
}

/** Storage node methods the name node and clients use (structural, to avoid an import cycle). */
export interface StorageApi {
  writeChunk(chunk: StoredChunk): Promise<WriteAck>;
  readChunk(id: string): ReadReply;
  deleteChunk(id: string): Promise<WriteAck>;
  copyChunk(id: string, gen: number, checksum: string, source: ActorHandle<StorageApi>, rpcTimeoutMs: number): Promise<WriteAck>;
  requestReport(): void;
}

export const NAME_NODE = 'namenode';
export const storageActorName = (node: string): string => `storage:${node}`;
export const CHUNK_PREFIX = 'chunk/';
