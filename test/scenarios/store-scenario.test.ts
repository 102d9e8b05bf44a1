import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { drawOptions, huntScenario, parseFlagText, replayRepro, runScenario } from '../../harness';
import { storeScenario } from '../../scenarios/store-scenario';
import { storeTiming } from '../../scenarios/store-scenario/settings';
import { BUGS } from '../../scenarios/bugs';
import { drawSwarmOptions } from '../../scenarios/swarm-options';

// The store declared with the public harness API: the correct store passes
// its seeds, a bug variant is found and shrunk, a flag sets the fault list,
// and the scenario's folder imports nothing but public faces.

const MODULE = path.join(__dirname, '..', '..', 'scenarios', 'store-scenario', 'index.ts');

test('a seed means what it means to runSwarm: the options are drawSwarmOptions of the seed, with its override rules', () => {
  assert.equal(drawOptions(storeScenario.name, storeScenario.options, 7), drawSwarmOptions(7));
  // A replication factor beyond the drawn cluster grows it, as in `run swarm`.
  const grown = drawOptions(storeScenario.name, storeScenario.options, 7, { replicationFactor: 12 });
  assert.is(grown.storageNodes, 12);
  assert.equal(grown, drawSwarmOptions(7, { replicationFactor: 12 }));
  assert.throws(() => drawOptions(storeScenario.name, storeScenario.options, 7, { mode: 'sometimes' as never }), /mode must be recoverable or unlimited, got "sometimes"/);
});

test('the correct store passes a handful of seeds, with faults of many kinds applied', async () => {
  const kinds = new Set<string>();
  for (const seed of [1, 2, 3, 4]) {
    const r = await runScenario(storeScenario, { seed });
    assert.equal(r.violations, [], `seed ${seed}`);
    for (const [k, n] of Object.entries(r.faults.injected)) if (n > 0) kinds.add(k);
    // The final reads ran as one more client: one get per name the workload touched.
    const finals = r.history.filter((e) => e.process === r.options.clients && e.type === 'invoke');
    assert.ok(finals.length > 0 && finals.every((e) => e.op === 'get'), `seed ${seed}: final reads`);
    // The seed's strategy and BUGGIFY are the swarm options' own, as in runSwarm.
    assert.is(r.strategy, drawSwarmOptions(seed).strategy, `seed ${seed}: strategy`);
    assert.is(r.buggify, drawSwarmOptions(seed).buggify, `seed ${seed}: buggify`);
  }
  // The store's own kinds (crash-nn, disk, world) as well as the harness's built-in ones.
  assert.ok(kinds.has('crash-nn') && kinds.has('logrot') && kinds.has('split'), [...kinds].join(' '));
});

test('--faults sets the fault list: only the listed kinds are drawn and applied', async () => {
  const flag = storeScenario.options.flags!.find((f) => f.name === 'faults')!;
  const faults = parseFlagText(storeScenario.name, flag, 'clock-jump=2,full-disk=1') as Record<string, number>;
  assert.is(flag.format!(faults), 'full-disk=1,clock-jump=2');
  assert.throws(() => parseFlagText(storeScenario.name, flag, 'crash=2,meteor'), /unknown fault kind "meteor"/);
  const r = await runScenario(storeScenario, { seed: 5, overrides: { faults } as never });
  assert.equal([...new Set(r.schedule.map((f) => f.kind))].sort(), ['clock-jump', 'full-disk']);
  assert.is(r.faults.injected['clock-jump'], 2);
  assert.ok(r.ok, r.violations.map((v) => v.message).join('\n'));
});

test('every bug of the catalogue is declared; a bug variant is found, shrunk, and its repro replays', async () => {
  assert.equal(storeScenario.bugs.map((b) => b.name), BUGS.map((b) => b.name));
  const h = await huntScenario(storeScenario, { bug: 'lazy-edit-log', seeds: 5, module: MODULE, maxShrinkRuns: 40 });
  assert.ok(h.found, 'lazy-edit-log found within 5 seeds');
  assert.ok(h.kinds.includes('linearizability'), h.kinds.join(','));
  const shrunk = h.shrunk!;
  assert.is(shrunk.workload.length, h.shrunkOperations);
  const drawn = drawOptions(storeScenario.name, storeScenario.options, h.seed!);
  assert.ok(shrunk.workload.length < drawn.operations, `shrunk to ${shrunk.workload.length} of ${drawn.operations} operations`);
  const replay = await replayRepro(storeScenario, shrunk);
  assert.is(replay.status, 'reproduced');
  // The correct store on the same explicit run passes.
  const fixed = await runScenario(storeScenario, { seed: shrunk.seed, overrides: shrunk.options as never, workload: shrunk.workload, schedule: shrunk.schedule, strategy: shrunk.strategy });
  assert.ok(fixed.ok, fixed.violations.map((v) => v.message).join('\n'));
});

