import * as fc from 'fast-check';
import { ActorsimError } from '../core/errors';
import { SeededStream } from '../sim';
import type { CheckViolation } from '../properties/violation';
import { drawFault, type ScheduledFault } from './faults';
import { drawOperation, sortByTime, type Operation } from './operation';
import { drawOptions } from './options';
import { runScenario, type ScenarioResult } from './run';
import { timingOf, type Scenario } from './scenario';
import { buildTopology } from './topology';

// fast-check glue. `seedProperty`: every seed's run of the scenario passes its
// checkers. `commandsProperty`: model-based, over explicit lists of operations
// and faults (each drawn by the scenario's own generators from a number that
// fast-check picks and shrinks), run on one seed's options; a counterexample
// is a list fast-check has already cut down.

/** Thrown by the properties when a run violates a checker; carries the result. */
export class ScenarioFailedError extends ActorsimError {
  constructor(readonly result: ScenarioResult<object>) {
    super('SCENARIO_FAILED', `${result.scenario} seed ${String(result.seed)}${result.bug ? ` (bug ${result.bug})` : ''}: ${result.violations.map((v: CheckViolation) => `[${v.kind}] ${v.message.split('\n')[0]}`).join('; ')}`);
  }
}

export interface SeedPropertyOptions {
  bug?: string | null;
  /** Seeds drawn from 1..maxSeed (default 2^31 - 1). */
  maxSeed?: number;
}

export function seedProperty(scenario: Scenario, o: SeedPropertyOptions = {}): fc.IAsyncProperty<[number]> {
  return fc.asyncProperty(fc.integer({ min: 1, max: o.maxSeed ?? 0x7fffffff }), async (seed) => {
    const r = await runScenario(scenario, { seed, bug: o.bug ?? null });
    if (!r.ok) throw new ScenarioFailedError(r);
  });
}

export interface CommandsPropertyOptions {
  bug?: string | null;
  /** The seed whose options, topology and world the commands run in (default 1). */
  seed?: number;
  maxOperations?: number;
  maxFaults?: number;
}

export interface Commands {
  operations: Operation[];
  faults: ScheduledFault[];
}

/** The arbitrary of explicit operation and fault lists for one seed's options. */
export function commandsArbitrary(scenario: Scenario, o: CommandsPropertyOptions = {}): fc.Arbitrary<Commands> {
  const seed = o.seed ?? 1;
  const options = drawOptions(scenario.name, scenario.options, seed);
  const timing = timingOf(scenario, options);
  const topology = buildTopology(scenario.name, scenario.topology(options), scenario.workload.clients(options));
  const plan = (scenario.nemesis?.plan(options) ?? []).filter((p) => p.count > 0);
  const window = { startMs: timing.startMs, endMs: timing.startMs + timing.faultPhaseMs };
  // Each operation from its own number (what fast-check shrinks); its index is its place in the
  // list, unique as the workload's draw promises (two equal numbers must not write the same value).
  const operations = fc.array(fc.nat(), { minLength: 1, maxLength: o.maxOperations ?? 20 }).map((ns) => sortByTime(ns.map((n, i) => drawOperation(scenario.workload, new SeededStream(`commands/op/${n}`), options, i, window))));
  const fault = fc.tuple(fc.nat(), fc.nat({ max: Math.max(0, plan.length - 1) }), fc.nat({ max: timing.faultPhaseMs - 1 })).map(([n, which, at]) =>
    drawFault(new SeededStream(`commands/fault/${n}`), plan[which]!, topology, timing.startMs + at),
  );
  return fc.record({
    operations,
    faults: plan.length === 0 ? fc.constant([]) : fc.array(fault, { maxLength: o.maxFaults ?? 4 }).map((fs) => sortByTime(fs)),
  });
}

export function commandsProperty(scenario: Scenario, o: CommandsPropertyOptions = {}): fc.IAsyncProperty<[Commands]> {
  const seed = o.seed ?? 1;
  return fc.asyncProperty(commandsArbitrary(scenario, o), async (c) => {
    const r = await runScenario(scenario, { seed, bug: o.bug ?? null, workload: c.operations, schedule: c.faults });
    if (!r.ok) throw new ScenarioFailedError(r);
  });
}
