import { InvalidArgumentError, show } from '../core/errors';
import type { ActorSystem, ClientContext } from '../core/actors';
import type { NetworkOptions, Seed, SeededStream, Simulation, SimulationOptions, StrategyName } from '../sim';
import type { CheckContext, Checker } from './checkers';
import { isBuiltin, type FaultPlanItem, type ScheduledFault } from './faults';
import type { FaultKindSpec } from './nemesis';
import type { Operation, WorkloadSpec } from './operation';
import type { OptionsSpec } from './options';
import type { ReportSpec } from './report';
import type { Topology } from './topology';

// A scenario: everything that makes one system testable the way the store
// is, declared as data and small functions. The runner, repro files, replay,
// shrink, hunt, swarm and the CLI are generic over it.

/** What setup sees: the world it spawns the system's actors in. */
export interface ScenarioWorld<O, Impl> {
  readonly seed: Seed;
  readonly options: O;
  readonly topology: Topology;
  readonly sim: Simulation;
  readonly system: ActorSystem;
  /** The implementation to run: the scenario's `impl` with a bug variant's swaps applied. */
  readonly impl: Impl;
  readonly bug: string | null;
  /** What the run performs and injects (drawn or explicit): for checkers that need the schedule (time a node spent paused). */
  readonly workload: readonly Operation[];
  readonly schedule: readonly ScheduledFault[];
}

/** Settings of the simulated world a scenario may choose from its options. */
export interface SimulationSettings {
  /** The scheduling strategy, when the scenario's options draw it (an explicit run strategy still wins). */
  strategy?: StrategyName;
  /** Per-node clock offset and drift bounds (default perfect clocks). */
  clocks?: SimulationOptions['clocks'];
  /** The simulator's stall report (0 = off), for systems whose checkers bound progress themselves. */
  stallMs?: number;
  /** Fault points (ctx.buggify) on or off, when the scenario's options draw it (an explicit run option still wins). */
  buggify?: boolean;
}

/** A deliberately broken version of the system: what it swaps into `impl`. */
export interface BugVariant<Impl> {
  name: string;
  summary: string;
  swap: Partial<Impl>;
}

export interface Timing {
  /** When clients start and the fault phase begins (after the system has settled). */
  startMs: number;
  faultPhaseMs: number;
  /** A client operation not completed this long after its invoke is recorded `unknown`. */
  clientDeadlineMs: number;
  /** After healing: how long liveness checkers have to pass. */
  livenessBoundMs: number;
  /** How often liveness checkers are retried after healing. */
  livenessEveryMs: number;
  /** How often safety checkers and report series are sampled. */
  sampleEveryMs: number;
}

export const DEFAULT_TIMING: Timing = { startMs: 200, faultPhaseMs: 3000, clientDeadlineMs: 1000, livenessBoundMs: 10_000, livenessEveryMs: 200, sampleEveryMs: 100 };

export interface NemesisSpec<O, Sys> {
  /** The fault plan of a run: kinds, roles or targets, counts and durations (usually drawn into the options). */
  plan(options: O): FaultPlanItem[];
  /** Targets resolved when a fault fires: `primary: (ctx) => the node that is primary now`; null = nobody (vetoed). */
  targets?: Record<string, (ctx: CheckContext<O, Sys>) => string | null>;
  /** Fault kinds the scenario adds. */
  kinds?: ReadonlyArray<FaultKindSpec<CheckContext<O, Sys>>>;
  /** Draws the schedule itself instead of from the plan (a system keeping its own draw order); the plan still lists its kinds. */
  draw?(stream: SeededStream, options: O, topology: Topology, window: { startMs: number; endMs: number }): ScheduledFault[];
  /** A veto asked as each fault fires (a fault atlas: never destroy the last copy of data); false = vetoed, counted, not applied. */
  allow?(ctx: CheckContext<O, Sys>, fault: ScheduledFault, node: string | null): boolean;
  /** Called as every fault heals, before the built-in kinds heal: undoes what the scenario's kinds leave behind beyond their own end (clogs, clock offsets). */
  heal?(ctx: CheckContext<O, Sys>): void;
}

