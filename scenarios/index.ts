// The scenarios' public face: importing it registers every built-in scenario.
// To add one, import it here and register it; help and `actorsim run` pick it up.
import { registerScenario } from './registry';
import { piScenario } from './pi';
import { verifyScenario } from './verify';
import { swarmScenario } from './swarm-scenario';

registerScenario(verifyScenario);
registerScenario(swarmScenario);
registerScenario(piScenario);

export { registerScenario, getScenario, scenarioNames, UnknownScenarioError, DuplicateScenarioError } from './registry';
export { flagKey, readScenarioOptions } from './scenario-flag';
export type { ScenarioFlag, FlagValue, FlagValues } from './scenario-flag';
export type { RunResult, Scenario, ScenarioRunOptions, ViolationReport } from './result';
