import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../cli/main';
import { memoryIo } from '../../cli/io';

// The CLI verbs with --scenario MODULE, in process, and once through the real
// binary: run, swarm, replay FILE (the file names its module), shrink FILE,
// hunt; bad modules are exit 2 naming the flag and the value.

const ROOT = join(__dirname, '..', '..');
const PB = './' + relative(process.cwd(), join(ROOT, 'examples', 'primary-backup', 'scenario.ts')).split('\\').join('/');
const QR = './' + relative(process.cwd(), join(ROOT, 'examples', 'quorum-register', 'scenario.ts')).split('\\').join('/');
const dir = mkdtempSync(join(tmpdir(), 'actorsim-scenario-cli-'));

async function cli(...args: string[]) {
  const io = memoryIo();
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

test('run --scenario: ok exits 0 with a summary; a failing bug variant writes a repro file and prints its replay line', async () => {
  const ok = await cli('run', '--scenario', PB, '--seed', '7');
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^seed 7: primary-backup, strategy [\w-]+, \d+ clients/m);
  assert.match(ok.stdout, /seed 7 ok trace [0-9a-f]{16} events \d+/);
  const html = join(dir, 'pb.html');
  const rep = await cli('run', '--scenario', PB, '--seed', '7', '--report', '--check-determinism', '--html', html);
  assert.is(rep.code, 0, rep.stderr);
  assert.match(rep.stdout, /^deterministic: second run gave the same trace/m);
  // The same renderers as the store's runs, titled by the scenario's own series and panels.
  assert.match(rep.stdout, /^report: primary-backup seed 7, \d+ms virtual, ok$/m);
  assert.match(rep.stdout, /^  replicas up\n +\d┤/m);
  assert.match(rep.stdout, /^-- replicas at the end\n  node +up +view +version +value\n  r1 /m);
  assert.match(rep.stdout, /^-- faults\n +when +kind +target/m);
  assert.not.ok(/storage node|chunk/i.test(rep.stdout), 'nothing titled for the store');
  assert.is(rep.stderr, `report: ${html}\n`);
  const page = readFileSync(html, 'utf8');
  assert.ok(page.includes('>replicas up</text>'), 'the chart is titled by the series');
  assert.ok(page.includes('<h2>replicas at the end</h2><table class="panel">'), 'the panel is a table under its own title');
  assert.ok(page.includes('<table id="actors">'));
  assert.not.ok(/storage node|chunk placement|Chunk bytes/i.test(page), 'nothing titled for the store');
  const bad = await cli('run', '--scenario', QR, '--seed', '3', '--bug', 'read-one', '--failures', dir, '--json');
  assert.is(bad.code, 1);
  const out = JSON.parse(bad.stdout) as { ok: boolean; repro: string; violations: Array<{ kind: string }> };
  assert.is(out.ok, false);
  assert.equal([...new Set(out.violations.map((v) => v.kind))], ['linearizability']);
  const file = out.repro.replace('npx actorsim replay ', '');
  assert.ok(existsSync(file));

  const replay = await cli('replay', file);
  assert.is(replay.code, 1, replay.stderr);
  assert.match(replay.stdout, /reproduced: same trace/);
  const shrunk = join(dir, 'small.json');
  const shrink = await cli('shrink', file, '--out', shrunk, '--json');
  assert.is(shrink.code, 1, shrink.stderr);
  const s = JSON.parse(shrink.stdout) as { after: { operations: number; faults: number } };
  assert.ok(s.after.operations + s.after.faults <= 10, shrink.stdout);
  assert.is((await cli('replay', shrunk, '--json')).code, 1);
  assert.is(JSON.parse(readFileSync(shrunk, 'utf8')).module.endsWith('examples/quorum-register/scenario.ts'), true);
});

test('swarm and hunt --scenario', async () => {
  const sw = await cli('swarm', '--scenario', QR, '--seeds', '5', '--json', '--failures', dir);
  assert.is(sw.code, 0, sw.stderr);
  const rep = JSON.parse(sw.stdout) as { passed: number; failed: number; seeds: unknown[] };
  assert.is(rep.passed, 5);
  assert.is(rep.seeds.length, 5);
  const h = await cli('hunt', '--scenario', PB, '--bug', 'ack-after-one', '--seeds', '30', '--failures', dir);
  assert.is(h.code, 0, h.stderr);
  assert.match(h.stdout, /primary-backup ack-after-one: found at seed \d+ after \d+ seeds \[linearizability\], shrunk to \d+ ops \+ \d+ faults/);
});

test('bad input: a missing module, a module without a scenario, an unknown bug, a bad option are exit 2 naming the flag', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['run', '--scenario', './no-such-module.ts'], /--scenario "\.\/no-such-module\.ts": no such module file/],
    [['swarm', '--scenario', './package.json'], /--scenario "\.\/package\.json": expected a \.ts or \.js module/],
    [['hunt', '--scenario', './harness/ddmin.ts', '--bug', 'x'], /--scenario "\.\/harness\/ddmin\.ts": it exports no scenario/],
    [['run', '--scenario', PB, '--bug', 'nope'], /--bug must be one of ack-after-one, got "nope"/],
    [['run', '--scenario', PB, '--replicas', '1'], /--replicas: .*must be an integer in 2\.\.7, got 1/],
    [['run', '--scenario', PB, '--tasks', '1'], /unknown flag --tasks/],
  ];
  for (const [args, message] of cases) {
    const r = await cli(...args);
    assert.is(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
});

test('the real binary: run --scenario exits 0 and prints the summary line', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'actorsim.js'), 'run', '--scenario', PB, '--seed', '7'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /seed 7 ok trace [0-9a-f]{16}/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
