import { ActorsimError, InvalidArgumentError, show } from '../core/errors';
import type { Scenario } from './result';

// Named scenarios, in registration order (which is the order help lists them).
// scenarios/index.ts registers the built-in ones; nothing here imports them,
// so a test can register a scenario of its own.

/** No scenario has this name; the message lists the names that exist. */
export class UnknownScenarioError extends ActorsimError {
  readonly scenario: string;
  constructor(name: string, known: readonly string[]) {
    super('UNKNOWN_SCENARIO', `unknown scenario ${show(name)} (known: ${known.join(', ') || 'none'})`);
    this.scenario = name;
  }
}

/** A second scenario tried to take a registered name. */
export class DuplicateScenarioError extends ActorsimError {
  constructor(name: string) {
    super('DUPLICATE_SCENARIO', `registerScenario: a scenario named ${show(name)} is already registered`);
  }
}

const scenarios = new Map<string, Scenario>();

export function registerScenario(scenario: Scenario): void {
  // The name is typed on command lines and in repro lines: keep it plain.
  if (typeof scenario?.name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(scenario.name)) {
    throw new InvalidArgumentError(`registerScenario: name must be lower-case letters, digits and dashes, got ${show(scenario?.name)}`);
  }
  if (scenarios.has(scenario.name)) throw new DuplicateScenarioError(scenario.name);
  scenarios.set(scenario.name, scenario);
}

export function getScenario(name: string): Scenario {
  const s = scenarios.get(name);
  if (!s) throw new UnknownScenarioError(name, scenarioNames());
  return s;
}

export function scenarioNames(): string[] {
  return [...scenarios.keys()];
}
