// actorsim's public face: what `import { ... } from 'actorsim'` gives (the
// package's "." export; compiled to dist/index.js with dist/index.d.ts).
// It re-exports each folder's index.ts:
//   core/actors  the actor runtime (Actor, ActorSystem, Ref, errors)
//   core/store   the Distributed Artifact Store (startStore, StoreClient, ...)
//   sim          the deterministic world (Simulation, Nemesis, streams, trace)
//   properties   checkers, the linearizability checker and its models, history readers
//   reports      pure renderers of the ReportInput they define (terminal, HTML)
//   harness      the scenario API for your own system (defineScenario, runScenario,
//                scenarioReportInput to render a run, ...)
// Not here: the CLI (bin
// `actorsim`), the real host (real/, reached through `actorsim cluster` and
// `actorsim store`), the store's fast-check suites (scenarios/model-based).
export * from './core/actors';
export * from './core/store';
export * from './sim';
export * from './properties';
export * from './reports';
export * from './harness';
// Both the store and the checkers name a type `Outcome`: here it is the
// checkers' ('ok' | 'fail' | 'unknown'); the store's error outcome is StoreErrorOutcome.
export type { Outcome } from './properties';
export type { Outcome as StoreErrorOutcome } from './core/store';
// Both the checkers and the harness name a type `Operation`: here it is the
// harness's (a workload operation); the checkers' is ModelOperation.
export type { Operation } from './harness';
