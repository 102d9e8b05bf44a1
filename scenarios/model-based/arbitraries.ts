import fc from 'fast-check';
import type { Command, ModelConfig, NodeRef } from './commands';
import { NAMES } from './run-commands';

// fast-check arbitraries for the model-based suite: a small cluster and a
// list of commands. Every choice shrinks towards the simplest case (first
// constant, smallest integer, op before fault), so a failing list shrinks to
// a handful of readable commands.

export const MAX_CLIENTS = 3;
export const MAX_STORAGE_NODES = 5;

export const configArb: fc.Arbitrary<ModelConfig> = fc
  .record({
    simSeed: fc.integer({ min: 0, max: 0x7fffffff }),
    storageNodes: fc.integer({ min: 3, max: MAX_STORAGE_NODES }),
    replicationFactor: fc.integer({ min: 2, max: 3 }),
    clients: fc.integer({ min: 2, max: MAX_CLIENTS }),
  })
  .map((c) => ({ ...c, replicationFactor: Math.min(c.replicationFactor, c.storageNodes) }));

const storageIndex = fc.integer({ min: 0, max: MAX_STORAGE_NODES - 1 });
const anyNode: fc.Arbitrary<NodeRef> = fc.oneof({ arbitrary: storageIndex, weight: 4 }, { arbitrary: fc.constant<'nn'>('nn'), weight: 1 });

const opArb: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant<'op'>('op'),
  client: fc.integer({ min: 0, max: MAX_CLIENTS - 1 }),
  op: fc.constantFrom<'upload' | 'update' | 'get' | 'delete'>('upload', 'get', 'update', 'delete'),
  name: fc.constantFrom(...NAMES),
  chunks: fc.integer({ min: 1, max: 3 }),
  sync: fc.boolean(),
});

export interface CommandWeights {
  op: number;
  wait: number;
  crash: number;
  restart: number;
  isolate: number;
  heal: number;
  lossy: number;
  corrupt: number;
  wipe: number;
  /** Disk faults (issue 12): off by default, so that pinned seeds of the default suite keep their histories. */
  lose?: number;
  logrot?: number;
}

export const DEFAULT_WEIGHTS: CommandWeights = { op: 12, wait: 5, crash: 2, restart: 2, isolate: 2, heal: 1, lossy: 1, corrupt: 2, wipe: 1 };
/** With the disk faults on: for store variants whose bug only a lost file or a rotted edit-log record shows. */
export const DISK_WEIGHTS: CommandWeights = { ...DEFAULT_WEIGHTS, lose: 2, logrot: 2 };

export function commandArb(weights: CommandWeights = DEFAULT_WEIGHTS): fc.Arbitrary<Command> {
  const all: Array<{ arbitrary: fc.Arbitrary<Command>; weight: number }> = [
    { arbitrary: opArb, weight: weights.op },
    { arbitrary: fc.record({ kind: fc.constant<'wait'>('wait'), ms: fc.constantFrom(5, 50, 200, 600, 1500) }), weight: weights.wait },
    { arbitrary: fc.record({ kind: fc.constant<'crash'>('crash'), node: anyNode }), weight: weights.crash },
    { arbitrary: fc.record({ kind: fc.constant<'restart'>('restart'), node: anyNode }), weight: weights.restart },
    { arbitrary: fc.record({ kind: fc.constant<'isolate'>('isolate'), node: anyNode }), weight: weights.isolate },
    { arbitrary: fc.constant<Command>({ kind: 'heal' }), weight: weights.heal },
    { arbitrary: fc.constant<Command>({ kind: 'lossy' }), weight: weights.lossy },
    { arbitrary: fc.record({ kind: fc.constant<'corrupt'>('corrupt'), node: storageIndex, pick: fc.integer({ min: 0, max: 7 }) }), weight: weights.corrupt },
    { arbitrary: fc.record({ kind: fc.constant<'wipe'>('wipe'), node: storageIndex }), weight: weights.wipe },
    { arbitrary: fc.record({ kind: fc.constant<'lose'>('lose'), node: storageIndex, pick: fc.integer({ min: 0, max: 7 }) }), weight: weights.lose ?? 0 },
    { arbitrary: fc.record({ kind: fc.constant<'logrot'>('logrot'), pick: fc.integer({ min: 0, max: 1023 }) }), weight: weights.logrot ?? 0 },
  ];
  return fc.oneof(...all.filter((a) => a.weight > 0));
}

export function commandsArb(options: { maxCommands?: number; weights?: CommandWeights } = {}): fc.Arbitrary<Command[]> {
  return fc.array(commandArb(options.weights), { minLength: 1, maxLength: options.maxCommands ?? 30, size: 'max' });
}
