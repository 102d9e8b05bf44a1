// The Distributed Artifact Store's public face.
export { NameNode, EDIT_LOG } from './name-node';
export type { Artifact, LogRecord, NodeView } from './name-node';
export { StorageNode } from './storage-node';
export { StoreClient } from './client';
export type { Caller, StoreClientOptions } from './client';
export { startStore } from './cluster';
export type { StoreCluster, StartStoreOptions } from './cluster';
export { StoreError, DEFINITE_FAILURES } from './errors';
export type { StoreErrorCode, Outcome } from './errors';
export { DEFAULT_STORE_OPTIONS, checkStoreOptions } from './options';
export type { StoreOptions } from './options';
export { renderStatusText, verdictExplained } from './status';
export type { StoreStatus, NodeStatus, ArtifactStatus, ChunkStatus, StatusSummary, Verdict } from './status';
export * from './protocol';
export { splitContent, joinChunks, checksum, chunkId } from './chunks';
export type { ChunkMeta } from './chunks';
export type { NameNodeApi } from './name-node-api';
