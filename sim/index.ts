// The simulated world's public face.
export { Simulation, DRIVER_NODE } from './simulation';
export type { SimulationOptions, RunOptions, RunOutcome, StopReason, NodeInfo, SimLogLine, Violation } from './simulation';
export { SimDisk } from './disk';
export { Streams, SeededStream, checkSeed } from './random';
export type { Seed } from './random';
export { DEFAULT_NETWORK, checkNetworkOptions } from './network';
export type { NetworkOptions } from './network';
export { STRATEGIES } from './scheduler';
export type { StrategyName } from './scheduler';
export { Trace, CHECKPOINT_EVERY } from './trace';
export type { TraceEvent, TraceKind } from './trace';
export { Nemesis, FAULT_KINDS, drawFaultSchedule, isFaultKind } from './nemesis';
export type { FaultEvent, FaultKind, FaultMode, FaultGuard, FaultTopology } from './nemesis';
export { SimFaultPoints, BUGGIFY_ENABLE_RATIO, BUGGIFY_FIRE_RATIO } from './fault-points';
// The fault kinds beyond the harness's built-in ones, for scenarios that declare them (the store's).
export { DiskFaults, DISK_FAULT_KINDS, isDiskFaultKind } from './disk-faults';
export type { DiskFaultEvent, DiskFaultGuard, DiskFaultKind, DiskWorld } from './disk-faults';
export { WORLD_FAULT_KINDS, isWorldFaultKind, startWorldFault, worldNetworkPatch } from './world-faults';
export type { WorldFault, WorldFaultKind } from './world-faults';
export { STORE_CLOCK_BOUND } from './clock';
export type { ClockOptions } from './clock';
export { isStrategyName } from './scheduler';
export { PORTFOLIO, drawStrategy } from './portfolio';