/** What a scenario declares (see defineScenario). */
export interface ScenarioSpec<O extends object, Impl extends object, Sys> {
  name: string;
  summary: string;
  options: OptionsSpec<O>;
  /** Named roles → node ids (the harness adds `clients`). */
  topology(options: O): Record<string, readonly string[]>;
  /** The simulated network for these options (default: the simulator's). */
  network?(options: O): Partial<NetworkOptions>;
  /** Clocks, strategy and stall report of the simulated world for these options (default: perfect clocks, strategy drawn by the harness). */
  simulation?(options: O): SimulationSettings;
  /** The parts a bug variant may swap (actor classes, client classes, functions). */
  impl: Impl;
  bugs?: ReadonlyArray<BugVariant<Impl>>;
  /** Spawns the system's actors; returns what perform and checkers use (handles, names). */
  setup(world: ScenarioWorld<O, Impl>): Sys | Promise<Sys>;
  workload: WorkloadSpec<O>;
  /**
   * Runs one operation as client `client.node`; resolves with the result the
   * history records (a read's value). Throw OperationFailed when it definitely
   * did not take effect, OperationIndeterminate when it may have; any other
   * actorsim error (a timeout, a dead actor) is recorded `unknown` too.
   */
  perform(sys: Sys, op: Operation, client: ClientContext, world: ScenarioWorld<O, Impl>): Promise<unknown>;
  checkers?: ReadonlyArray<Checker<O, Sys>>;
  nemesis?: NemesisSpec<O, Sys>;
  timing?(options: O): Partial<Timing>;
  report?: ReportSpec<O, Sys>;
}

/** A checked scenario declaration, marked so that module loaders can find it. */
export type Scenario<O extends object = any, Impl extends object = any, Sys = any> = ScenarioSpec<O, Impl, Sys> & { // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly kind: 'actorsim-scenario';
  readonly bugs: ReadonlyArray<BugVariant<Impl>>;
  readonly checkers: ReadonlyArray<Checker<O, Sys>>;
};

const NAME = /^[a-z][a-z0-9-]*$/;

/** Checks a scenario's declaration and marks it as one (loaders find it by that mark). */
export function defineScenario<O extends object, Impl extends object, Sys>(spec: ScenarioSpec<O, Impl, Sys>): Scenario<O, Impl, Sys> {
  if (spec === null || typeof spec !== 'object') throw new InvalidArgumentError(`defineScenario: expected a scenario object, got ${show(spec)}`);
  if (typeof spec.name !== 'string' || !NAME.test(spec.name)) throw new InvalidArgumentError(`defineScenario: name must be lower-case kebab-case, got ${show(spec.name)}`);
  const where = `defineScenario(${spec.name})`;
  for (const fn of ['topology', 'setup', 'perform'] as const) {
    if (typeof spec[fn] !== 'function') throw new InvalidArgumentError(`${where}: ${fn} must be a function, got ${show(spec[fn])}`);
  }
  if (!spec.options || typeof spec.options.draw !== 'function') throw new InvalidArgumentError(`${where}: options.draw must be a function`);
  if (!spec.workload || typeof spec.workload.draw !== 'function') throw new InvalidArgumentError(`${where}: workload.draw must be a function`);
  const bugs = spec.bugs ?? [];
  const seen = new Set<string>();
  for (const b of bugs) {
    if (typeof b.name !== 'string' || !NAME.test(b.name) || seen.has(b.name)) throw new InvalidArgumentError(`${where}: bug names must be unique kebab-case, got ${show(b.name)}`);
    seen.add(b.name);
    for (const key of Object.keys(b.swap)) {
      if (!(key in spec.impl)) throw new InvalidArgumentError(`${where}: bug ${b.name} swaps ${show(key)}, which impl does not have (impl: ${Object.keys(spec.impl).join(', ')})`);
    }
  }
  // A scenario kind named like a built-in would never run (the built-in wins): say so.
  for (const k of spec.nemesis?.kinds ?? []) {
    if (isBuiltin(k.name)) throw new InvalidArgumentError(`${where}: nemesis kind ${show(k.name)} is a built-in fault kind; use the built-in or give its own a new name`);
  }
  return { ...spec, kind: 'actorsim-scenario', bugs, checkers: spec.checkers ?? [] };
}

export function isScenario(value: unknown): value is Scenario {
  return !!value && typeof value === 'object' && (value as { kind?: unknown }).kind === 'actorsim-scenario' && typeof (value as { setup?: unknown }).setup === 'function';
}

/** The bug variant by name (null for the correct version); throws naming the known ones. */
export function findBug<O extends object, Impl extends object, Sys>(scenario: Scenario<O, Impl, Sys>, name: string | null | undefined): BugVariant<Impl> | null {
  if (name === null || name === undefined) return null;
  const bug = scenario.bugs.find((b) => b.name === name);
  if (!bug) throw new InvalidArgumentError(`${scenario.name}: unknown bug ${show(name)} (its bugs: ${scenario.bugs.map((b) => b.name).join(', ') || 'none'})`);
  return bug;
}

export function timingOf<O extends object>(scenario: Scenario<O>, options: O): Timing {
  const t = { ...DEFAULT_TIMING, ...(scenario.timing?.(options) ?? {}) };
  for (const [k, v] of Object.entries(t)) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < (k === 'startMs' ? 0 : 1)) throw new InvalidArgumentError(`${scenario.name}: timing.${k} must be a positive integer of ms, got ${show(v)}`);
  }
  return t;
}
