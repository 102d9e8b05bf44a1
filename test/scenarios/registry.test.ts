import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getScenario, registerScenario, scenarioNames, UnknownScenarioError } from '../../scenarios';
import type { RunResult, Scenario } from '../../scenarios/result';

function caught(run: () => unknown): { code?: unknown; message: string } {
  try {
    run();
  } catch (err) {
    return err as { code?: unknown; message: string };
  }
  throw new Error('expected an error');
}

const echo: Scenario = {
  name: 'echo-test',
  summary: 'returns its seed',
  async run(options): Promise<RunResult> {
    return { scenario: 'echo-test', seed: options.seed, ok: true, traceHash: '0', events: 0, virtualTimeMs: 0, violations: [], options: {}, output: [] };
  },
};

test('the built-in scenarios are registered by scenarios/index', () => {
  assert.ok(scenarioNames().includes('pi'));
  assert.is(getScenario('pi').name, 'pi');
});

test('an unknown name is an UnknownScenarioError listing the known names', () => {
  const err = caught(() => getScenario('nosuch'));
  assert.instance(err, UnknownScenarioError);
  assert.is(err.code, 'UNKNOWN_SCENARIO');
  assert.match(err.message, /unknown scenario "nosuch"/);
  assert.match(err.message, /known: .*pi/);
});

test('a registered scenario is found, listed after the built-ins, and runs', async () => {
  registerScenario(echo);
  assert.is(getScenario('echo-test'), echo);
  assert.is(scenarioNames().at(-1), 'echo-test');
  assert.is((await getScenario('echo-test').run({ seed: 'x' })).seed, 'x');
});

test('a taken or malformed name is refused', () => {
  assert.is(caught(() => registerScenario({ ...echo, name: 'pi' })).code, 'DUPLICATE_SCENARIO');
  const bad = caught(() => registerScenario({ ...echo, name: 'Bad Name' }));
  assert.is(bad.code, 'INVALID_ARGUMENT');
  assert.match(bad.message, /"Bad Name"/);
});

test.run();
