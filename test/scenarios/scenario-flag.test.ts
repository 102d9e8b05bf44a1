import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { flagKey, readScenarioOptions, type ScenarioFlag } from '../../scenarios/scenario-flag';

const FLAGS = [
  { name: 'ops', kind: 'integer', default: 10, min: 1, max: 100, description: 'operations' },
  { name: 'crash-nodes', kind: 'boolean', default: false, description: 'crash' },
  { name: 'mode', kind: 'string', default: 'safe', choices: ['safe', 'wild'], description: 'mode' },
] as const satisfies readonly ScenarioFlag[];

function caught(run: () => unknown): { code?: unknown; message: string } {
  try {
    run();
  } catch (err) {
    return err as { code?: unknown; message: string };
  }
  throw new Error('expected an error');
}

test('flag names map to camelCase option keys', () => {
  assert.is(flagKey('crash-at-ms'), 'crashAtMs');
  assert.is(flagKey('tasks'), 'tasks');
});

test('defaults fill what is not given; given values are kept (typed)', () => {
  const o = readScenarioOptions('t', FLAGS, { seed: 1, ops: 5 });
  assert.equal(o, { ops: 5, crashNodes: false, mode: 'safe' });
  const n: number = o.ops;
  const b: boolean = o.crashNodes;
  assert.is(n + (b ? 1 : 0), 5);
});

test('unknown keys, out-of-range integers, wrong types and bad choices are refused', () => {
  assert.match(caught(() => readScenarioOptions('t', FLAGS, { seed: 1, opz: 3 })).message, /t: unknown option "opz" \(its options: ops, crashNodes, mode\)/);
  assert.match(caught(() => readScenarioOptions('t', FLAGS, { seed: 1, ops: 101 })).message, /ops must be an integer in 1\.\.100, got 101/);
  assert.match(caught(() => readScenarioOptions('t', FLAGS, { seed: 1, ops: 1.5 })).message, /got 1\.5/);
  assert.match(caught(() => readScenarioOptions('t', FLAGS, { seed: 1, crashNodes: 'yes' })).message, /crashNodes must be a boolean/);
  assert.match(caught(() => readScenarioOptions('t', FLAGS, { seed: 1, mode: 'tame' })).message, /mode must be one of safe, wild, got "tame"/);
  assert.is(caught(() => readScenarioOptions('t', FLAGS, { seed: 1, mode: 'tame' })).code, 'INVALID_ARGUMENT');
});

test('the common run options are not mistaken for unknown ones', () => {
  const o = readScenarioOptions('t', FLAGS, { seed: 1, keepTrace: true, strategy: 'pct', onProgress: () => {} });
  assert.is(o.ops, 10);
});

test.run();
