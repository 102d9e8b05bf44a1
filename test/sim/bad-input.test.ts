import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ActorSystem } from '../../core/actors';
import { ActorsimError, InvalidArgumentError } from '../../core/errors';
import { Simulation, SimulationOptions } from '../../sim';

// Bad input to the simulator fails with INVALID_ARGUMENT and a message that
// names the API and the bad value.

function invalid(fn: () => unknown, ...parts: string[]): void {
  let err: unknown = null;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.instance(err, InvalidArgumentError, `expected InvalidArgumentError, got ${String(err)}`);
  assert.is((err as ActorsimError).code, 'INVALID_ARGUMENT');
  const message = (err as Error).message;
  for (const p of parts) assert.ok(message.includes(p), `message ${JSON.stringify(message)} should contain ${JSON.stringify(p)}`);
}

const make = (o: unknown) => () => new Simulation(o as SimulationOptions);

test('a seed that is not an integer or a non-empty string', () => {
  invalid(make({ seed: 1.5 }), 'Simulation', 'seed', '1.5');
  invalid(make({ seed: {} }), 'Simulation', 'seed', '{}');
  invalid(make({ seed: null }), 'Simulation', 'seed', 'null');
  invalid(make({ seed: '' }), 'Simulation', 'seed', '""');
  invalid(make({ seed: Number.NaN }), 'Simulation', 'seed', 'NaN');
  invalid(make({}), 'Simulation', 'seed', 'undefined');
  invalid(make(null), 'Simulation', 'options', 'null');
  assert.is(new Simulation({ seed: 0 }).seed, 0);
  assert.is(new Simulation({ seed: 'abc' }).seed, 'abc');
});

test('network options out of range', () => {
  invalid(make({ seed: 1, network: { lossRate: 1.5 } }), 'Simulation', 'lossRate', '1.5');
  invalid(make({ seed: 1, network: { lossRate: -0.1 } }), 'Simulation', 'lossRate', '-0.1');
  invalid(make({ seed: 1, network: { duplicateRate: 2 } }), 'Simulation', 'duplicateRate', '2');
  invalid(make({ seed: 1, network: { lossRate: Number.NaN } }), 'Simulation', 'lossRate', 'NaN');
  invalid(make({ seed: 1, network: { latencyMsMin: -1 } }), 'Simulation', 'latencyMsMin', '-1');
  invalid(make({ seed: 1, network: { latencyMsMean: Number.POSITIVE_INFINITY } }), 'Simulation', 'latencyMsMean', 'Infinity');
  invalid(make({ seed: 1, network: { latencyMsMin: '5' } }), 'Simulation', 'latencyMsMin', '"5"');
  invalid(make({ seed: 1, network: { fifo: 'yes' } }), 'Simulation', 'fifo', '"yes"');
  invalid(make({ seed: 1, network: { lossrate: 0.1 } }), 'Simulation', 'unknown network option', '"lossrate"');
  const sim = new Simulation({ seed: 1 });
  invalid(() => sim.setNetwork({ lossRate: 3 }), 'setNetwork', 'lossRate', '3');
  assert.is(sim.networkOptions().lossRate, 0, 'a rejected change changes nothing');
});

test('scheduler and loop options', () => {
  invalid(make({ seed: 1, strategy: 'fair' }), 'Simulation', 'strategy', '"fair"');
  invalid(make({ seed: 1, strategy: 'pct', pctDepth: 0 }), 'Simulation', 'pctDepth', '0');
  invalid(make({ seed: 1, strategy: 'pct', pctSteps: 2.5 }), 'Simulation', 'pctSteps', '2.5');
  invalid(make({ seed: 1, maxDriveMs: 0 }), 'Simulation', 'maxDriveMs', '0');
  const sim = new Simulation({ seed: 1 });
  new ActorSystem(sim);
  invalid(() => sim.run({ untilMs: -1 }), 'run', 'untilMs', '-1');
  invalid(() => sim.run({ maxEvents: 1.5 }), 'run', 'maxEvents', '1.5');
  invalid(() => sim.runUntil('soon' as unknown as () => boolean), 'runUntil', '"soon"');
  invalid(() => sim.at(Number.NaN, () => undefined), 'at', 'NaN');
  invalid(() => new ActorSystem(sim), 'attach', 'already attached');
});

test('nodes and faults', () => {
  const sim = new Simulation({ seed: 1 });
  sim.addNode('n1');
  invalid(() => sim.addNode('n1'), 'addNode', '"n1"', 'already exists');
  invalid(() => sim.addNode(''), 'addNode', '""');
  invalid(() => sim.addNode('@evil'), 'addNode', '"@evil"');
  invalid(() => sim.crash('n2'), 'crash', '"n2"');
  invalid(() => sim.restart('nope'), 'restart', '"nope"');
  invalid(() => sim.wipe('nope'), 'wipe', '"nope"');
  invalid(() => sim.pause('n1', 0), 'pause', 'got 0');
  invalid(() => sim.pause('n1', -5), 'pause', '-5');
  invalid(() => sim.partition([], ['n1']), 'partition', '[]');
  invalid(() => sim.partition(['n1'], ['n9']), 'partition', '"n9"');
  invalid(() => sim.partitionOneWay(['n1'], ['x']), 'partitionOneWay', '"x"');
  invalid(() => sim.isolate('n5'), 'isolate', '"n5"');
  invalid(() => sim.disk('n5'), 'disk', '"n5"');
  invalid(() => sim.nodeInfo('n5'), 'nodeInfo', '"n5"');
  invalid(() => sim.setTimer('n1', -1, () => undefined, null, 't'), 'setTimer', '-1');
});

test('random streams reject bad bounds', () => {
  const r = new Simulation({ seed: 1 }).random('workload');
  invalid(() => r.int(0), 'random.int', '0');
  invalid(() => r.int(2.5), 'random.int', '2.5');
  invalid(() => r.pick([]), 'random.pick');
});

test.run();
