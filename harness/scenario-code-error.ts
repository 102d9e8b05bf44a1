import { ActorsimError } from '../core/errors';

/**
 * A scenario's own code (its setup, its workload draw) threw where the run
 * cannot go on: the scenario's bug, not actorsim's. The CLI reports it as bad
 * input (exit 2) with the scenario, the seed and the stack.
 */
export class ScenarioCodeError extends ActorsimError {
  constructor(message: string) {
    super('SCENARIO_CODE', message);
  }
}
