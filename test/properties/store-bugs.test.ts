import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commandLines, runCommands, type Command, type ModelConfig } from '../../scenarios/model-based';
import { runSwarm } from '../../scenarios/swarm';

// Four real store bugs the property suites found in core/store/name-node.ts,
// kept as regression tests at their smallest failing cases (and the swarm
// seeds that hit them). All are fixed: the name node no longer counts a
// replica it ordered deleted until the node confirms it gone (HDFS's
// invalidation set); it ignores messages of an older storage incarnation; and
// it removes surplus replicas only after R holders confirmed theirs in fresh
// block reports; and it cancels a pending surplus delete once the chunk needs
// that replica again.

interface KnownBug {
  what: string;
  config: ModelConfig;
  commands: Command[];
  /** Violation kinds the case showed while the bug was open. */
  kinds: string[];
  /** Swarm seeds (no overrides) that fail the same way: `npx actorsim run swarm --seed S [--strategy pct]`. */
  swarmSeeds: number[];
}

const upload = (name: string, sync: boolean): Command => ({ kind: 'op', client: 0, op: 'upload', name, chunks: 1, sync });

const STALE_REPORT: KnownBug = {
  what:
    'an acknowledged upload is lost after two storage node crashes: writes the name node timed out on land when the nodes restart (surplus replicas); ' +
    'removeSurplus deletes two replicas, block reports sent before those deletes ran credit them again, and the next removeSurplus deletes the two real ones',
  config: { simSeed: 1301112811, storageNodes: 4, replicationFactor: 2, clients: 2 },
  commands: [{ kind: 'wait', ms: 200 }, { kind: 'crash', node: 3 }, { kind: 'crash', node: 0 }, upload('a', true)],
  kinds: ['under-replicated', 'model', 'lost-write'],
  swarmSeeds: [4352, 5325],
};

const RETIRED_INCARNATION: KnownBug = {
  what:
    'a storage node that restarts twice in quick succession never rejoins: the block report of its older incarnation arrives after the newer one\'s, ' +
    'the name node takes the older boot id as current and retires the live one, then ignores every later heartbeat and report from it',
  config: { simSeed: 4, storageNodes: 3, replicationFactor: 2, clients: 2 },
  commands: [upload('a', true), { kind: 'crash', node: 0 }, { kind: 'restart', node: 0 }, { kind: 'crash', node: 0 }, { kind: 'restart', node: 0 }, { kind: 'wait', ms: 600 }],
  kinds: ['over-replicated', 'unlisted-replica'],
  swarmSeeds: [7757],
};

const SURPLUS_ON_STALE_VIEW: KnownBug = {
  what:
    'surplus removal deleted the last good copy: a chunk looked over-replicated right after healing, counting a replica whose node had just been wiped ' +
    'and another that had just rotted, and the one good copy (on a node back from isolation) was chosen as the surplus',
  config: { simSeed: 781211928, storageNodes: 5, replicationFactor: 2, clients: 2 },
  commands: [
    { kind: 'op', client: 0, op: 'upload', name: 'a', chunks: 1, sync: false },
    { kind: 'op', client: 0, op: 'upload', name: 'a', chunks: 1, sync: false },
    { kind: 'op', client: 0, op: 'upload', name: 'a', chunks: 1, sync: false },
    { kind: 'op', client: 1, op: 'update', name: 'b', chunks: 1, sync: false },
    { kind: 'op', client: 0, op: 'get', name: 'a', chunks: 1, sync: false },
    { kind: 'lossy' },
    { kind: 'isolate', node: 1 },
    { kind: 'op', client: 0, op: 'upload', name: 'b', chunks: 2, sync: false },
    { kind: 'op', client: 0, op: 'upload', name: 'a', chunks: 1, sync: false },
    { kind: 'isolate', node: 0 },
    { kind: 'op', client: 0, op: 'upload', name: 'a', chunks: 1, sync: false },
    { kind: 'wipe', node: 3 },
    { kind: 'corrupt', node: 4, pick: 0 },
    { kind: 'op', client: 0, op: 'upload', name: 'a', chunks: 1, sync: false },
  ] as Command[],
  kinds: ['under-replicated', 'lost-write'],
  swarmSeeds: [],
};

const LOST_SURPLUS_DELETE: KnownBug = {
  what:
    'a lost delete of a surplus replica was redone after the counted copies were lost (FC_SEED=1 in the model-based suite): the delete to the surplus holder ' +
    'was dropped on a lossy network, one counted holder was wiped and the other rotted, and the next block report of the surplus holder made the name node ' +
    'send the delete again, removing the last good copy; now a pending delete of a replica the chunk needs again is cancelled',
  config: { simSeed: 1857023062, storageNodes: 3, replicationFactor: 2, clients: 2 },
  commands: [
    { kind: 'op', client: 0, op: 'upload', name: 'a', chunks: 1, sync: false },
    { kind: 'op', client: 0, op: 'get', name: 'b', chunks: 1, sync: false },
    { kind: 'op', client: 0, op: 'upload', name: 'a', chunks: 1, sync: false },
    { kind: 'wait', ms: 1500 },
    upload('a', true),
    { kind: 'lossy' },
    { kind: 'op', client: 0, op: 'get', name: 'a', chunks: 1, sync: false },
    upload('a', true),
    { kind: 'wipe', node: 2 },
    { kind: 'corrupt', node: 0, pick: 0 },
    { kind: 'restart', node: 0 },
  ] as Command[],
  kinds: ['under-replicated'],
  swarmSeeds: [],
};

for (const bug of [STALE_REPORT, RETIRED_INCARNATION, SURPLUS_ON_STALE_VIEW, LOST_SURPLUS_DELETE]) {
  test(`fixed store bug stays fixed: ${bug.what.split(':')[0]}`, async () => {
    const r = await runCommands(bug.config, bug.commands);
    assert.equal(
      r.violations.map((v) => `[${v.kind}] ${v.message}`),
      [],
      `the minimal case fails again (it showed ${bug.kinds.join(', ')} while the bug was open).\n${bug.what}\n${commandLines(bug.config, bug.commands).join('\n')}`,
    );
    for (const seed of bug.swarmSeeds) {
      const s = await runSwarm({ seed });
      assert.ok(s.ok, `swarm seed ${seed} fails again: ${s.violations.map((v) => v.kind).join(', ')}`);
    }
  });
}

test('the first two needed only crashes and restarts, no disk lost', () => {
  for (const bug of [STALE_REPORT, RETIRED_INCARNATION]) for (const c of bug.commands) assert.ok(['op', 'wait', 'crash', 'restart'].includes(c.kind), c.kind);
});

test.run();
