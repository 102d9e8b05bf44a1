// The store's fast-check suites' public face: model-based command histories
// over the simulated store, and properties over swarm seeds. They drive the
// store's worlds (store-world.ts, swarm.ts), so they live with its scenarios;
// the checkers they apply come from properties/. Not re-exported by
// scenarios/index.ts: importing them loads fast-check.
export { clientIndex, describeCommand, describeConfig, isFault } from './commands';
export type { Command, ClientOpKind, ModelConfig, NodeRef } from './commands';
export { configArb, commandArb, commandsArb, DEFAULT_WEIGHTS, DISK_WEIGHTS } from './arbitraries';
export type { CommandWeights } from './arbitraries';
export { ReferenceModel } from './reference-model';
export { runCommands, contentFor, modelStoreOptions, NAMES } from './run-commands';
export type { CommandRunResult, StoreVariant } from './run-commands';
export { modelBasedProperty, newCounter } from './model-property';
export type { HistoryCounter, ModelCase, ModelPropertyOptions } from './model-property';
export { determinismProperty, seedArb, swarmOverridesArb, swarmRepro, swarmSeedProperty } from './swarm-properties';
export type { SwarmOverrides, SwarmPropertyOptions } from './swarm-properties';
export { commandLines, modelFailureReport, seedFailureReport } from './report';
export type { FailureReport, ReportOptions, RunSummary } from './report';
