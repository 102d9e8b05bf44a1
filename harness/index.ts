// The harness's public face: declare a scenario for any actor system, then
// run, replay, shrink, hunt and swarm it, or check it with fast-check.
export { defineScenario, isScenario, findBug, timingOf, DEFAULT_TIMING } from './scenario';
export type { Scenario, ScenarioSpec, ScenarioWorld, BugVariant, Timing, NemesisSpec } from './scenario';
export { drawOptions, optionKey, parseFlagText } from './options';
export type { OptionFlag, OptionsSpec } from './options';
export { CLIENT_ROLE, clientNode, topologyNodes } from './topology';
export type { Topology } from './topology';
export { OperationFailed, OperationIndeterminate, drawWorkload, drawOperation } from './operation';
export type { Operation, WorkloadSpec, Json } from './operation';
export { safety, liveness, final, linearizable } from './checkers';
export type { Checker, CheckContext, CheckerPhase } from './checkers';
export { BUILTIN_FAULT_KINDS, drawSchedule, drawFault } from './faults';
export type { FaultPlanItem, ScheduledFault, BuiltinFaultKind } from './faults';
export type { FaultKindSpec, AppliedFault, NemesisTools } from './nemesis';
export type { SeriesSpec, Panel, ReportSpec, ScenarioReport } from './report';
export { runScenario } from './run';
export type { ScenarioRunOptions, ScenarioResult } from './run';
export { SCENARIO_REPRO_FORMAT, ScenarioReproError, reproOf, writeScenarioRepro, readScenarioRepro, scenarioReproPath, isScenarioReproText } from './repro';
export type { ScenarioRepro } from './repro';
export { replayRepro, rerun } from './replay';
export type { ScenarioReplay, ReplayStatus } from './replay';
export { ddmin } from './ddmin';
export { shrinkScenarioRepro, sizeOf } from './shrink';
export type { ScenarioShrink, ShrinkSize } from './shrink';
export { huntScenario } from './hunt';
export type { ScenarioHunt, HuntOptions } from './hunt';
export { swarmScenario } from './swarm';
export type { SwarmRun, SwarmRunOptions, SeedOutcome } from './swarm';
export { loadScenario } from './load';
export { seedProperty, commandsProperty, commandsArbitrary, ScenarioFailedError } from './fast-check';
export type { Commands, SeedPropertyOptions, CommandsPropertyOptions } from './fast-check';
export { InvalidArgumentError, ActorsimError } from '../core/errors';
// What scenarios check with: the history format, models and the linearizability checker.
export { checkLinearizability } from '../properties/linearizability';
export { registerModel } from '../properties/models/register-model';
export type { RegisterValue, RegisterInput, RegisterOutput } from '../properties/models/register-model';
export type { Model, Operation as ModelOperation, StepResult, Partition, EventToDecode, DecodedOperation } from '../properties/model';
export { singlePartition } from '../properties/model';
export type { History, HistoryEvent } from '../properties/history';
export type { CheckViolation } from '../properties/violation';
export type { Seed, SeededStream, StrategyName, NetworkOptions, Simulation } from '../sim';
// Scheduling strategies, the portfolio a seed draws its strategy from, and hunts per strategy.
export { STRATEGIES, PORTFOLIO, drawStrategy } from '../sim';
export { huntScenarioStrategies } from './hunt';
export type { StrategyHuntOptions } from './hunt';
export { sweepStrategies, sweepLines } from './strategy-sweep';
export type { StrategySweep, StrategyTally, PortfolioTally, SweepRun, SweepOptions } from './strategy-sweep';
