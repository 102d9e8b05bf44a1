import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../cli/main';
import { memoryIo, type MemoryIo } from '../../cli/io';

// Most cases run main() in process with a recording io; a few spawn the real
// binary (about a second each) to prove the wiring, exit codes and streams.

const BIN = join(__dirname, '..', '..', 'bin', 'actorsim.js');
const dir = mkdtempSync(join(tmpdir(), 'actorsim-cli-'));

function spawnCli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function cli(args: string[], options: { isTTY?: boolean; color?: boolean } = {}): Promise<MemoryIo & { code: number }> {
  const io = memoryIo(options);
  const code = await main(args, io);
  return Object.assign(io, { code });
}

function event(process: number, type: string, op: string, args: unknown[], timeMs: number, result?: unknown): object {
  return result === undefined ? { process, type, op, args, timeMs } : { process, type, op, args, result, timeMs };
}
const linearizable = join(dir, 'ok.json');
writeFileSync(
  linearizable,
  JSON.stringify([event(0, 'invoke', 'write', [1], 0), event(0, 'ok', 'write', [1], 2), event(1, 'invoke', 'read', [], 3), event(1, 'ok', 'read', [], 4, 1)]),
);
const stale = join(dir, 'stale.json');
writeFileSync(
  stale,
  JSON.stringify([event(0, 'invoke', 'write', [1], 0), event(0, 'ok', 'write', [1], 2), event(1, 'invoke', 'read', [], 3), event(1, 'ok', 'read', [], 4, null)]),
);

// ------------------------------------------------------------- spawned (7)

test('spawn: run pi --seed 1 --json prints exactly one JSON object with the run fields', () => {
  const r = spawnCli('run', 'pi', '--seed', '1', '--json');
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout.trim().split('\n').length, 1);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  for (const key of ['seed', 'scenario', 'ok', 'traceHash', 'events', 'virtualTimeMs', 'violations', 'status', 'figures', 'options']) {
    assert.ok(key in out, `missing ${key}`);
  }
  assert.is(out.seed, 1);
  assert.is(out.scenario, 'pi');
  assert.is(out.ok, true);
  assert.is(out.status, null);
  assert.equal(out.violations, []);
  assert.ok(Math.abs((out.figures as { estimate: number }).estimate - Math.PI) < 0.1);
});

test('spawn: an empty seed exits 2 naming --seed', () => {
  const r = spawnCli('run', 'pi', '--seed', '');
  assert.is(r.code, 2);
  assert.is(r.stdout, '');
  assert.match(r.stderr, /--seed must be an integer or a non-empty string, got ""/);
});

test('spawn: an unknown scenario exits 2 naming it and the known ones', () => {
  const r = spawnCli('run', 'nosuch', '--seed', '1');
  assert.is(r.code, 2);
  assert.match(r.stderr, /unknown scenario "nosuch" \(known: .*pi/);
});

test('spawn: an unknown flag exits 2 naming it', () => {
  const r = spawnCli('run', 'pi', '--seed', '1', '--bogus');
  assert.is(r.code, 2);
  assert.match(r.stderr, /unknown flag --bogus/);
});

test('spawn: --help lists every verb and flag with defaults', () => {
  const r = spawnCli('--help');
  assert.is(r.code, 0);
  for (const text of ['actorsim run', 'actorsim check-history', '--seed S', '(default: 1)', '--strategy random|pct', '--json', '--model', '--tasks N', 'pi:']) {
    assert.ok(r.stdout.includes(text), `help lacks ${text}`);
  }
});

test('spawn: check-history on a linearizable file exits 0 and says so', () => {
  const r = spawnCli('check-history', linearizable, '--model', 'register');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /linearizable \(register model, actorsim format\)/);
  assert.match(r.stdout, /checked in \d+\.\d ms/);
});

test('spawn: check-history on a missing file exits 2', () => {
  const r = spawnCli('check-history', join(dir, 'nope.json'));
  assert.is(r.code, 2);
  assert.match(r.stderr, /cannot read ".*nope\.json": no such file/);
});

// ------------------------------------------------------------- in process

test('run prints the scenario output, then the summary line', async () => {
  const r = await cli(['run', 'pi', '--seed', '1']);
  assert.is(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^pi ≈ 3\.\d{4} from 160000 samples in 16 tasks$/);
  assert.match(lines.at(-1) ?? '', /^seed 1 ok trace [0-9a-f]+ events \d+ virtual \d+ms$/);
  assert.is(r.stderr, '');
});

test('run: the same seed gives the same summary; string seeds stay strings', async () => {
  const a = await cli(['run', 'pi', '--seed', '7', '--tasks', '4', '--samples', '500']);
  const b = await cli(['run', '--seed', '7', 'pi', '--samples=500', '--tasks', '4']);
  assert.is(a.stdout, b.stdout);
  const s = JSON.parse((await cli(['run', 'pi', '--seed', 'seven', '--json'])).stdout) as { seed: unknown };
  assert.is(s.seed, 'seven');
});

