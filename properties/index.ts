// The checkers' public face: histories, the store's checkers, the generic
// linearizability checker with its models, and history readers. The
// fast-check suites that drive the simulated store are the store's scenarios'
// (scenarios/model-based): checkers never import the scenarios they judge.
export type { History, HistoryEvent, HistoryEventType } from './history';
export type { CheckViolation } from './violation';
export type { DiskChunk, DiskView } from './disk-view';
export { checkAgreement } from './agreement';
export { checkReplication } from './replication';
export { checkForeignReads } from './foreign-reads';
export { checkLostWrites } from './lost-writes';
export { PhantomTracker } from './phantom-tracker';
export type { PhantomTrackerOptions } from './phantom-tracker';
export type { Outcome, Operation, StepResult, Partition, EventToDecode, DecodedOperation, Model } from './model';
export { singlePartition } from './model';
export { checkLinearizability, DEFAULT_MAX_STEPS, DEFAULT_MINIMIZE_MAX_STEPS } from './linearizability';
export type { LinearizabilityOptions, LinearizabilityResult, LinearizabilityVerdict, LinearizabilityViolation } from './linearizability';
export { minimizeViolation } from './minimize-violation';
export type { MinimizedViolation, MinimizeOptions } from './minimize-violation';
export { renderTimeline } from './render-timeline';
export type { TimelineOptions } from './render-timeline';
export { operationsFromHistory, HistoryFormatError } from './from-history';
export type { OperationsFromHistory } from './from-history';
export { detectHistoryFormat, parseJepsenLog } from './jepsen-log';
export type { HistoryFormat } from './jepsen-log';
export { parseActorsimHistory, checkHistoryText } from './check-history-file';
export type { CheckHistoryTextOptions, CheckHistoryTextResult, HistoryModelName } from './check-history-file';
export { registerModel } from './models/register-model';
export type { RegisterInput, RegisterOutput, RegisterValue } from './models/register-model';
export { storeModel } from './models/store-model';
export type { StoreInput, StoreOutput, StoreState } from './models/store-model';
export { checkAvailability } from './availability';
export type { AvailabilityInput } from './availability';
export { checkLocatability } from './locatability';
export type { LocatabilityInput } from './locatability';
export { checkStatusTruth } from './status-truth';
export type { StatusTruthInput } from './status-truth';
export { checkStoreSamples } from './store-checks';
export type { StoreSampleChecksInput } from './store-checks';
export { FaultTimeline } from './fault-timeline';
export type { FaultSpanInput, FaultTimelineTopology } from './fault-timeline';
export { storeBounds } from './store-sample';
export type { StoreSample, StoreBounds, StoreTiming } from './store-sample';
