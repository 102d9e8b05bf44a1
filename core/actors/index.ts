// The actor runtime's public face.
export { Actor } from './actor';
export type { ActorContext } from './actor';
export { ActorHandle } from './handle';
export type { CallProxy, TellProxy, MethodNames, Origin } from './handle';
export { Ref } from './ref';
export { ActorSystem } from './system';
export type { ActorClass, ActorInfo, ClientContext, ActorState, SpawnOptions, WaitOptions, WaitResult } from './system';
export { RemoteFunction } from './remote';
export type { TaskContext, TaskFn } from './remote';
export type { Disk, Envelope, Host, HostHandlers, LogLevel, RandomStream, TimerId } from './host';
export { LOG_LEVELS } from './host';
export { copyValue } from './copy';
export * from './errors';
export { DiskError } from './disk-error';
export type { DiskErrorCode } from './disk-error';
export { reportActorError } from './report-actor-error';
export type { FaultPoints } from './fault-points';