test('run --json writes one object and nothing else, even on a TTY; --check-determinism reports agreement', async () => {
  const r = await cli(['run', 'pi', '--json', '--crash', '--check-determinism'], { isTTY: true, color: true });
  assert.is(r.code, 0);
  assert.is(r.stdout.trim().split('\n').length, 1);
  assert.not.match(r.stdout, /\x1b/);
  const out = JSON.parse(r.stdout) as { determinism: { diverged: boolean }; options: { crash: boolean }; repro: string };
  assert.is(out.determinism.diverged, false);
  assert.is(out.options.crash, true);
  assert.is(out.repro, 'npx actorsim run pi --seed 1 --crash');
});

test('run shows progress and colour only on a TTY', async () => {
  const tty = await cli(['run', 'pi', '--tasks', '8'], { isTTY: true, color: true });
  assert.match(tty.stdout, /\r\x1b\[Kpi: \d+\/8 tasks done/);
  assert.match(tty.stdout, /\x1b\[32mok\x1b\[0m/);
  const pipe = await cli(['run', 'pi', '--tasks', '8']);
  assert.not.match(pipe.stdout, /\x1b|\r/);
});

test('run: bad values of scenario flags and run flags exit 2 naming flag and value', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['run', 'pi', '--tasks', '0'], /--tasks must be an integer in 1\.\.10000, got "0"/],
    [['run', 'pi', '--samples', 'many'], /--samples must be an integer in 1\.\.10000000, got "many"/],
    [['run', 'pi', '--strategy', 'fifo'], /--strategy must be one of random, pct, fair-pct, delay-bounded, got "fifo"/],
    [['run', 'pi', '--crash', '--nodes', '1'], /crash needs at least 2 nodes/],
    [['run', 'pi', '--seed'], /--seed needs a value/],
    [['run'], /missing <scenario> \(known: .*pi/],
    [['run', 'pi', 'pa'], /unexpected argument "pa"/],
  ];
  for (const [args, message] of cases) {
    const r = await cli(args);
    assert.is(r.code, 2, args.join(' '));
    assert.is(r.stdout, '', args.join(' '));
    assert.match(r.stderr, message);
    assert.match(r.stderr, /^actorsim run: .*\(see actorsim run --help\)\n$/);
  }
});

test('verbs, help and version', async () => {
  const unknown = await cli(['frob']);
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, /unknown verb "frob" \(verbs: run, swarm, .*check-history/);
  const none = await cli([]);
  assert.is(none.code, 2);
  assert.match(none.stderr, /usage: actorsim <verb>/);
  const runHelp = await cli(['run', 'pi', '--help']);
  assert.is(runHelp.code, 0);
  assert.match(runHelp.stdout, /^usage: actorsim run <scenario>/);
  assert.match(runHelp.stdout, /--tasks N\s+remote tasks to fan out \(1\.\.10000, default: 16\)/);
  assert.match(runHelp.stdout, /-h, --help/);
  assert.is((await cli(['help', 'check-history'])).stdout, (await cli(['check-history', '-h'])).stdout);
  const version = await cli(['--version']);
  assert.match(version.stdout, /^actorsim \d+\.\d+\.\d+\n$/);
});

test('check-history: a violation exits 1 with the timeline; --json gives one object', async () => {
  const text = await cli(['check-history', stale, '--model', 'register']);
  assert.is(text.code, 1);
  assert.match(text.stdout, /NOT linearizable/);
  assert.match(text.stdout, /read\(\) -> null/);
  const json = await cli(['check-history', stale, '--model', 'register', '--json']);
  assert.is(json.code, 1);
  const out = JSON.parse(json.stdout) as { verdict: string; linearizable: boolean; violation: { timeline: string }; wallMs: number };
  assert.is(out.verdict, 'violation');
  assert.is(out.linearizable, false);
  assert.type(out.violation.timeline, 'string');
  assert.type(out.wallMs, 'number');
});

test('check-history: unparsable content, a wrong model and a missing FILE exit 2', async () => {
  const garbage = join(dir, 'garbage.txt');
  writeFileSync(garbage, 'this is not a history\n');
  const bad = await cli(['check-history', garbage]);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /garbage\.txt: /);
  const wrongModel = await cli(['check-history', linearizable]);
  assert.is(wrongModel.code, 2, 'the store model rejects register operations');
  assert.is((await cli(['check-history', linearizable, '--model', 'queue'])).code, 2);
  const missing = await cli(['check-history']);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /missing FILE/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a reader that goes away (| head -1) ends the command quietly: no EPIPE stack, exit 0', () => {
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" bugs | head -1; exit \${PIPESTATUS:-0}`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.match(r.stdout, /^early-ack /);
  assert.not.match(r.stderr, /EPIPE|Error/, r.stderr);
});

test.run();
