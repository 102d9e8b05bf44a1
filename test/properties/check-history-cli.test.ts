import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { syntheticHistory, toKnossosKvLog } from '../../properties/synthetic-history';
import { memoryIo, type MemoryIo } from '../../cli/io';
import { main } from '../../cli/main';

// check-history's models (kv, a user's module), budgets (--max-steps,
// --timeout) and bad input, through the CLI: in process, and one spawn to
// prove a TypeScript model module loads in the real binary.

const BIN = join(__dirname, '..', '..', 'bin', 'actorsim.js');
const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'actorsim-check-history-'));

async function cli(args: string[]): Promise<MemoryIo & { code: number }> {
  const io = memoryIo({});
  const code = await main(args, io);
  return Object.assign(io, { code });
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const kvOk = file('kv-ok.log', toKnossosKvLog(syntheticHistory({ kind: 'kv', clients: 8, operations: 120, seed: 3, keys: 3 })));
const kvBad = file('kv-bad.log', toKnossosKvLog(syntheticHistory({ kind: 'kv', clients: 8, operations: 120, seed: 3, keys: 3, corrupt: true })));

test('--model kv: exit 0 on a linearizable kv log, 1 with the key and a timeline on a corrupted one', async () => {
  const ok = await cli(['check-history', kvOk, '--model', 'kv', '--json']);
  assert.is(ok.code, 0, ok.stderr);
  const json = JSON.parse(ok.stdout) as Record<string, unknown>;
  assert.is(json.model, 'kv');
  assert.is(json.verdict, 'ok');
  assert.is(json.partitions, 3);
  const bad = await cli(['check-history', kvBad]); // kv is the default for a keyed log
  assert.is(bad.code, 1, bad.stderr);
  assert.match(bad.stdout, /NOT linearizable \(kv model, jepsen format\)/);
  assert.match(bad.stdout, /kv partition "k\d"/);
});

test('--model register on a keyed log exits 2 naming the keys and the kv model', async () => {
  const r = await cli(['check-history', kvOk, '--model', 'register']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /register model checks one register, but the operations name 3 keys .*use the kv model/);
});

// A user model: a counter with add and read, written as a plain module.
const counterModule = `
export const counter = {
  name: 'counter',
  init: () => 0,
  step: (s: number, input: { op: string; n: number }, out: number | undefined) =>
    input.op === 'add' ? { ok: true, state: s + input.n } : { ok: out === undefined || out === s, state: s },
  key: (s: number) => String(s),
  readOnly: (input: { op: string }) => input.op === 'read',
  decode: (e: { op: string; args: unknown[]; result: unknown; outcome: string }) =>
    e.op === 'add' ? { input: { op: 'add', n: e.args[0] }, output: null } : e.outcome === 'unknown' ? null : { input: { op: 'read', n: 0 }, output: e.result },
};
`;
const counterTs = file('counter-model.ts', counterModule);
const counterJs = file(
  'counter-model.js',
  `module.exports = { model: {
  name: 'counter',
  init: () => 0,
  step: (s, input, out) => (input.op === 'add' ? { ok: true, state: s + input.n } : { ok: out === undefined || out === s, state: s }),
  key: (s) => String(s),
  decode: (e) => (e.op === 'add' ? { input: { op: 'add', n: e.args[0] }, output: null } : e.outcome === 'unknown' ? null : { input: { op: 'read', n: 0 }, output: e.result }),
} };
`,
);
const ev = (process: number, type: string, op: string, args: unknown[], timeMs: number, result?: unknown): object => (result === undefined ? { process, type, op, args, timeMs } : { process, type, op, args, result, timeMs });
const counterOk = file('counter-ok.json', JSON.stringify([ev(0, 'invoke', 'add', [2], 0), ev(1, 'invoke', 'add', [3], 1), ev(0, 'ok', 'add', [2], 2), ev(1, 'ok', 'add', [3], 3), ev(0, 'invoke', 'read', [], 4), ev(0, 'ok', 'read', [], 5, 5)]));
const counterBad = file('counter-bad.json', JSON.stringify([ev(0, 'invoke', 'add', [2], 0), ev(0, 'ok', 'add', [2], 2), ev(0, 'invoke', 'read', [], 4), ev(0, 'ok', 'read', [], 5, 3)]));

test('--model ./module.ts and .js: a user model checks a history in process', async () => {
  for (const module of [counterTs, counterJs]) {
    const ok = await cli(['check-history', counterOk, '--model', module]);
    assert.is(ok.code, 0, `${module}: ${ok.stderr}${ok.stdout}`);
    assert.match(ok.stdout, /linearizable \(counter model, actorsim format\)/);
    const bad = await cli(['check-history', counterBad, '--model', module]);
    assert.is(bad.code, 1, bad.stderr);
  }
});

test('spawn: --model with a TypeScript module works in the real binary', () => {
  const r = spawnSync(process.execPath, [BIN, 'check-history', counterBad, '--model', counterTs, '--json'], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  assert.is(r.status, 1, r.stderr);
  assert.is((JSON.parse(r.stdout) as { model: string }).model, 'counter');
});

test('a bad --model module exits 2 naming the flag and the value', async () => {
  const cases: [string, RegExp][] = [
    [file('not-a-model.js', 'module.exports = 42;'), /exports 42, not a Model/],
    [file('no-decode.js', 'module.exports = { model: { name: "m", init() { return 0; }, step() { return { ok: true, state: 0 }; }, key() { return ""; } } };'), /the Model lacks decode/],
    [file('throws.js', 'throw new Error("boom at load");'), /it failed to load: boom at load/],
    [file('broken.ts', 'export const model = {{;'), /it failed to load: .*Unable to compile TypeScript:\n.*broken\.ts\(1,\d+\): error TS1136/],
    [join(dir, 'missing.ts'), /no such file/],
    [file('model.txt', 'x'), /expected a \.ts or \.js module, got "\.txt"/],
  ];
  for (const [module, why] of cases) {
    const r = await cli(['check-history', counterOk, '--model', module]);
    assert.is(r.code, 2, `${module}: ${r.stdout}`);
    assert.match(r.stderr, `--model ${JSON.stringify(module)}: `);
    assert.match(r.stderr, why);
  }
  // A model whose step throws is the model's bug: exit 2 naming it, not an internal error of actorsim.
  const throwing = file('throwing-step.js', 'module.exports = { name: "t", init: () => 0, step: () => { throw new Error("step bug"); }, key: String, decode: (e) => ({ input: e.op, output: e.result }) };');
  const t = await cli(['check-history', counterOk, '--model', throwing]);
  assert.is(t.code, 2, t.stderr);
  assert.match(t.stderr, /the model's step threw: step bug/);
  const name = await cli(['check-history', counterOk, '--model', 'queue']);
  assert.is(name.code, 2);
  assert.match(name.stderr, /--model must be one of store, register, kv or a path to a \.ts\/\.js module exporting a Model, got "queue"/);
});

// A register history with enough concurrency to need many steps.
const hard = file('hard.json', JSON.stringify(syntheticHistory({ kind: 'register', clients: 20, operations: 1000, seed: 1 })));

test('--max-steps: out of steps is exit 3 "unknown" with what was explored; enough steps decides', async () => {
  const r = await cli(['check-history', hard, '--model', 'register', '--max-steps', '500']);
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stdout, /unknown \(register model, actorsim format\): the search ran out of steps after 500 \(--max-steps 500\); explored: 0 of 1 partition decided, partition "all" undecided with at most \d+ of its 1000 completed operations linearized/);
  const json = JSON.parse((await cli(['check-history', hard, '--model', 'register', '--max-steps', '500', '--json'])).stdout) as { verdict: string; linearizable: unknown; undecided: { stoppedBy: string; completed: number } };
  assert.is(json.verdict, 'unknown');
  assert.is(json.linearizable, null);
  assert.equal([json.undecided.stoppedBy, json.undecided.completed], ['steps', 1000]);
  assert.is((await cli(['check-history', hard, '--model', 'register', '--max-steps', '100000000'])).code, 0);
  for (const bad of ['0', '-3', '1.5', 'lots']) {
    const b = await cli(['check-history', hard, `--max-steps=${bad}`]);
    assert.is(b.code, 2, bad);
    assert.match(b.stderr, /--max-steps must be an integer in 1\.\.1000000000000/);
  }
});

test('--timeout: past the wall-time limit is exit 3 "unknown" naming the timeout; bad values exit 2', async () => {
  const big = file('big.json', JSON.stringify(syntheticHistory({ kind: 'register', clients: 20, operations: 6000, seed: 2 })));
  const r = await cli(['check-history', big, '--model', 'register', '--max-steps', '100000000', '--timeout', '0.001']);
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stdout, /unknown .*the --timeout of 0\.001 s passed after \d+ steps; explored: /);
  for (const bad of ['0', '-1', 'soon', '1e3']) {
    const b = await cli(['check-history', hard, `--timeout=${bad}`]);
    assert.is(b.code, 2, bad);
    assert.match(b.stderr, /--timeout must be a positive number of seconds/);
  }
});

test('an empty history stays exit 2', async () => {
  const r = await cli(['check-history', file('empty.log', '\n'), '--model', 'kv']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /holds no operations/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