test('the sampled checkers run through the scenario: dead-replica-status is reported untrue on a seed where the hunt finds it, the correct store is not', async () => {
  // Seed 35 fails under every strategy of `hunt --scenario scenarios/store-scenario/index.ts --bug dead-replica-status`.
  const bad = await runScenario(storeScenario, { seed: 35, bug: 'dead-replica-status' });
  assert.ok(bad.violations.some((v) => v.kind === 'status-untrue'), bad.violations.map((v) => v.kind).join(','));
  const good = await runScenario(storeScenario, { seed: 35, overrides: bad.options as never, workload: bad.workload, schedule: bad.schedule, strategy: bad.strategy });
  assert.equal(good.violations, []);
});

test('liveness waits for a pause that outlasts the fault phase: R = 1 with pauses passes (without the wait, seed 141 lost its sole replica to a frozen node)', async () => {
  const flag = storeScenario.options.flags!.find((f) => f.name === 'faults')!;
  const faults = parseFlagText(storeScenario.name, flag, 'pause=6') as Record<string, number>;
  const r = await runScenario(storeScenario, { seed: 141, overrides: { replicationFactor: 1, faults } as never });
  const t = storeTiming(r.options);
  const healedAt = t.startMs + t.faultPhaseMs;
  assert.ok(r.report.faults.some((f) => f.kind === 'pause' && f.applied && f.atMs + f.durationMs > healedAt), 'a pause outlasts the fault phase');
  assert.equal(r.violations, []);
});

// Public faces: folder index modules, and the store's own scenario helpers
// (themselves users of those faces). Nothing reaches into a module's insides.
const PUBLIC = new Set(['harness/index', 'core/store/index', 'core/actors/index', 'sim/index', 'properties/index']);
const STORE_HELPERS = new Set(['scenarios/swarm', 'scenarios/swarm-options', 'scenarios/workload', 'scenarios/fault-spec', 'scenarios/bugs/index', 'scenarios/store-settings', 'scenarios/store-samples']);

/** import/export ... from 'x', import 'x', require('x'), import('x'). */
const IMPORTS = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;

test('the import parser sees every form of import', () => {
  const text = "import { a } from '../../sim/nemesis';\nimport type {\n  B,\n} from '../../harness';\nimport '../../core/x';\nexport * from './y';\nconst z = require('../z');\nvoid import('../w');\n";
  assert.equal([...text.matchAll(IMPORTS)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]), ['../../sim/nemesis', '../../harness', '../../core/x', './y', '../z', '../w']);
});

test('scenarios/store-scenario imports nothing but public faces', () => {
  const root = path.join(__dirname, '..', '..');
  const dir = path.join(root, 'scenarios', 'store-scenario');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length >= 3, files.join(' '));
  const bad: string[] = [];
  let seen = 0;
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const m of text.matchAll(IMPORTS)) {
      const spec = (m[1] ?? m[2] ?? m[3] ?? m[4])!;
      seen += 1;
      if (spec.startsWith('node:')) continue;
      if (!spec.startsWith('.')) {
        bad.push(`${f}: ${spec} (a package)`);
        continue;
      }
      const target = path.relative(root, path.resolve(dir, spec)).split(path.sep).join('/');
      const asIndex = fs.existsSync(path.join(root, target, 'index.ts')) ? `${target}/index` : target;
      const local = path.dirname(path.resolve(dir, spec)) === dir;
      if (!local && !PUBLIC.has(asIndex) && !STORE_HELPERS.has(asIndex)) bad.push(`${f}: ${spec} (${asIndex})`);
    }
  }
  assert.ok(seen > 10, `parsed ${seen} imports`);
  assert.equal(bad, []);
});

test.run();
