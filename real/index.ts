// The real host's public face: the unchanged store on OS processes, TCP on
// loopback and files (see real/README.md).
export { RealHost } from './host';
export type { RealHostOptions, RealViolation } from './host';
export { FileDisk, readDiskKeys } from './file-disk';
export { encodeValue, decodeValue, CodecError, NO_HANDLES } from './codec';
export type { HandleFactory } from './codec';
export { encodeFrame, encodeFramePayload, FrameReader, FrameError, verifyFrame, parsePayload, DEFAULT_MAX_FRAME_BYTES } from './frames';
export type { FrameKey, RawFrame } from './frames';
export { Transport, fetchLayout } from './transport';
export type { Address, TransportOptions } from './transport';
export { CLUSTER_FILE, readClusterFile, checkClusterFile, checkLayout, layoutOf, realStoreOptions, isLoopback } from './cluster-file';
export type { ClusterFile, ClusterLayout, NodeSpec } from './cluster-file';
export { runNode, connectStore, tryStatus, readSecretFile, layoutDigest } from './runtime';
export type { NodeRuntime, StoreConnection } from './runtime';
export * from './control';
export { Supervisor } from './supervisor';
export { isRunning, readPidRecord, pollUntil, stopProcess } from './processes';
export type { PidRecord } from './processes';
