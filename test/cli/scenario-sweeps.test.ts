import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../cli/main';
import { memoryIo } from '../../cli/io';

// Sweeps of a scenario module beyond one process run: `swarm --scenario --shard
// i/n` + `merge` give exactly the unsharded summary; `soak --scenario` lists
// every failing seed with a repro file that exists.

const ROOT = join(__dirname, '..', '..');
const QR = './' + relative(process.cwd(), join(ROOT, 'examples', 'quorum-register', 'scenario.ts')).split('\\').join('/');
const dir = mkdtempSync(join(tmpdir(), 'actorsim-scenario-sweeps-'));

async function cli(...args: string[]) {
  const io = memoryIo();
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

test('shards of a scenario sweep merge (in any order) into the unsharded summary, failures included', async () => {
  const common = ['swarm', '--scenario', QR, '--seeds', '8', '--from', '20', '--bug', 'read-one', '--failures', dir, '--json'];
  const whole = await cli(...common);
  assert.is(whole.code, 1, whole.stderr);
  const expected = JSON.parse(whole.stdout) as { failed: number; seedsRun: number };
  assert.ok(expected.failed > 0, 'the bug variant fails some of these seeds');
  const files = [1, 2, 3].map((i) => join(dir, `shard-${i}.json`));
  for (const [k, file] of files.entries()) {
    const s = await cli(...common, '--shard', `${k + 1}/3`, '--out', file);
    assert.ok(s.code === 0 || s.code === 1, s.stderr);
    assert.ok(existsSync(file));
  }
  const merged = await cli('merge', files[2]!, files[0]!, files[1]!, '--json');
  assert.is(merged.code, 1, merged.stderr);
  assert.equal(JSON.parse(merged.stdout), expected);
  const text = await cli('merge', ...files);
  assert.match(text.stdout, new RegExp(`^seeds 8 from 20: ${8 - expected.failed} passed, ${expected.failed} failed$`, 'm'));
});

test('merge refuses a missing shard, a shard of another sweep, and a mix with the store\'s shards (exit 2, naming them)', async () => {
  const a = join(dir, 'a.json');
  const b = join(dir, 'b.json');
  assert.is((await cli('swarm', '--scenario', QR, '--seeds', '4', '--shard', '1/2', '--out', a, '--json')).code, 0);
  assert.is((await cli('swarm', '--scenario', QR, '--seeds', '5', '--shard', '2/2', '--out', b, '--json')).code, 0);
  const missing = await cli('merge', a);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /missing shards 2\/2/);
  const other = await cli('merge', a, b);
  assert.is(other.code, 2);
  assert.match(other.stderr, /different sweeps/);
  const store = join(dir, 'store.json');
  writeFileSync(store, JSON.stringify({ format: 'actorsim-swarm-shard/1' }));
  const mixed = await cli('merge', a, store);
  assert.is(mixed.code, 2);
  assert.match(mixed.stderr, /cannot merge shards of a scenario module with shards of the store's swarm: ".*store\.json"/);
  const noShard = await cli('swarm', '--scenario', QR, '--seeds', '4', '--out', a);
  assert.is(noShard.code, 2);
  assert.match(noShard.stderr, /--out is the results file of a shard/);
});

test('soak --scenario: every failing seed gets a repro file and a run line that names the module', async () => {
  const r = await cli('soak', '--scenario', QR, '--histories', '30', '--bug', 'read-one', '--failures', dir, '--json');
  assert.is(r.code, 1, r.stderr);
  const s = JSON.parse(r.stdout) as { scenario: string; histories: number; failed: number; withFaults: number; failures: Array<{ seed: number; repro: string; run: string }> };
  assert.is(s.scenario, 'quorum-register');
  assert.is(s.histories, 30);
  assert.ok(s.failed > 0 && s.failed === s.failures.length);
  for (const f of s.failures) {
    assert.ok(existsSync(f.repro.replace('npx actorsim replay ', '')), f.repro);
    assert.match(f.run, new RegExp(`^npx actorsim run --scenario \\S+quorum-register/scenario\\.ts --seed ${f.seed} --bug read-one$`));
    const file = JSON.parse(readFileSync(f.repro.replace('npx actorsim replay ', ''), 'utf8')) as { seed: number };
    assert.is(file.seed, f.seed);
  }
  const ok = await cli('soak', '--scenario', QR, '--histories', '5');
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /soak quorum-register: 5 histories \(seeds 1\.\.5\), 0 failed, 5 with faults/);
  const bad = await cli('soak', '--scenario', QR, '--workers', '2');
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /--workers/);
});

test('VERB --scenario MODULE --help prints the module\'s own options and bugs (run, swarm, hunt, soak), exit 0', async () => {
  for (const verb of ['run', 'swarm', 'hunt', 'soak']) {
    const r = await cli(verb, '--scenario', QR, '--help');
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^usage: actorsim ${verb} --scenario MODULE`));
    assert.match(r.stdout, /^  read-one  reads ask a single replica/m);
    if (verb !== 'hunt') assert.match(r.stdout, /^quorum-register's options \(drawn from the seed when not given\):\n  --replicas N/m);
    assert.not.match(r.stdout, /verify|storage-nodes/, 'not the store\'s scenarios or flags');
  }
  const plain = await cli('run', '--help');
  assert.match(plain.stdout, /^usage: actorsim run <scenario>/);
});

test('run --scenario --json --full exports the history, which check-history judges like the run did', async () => {
  for (const [bug, code] of [[null, 0], ['read-one', 1]] as const) {
    const r = await cli('run', '--scenario', QR, '--seed', '3', ...(bug ? ['--bug', bug] : []), '--failures', dir, '--json', '--full');
    assert.is(r.code, code, r.stderr);
    const out = JSON.parse(r.stdout) as { history: unknown[]; workload: unknown[]; schedule: unknown[] };
    assert.ok(out.history.length > 0 && out.workload.length > 0 && Array.isArray(out.schedule));
    const file = join(dir, `full-${bug ?? 'correct'}.json`);
    writeFileSync(file, r.stdout);
    const c = await cli('check-history', file, '--model', 'register');
    assert.is(c.code, code, c.stdout + c.stderr);
  }
});

test('bugs --scenario MODULE lists the variants the module declares', async () => {
  const r = await cli('bugs', '--scenario', QR, '--json');
  assert.is(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout), { bugs: [{ name: 'read-one', description: 'reads ask a single replica and skip the write-back (a read from a minority)' }] });
  const store = await cli('bugs', '--json');
  assert.ok((JSON.parse(store.stdout) as { bugs: unknown[] }).bugs.length >= 15);
});

test.run();
