import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as actors from '../../../core/actors';
import { world } from './helpers';

// The public face of core/actors, pinned: ActorSystem is a façade over
// collaborators (calls, call delivery, tasks, lifecycle), and moving work
// between them must not add, drop or reshape anything users call.

const EXPORTS = [
  'Actor', 'ActorDiedError', 'ActorHandle', 'ActorNotFoundError', 'ActorSystem', 'ActorUnavailableError', 'DeadlockError',
  'DiskError', 'DuplicateActorNameError', 'GetTimeoutError', 'LOG_LEVELS', 'NodeDiedError', 'OwnerDiedError', 'Ref',
  'RemoteFunction', 'TaskError', 'copyValue', 'keepInstanceofThroughCalls', 'reportActorError',
];

/** Public methods of ActorSystem and their declared parameter counts (Function.length: parameters before the first default). */
const METHODS: Record<string, number> = {
  spawn: 2, getActor: 1, kill: 1, put: 1, get: 1, settle: 1, wait: 1, remote: 1, clientAt: 1, actorsTable: 0, pendingSummary: 0,
  nodeOf: 1, callFrom: 4, callSite: 3, tellFrom: 4, spawnFrom: 4,
};

test('core/actors exports exactly its documented runtime values', () => {
  assert.equal(Object.keys(actors).sort(), [...EXPORTS].sort());
});

test('ActorSystem keeps every public method with its parameter count', () => {
  const proto = actors.ActorSystem.prototype as unknown as Record<string, unknown>;
  for (const [name, length] of Object.entries(METHODS)) {
    const fn = proto[name];
    assert.type(fn, 'function', `ActorSystem.${name}`);
    assert.is((fn as (...a: unknown[]) => unknown).length, length, `ActorSystem.${name} parameter count`);
  }
});

test('a system exposes its host and the driver origin on the driver node', () => {
  const { sim, system } = world();
  assert.is(system.host, sim);
  assert.equal({ ...system.driver }, { node: sim.driverNode, actorId: null, incarnation: 0 });
});

test.run();
