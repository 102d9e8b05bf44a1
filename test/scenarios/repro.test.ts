import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { version } from '../../package.json';
import { main } from '../../cli/main';
import { memoryIo, type MemoryIo } from '../../cli/io';
import { readRepro, REPRO_FORMAT, type ReproFile } from '../../scenarios/repro-file';
import { firstDivergence } from '../../scenarios/replay';
import { CHECKPOINT_EVERY } from '../../sim';

// Repro files end to end through the CLI, in process: a failing swarm writes
// one, replay reruns it event for event, shrink cuts it down, and every kind
// of bad file is refused with exit 2 and a message saying what is wrong.

const dir = mkdtempSync(join(tmpdir(), 'actorsim-repro-'));
const failuresDir = join(dir, 'failures');

async function cli(...args: string[]): Promise<MemoryIo & { code: number }> {
  const io = memoryIo();
  const code = await main(args, io);
  return Object.assign(io, { code });
}

const kinds = (vs: ReadonlyArray<{ kind: string }>) => [...new Set(vs.map((v) => v.kind))].sort();

let swarmRun: (MemoryIo & { code: number }) | null = null;
/** The failing swarm every test starts from (run once): seeds 1..5 of the early-ack variant. */
async function failingSwarm(): Promise<{ run: MemoryIo & { code: number }; file: string; repro: ReproFile }> {
  swarmRun ??= await cli('swarm', '--seeds', '5', '--bug', 'early-ack', '--workers', '1', '--failures', failuresDir);
  const file = /^repro: npx actorsim replay (\S+)$/m.exec(swarmRun.stdout)?.[1];
  assert.ok(file, swarmRun.stdout);
  return { run: swarmRun, file: file!, repro: JSON.parse(readFileSync(file!, 'utf8')) as ReproFile };
}

/** Writes a variant of the repro file; `edit` may change it in place. */
function variant(name: string, repro: ReproFile, edit: (r: Record<string, unknown>) => void): string {
  const copy = JSON.parse(JSON.stringify(repro)) as Record<string, unknown>;
  edit(copy);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(copy, null, 1));
  return file;
}

test('a failing swarm exits 1, writes a repro file per failing seed and prints a replay line for each', async () => {
  const { run, file, repro } = await failingSwarm();
  assert.is(run.code, 1, run.stderr);
  assert.is(run.stderr, '');
  const lines = run.stdout.split('\n').filter((l) => /^repro: npx actorsim replay /.test(l));
  assert.ok(lines.length >= 1);
  for (const l of lines) assert.ok(existsSync(l.slice('repro: npx actorsim replay '.length)), l);
  assert.ok(file.startsWith(failuresDir));
  assert.match(file, /swarm-early-ack-\d+\.json$/);
  assert.match(run.stdout, /FAILED seed \d+ \[/);
  assert.is(repro.format, REPRO_FORMAT);
  assert.is(repro.actorsim, version);
  assert.is(repro.bug, 'early-ack');
  assert.ok(repro.violations.length > 0);
  assert.ok(repro.workload.length > 0);
  assert.ok(repro.checkpoints.length > 1, 'long enough to have checkpoints');
  assert.equal(readRepro(file), repro);
});

test('replay --json of the repro exits 1: reproduced, the same trace hash and violation kinds', async () => {
  const { file, repro } = await failingSwarm();
  const r = await cli('replay', file, '--json');
  assert.is(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.is(out.status, 'reproduced');
  assert.is(out.traceHash, repro.traceHash);
  assert.is(out.expectedTraceHash, repro.traceHash);
  assert.is(out.sameTrace, true);
  assert.is(out.firstDivergence, null);
  assert.is(out.events, repro.events);
  assert.equal(kinds(out.violations), kinds(repro.violations));
  assert.equal(out.violations, repro.violations);
  // The text form says so too.
  const text = await cli('replay', file);
  assert.is(text.code, 1);
  assert.match(text.stdout, new RegExp(`reproduced: same trace ${repro.traceHash}`));
});

test('shrink writes a smaller repro that still fails, and shrinking twice writes byte-identical files', async () => {
  const { file, repro } = await failingSwarm();
  const s1 = join(dir, 'shrunk-1.json');
  const s2 = join(dir, 'shrunk-2.json');
  const a = await cli('shrink', file, '--out', s1);
  assert.is(a.code, 1, a.stderr);
  assert.match(a.stdout, new RegExp(`repro: npx actorsim replay ${s1.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const shrunk = readRepro(s1);
  assert.ok(shrunk.workload.length + shrunk.schedule.length < repro.workload.length + repro.schedule.length, `${shrunk.workload.length}+${shrunk.schedule.length}`);
  assert.ok(shrunk.workload.length <= repro.workload.length && shrunk.schedule.length <= repro.schedule.length);
  assert.ok(shrunk.violations.length > 0);
  // The shrunk run fails with one of the original kinds.
  const target = new Set(kinds(repro.violations));
  assert.ok(shrunk.violations.some((v) => target.has(v.kind)));
  const replayed = await cli('replay', s1, '--json');
  assert.is(replayed.code, 1);
  assert.is(JSON.parse(replayed.stdout).status, 'reproduced');

  const b = await cli('shrink', file, '--out', s2, '--json');
  assert.is(b.code, 1, b.stderr);
  const summary = JSON.parse(b.stdout);
  assert.is(summary.file, s2);
  assert.is(summary.after.operations, shrunk.workload.length);
  assert.is(summary.after.faults, shrunk.schedule.length);
  assert.ok(readFileSync(s1).equals(readFileSync(s2)), 'byte-identical');
});

test('shrink refuses to overwrite its input', async () => {
  const { file } = await failingSwarm();
  const before = readFileSync(file);
  const r = await cli('shrink', file, '--out', file);
  assert.is(r.code, 2);
  assert.match(r.stderr, /--out must differ from the input file/);
  assert.ok(readFileSync(file).equals(before));
});

test('bad repro files exit 2 with a message saying what is wrong; shrink --out is neither created nor overwritten', async () => {
  const { file, repro } = await failingSwarm();
  const text = readFileSync(file, 'utf8');
  const corrupt = join(dir, 'corrupt.json');
  writeFileSync(corrupt, '{"format": "actorsim-repro/1", oops');
  const truncated = join(dir, 'truncated.json');
  writeFileSync(truncated, text.slice(0, Math.floor(text.length / 2)));
  const empty = join(dir, 'empty.json');
  writeFileSync(empty, '');
  const other = variant('other-version.json', repro, (r) => (r.actorsim = '0.0.1-other'));
  const format = variant('other-format.json', repro, (r) => (r.format = 'actorsim-repro/999'));
  const noWorkload = variant('no-workload.json', repro, (r) => delete r.workload);
  const badKind = variant('bad-fault-kind.json', repro, (r) => ((r.schedule as Array<Record<string, unknown>>)[0]!.kind = 'meteor'));
  const nullFault = variant('null-fault.json', repro, (r) => ((r.schedule as unknown[])[0] = null));
  const badOp = variant('bad-op.json', repro, (r) => ((r.workload as Array<Record<string, unknown>>)[0]!.op = 'explode'));
  const badClient = variant('bad-client.json', repro, (r) => ((r.workload as Array<Record<string, unknown>>)[0]!.client = 99));
  const badOptions = variant('bad-options.json', repro, (r) => ((r.options as Record<string, unknown>).storageNodes = 'many'));
  const badBug = variant('bad-bug.json', repro, (r) => (r.bug = 'no-such-bug'));
  const array = join(dir, 'array.json');
  writeFileSync(array, '[1,2,3]');
  const missing = join(dir, 'no-such-file.json');
  const cases: Array<[string, RegExp]> = [
    [corrupt, /not valid JSON \(corrupt or truncated\?\)/],
    [truncated, /not valid JSON \(corrupt or truncated\?\)/],
    [empty, /not valid JSON/],
    [other, /written by actorsim "0\.0\.1-other"; this is \d+\.\d+\.\d+/],
    [format, /format "actorsim-repro\/999", expected actorsim-repro\/1/],
    [noWorkload, /field workload is missing or malformed/],
    [array, /does not hold a JSON object/],
    [badKind, /schedule\[0\] has kind "meteor", expected one of crash, /],
    [nullFault, /schedule\[0\] is not an object/],
    [badOp, /workload\[0\] has op "explode", expected one of upload, /],
    [badClient, /workload\[0\] has client 99, expected an integer in 0\.\./],
    [badOptions, /storageNodes must be an integer in 1\.\.64, got "many"/],
    [badBug, /unknown bug variant "no-such-bug"/],
    [missing, /cannot read repro file .*ENOENT/],
  ];
  const existing = join(dir, 'existing-out.json');
  writeFileSync(existing, 'keep me\n');
  for (const [bad, message] of cases) {
    const name = bad.slice(dir.length + 1);
    const r = await cli('replay', bad);
    assert.is(r.code, 2, `replay ${name}: ${r.stderr}`);
    assert.match(r.stderr, message, name);
    if (bad !== badOptions && bad !== badBug) assert.ok(r.stderr.includes(name), `the message names the file: ${r.stderr}`);
    assert.match(r.stderr, /^actorsim replay: /);
    assert.is(r.stdout, '');

    const fresh = join(dir, `out-of-${name}`);
    const s = await cli('shrink', bad, '--out', fresh);
    assert.is(s.code, 2, `shrink ${name}`);
    assert.match(s.stderr, message, name);
    assert.not.ok(existsSync(fresh), `${fresh} not created`);
    const kept = await cli('shrink', bad, '--out', existing);
    assert.is(kept.code, 2);
    assert.is(readFileSync(existing, 'utf8'), 'keep me\n', `${name}: --out not overwritten`);
  }
});

test('replay of a repro whose recorded trace was edited exits 3 (diverged), naming the first window that differs', async () => {
  const { repro } = await failingSwarm();
  const edited = variant('diverged.json', repro, (r) => {
    const cps = r.checkpoints as string[];
    cps[1] = 'ffffffffffffffff';
    r.traceHash = '0000000000000000';
  });
  const j = await cli('replay', edited, '--json');
  assert.is(j.code, 3, j.stderr);
  const out = JSON.parse(j.stdout);
  assert.is(out.status, 'diverged');
  assert.is(out.sameTrace, false);
  assert.is(out.traceHash, repro.traceHash);
  assert.is(out.expectedTraceHash, '0000000000000000');
  assert.equal(out.firstDivergence, [CHECKPOINT_EVERY, 2 * CHECKPOINT_EVERY]);
  const text = await cli('replay', edited);
  assert.is(text.code, 3);
  assert.match(text.stdout, new RegExp(`DIVERGED: .*first difference within events ${CHECKPOINT_EVERY}\\.\\.${2 * CHECKPOINT_EVERY}`));

  // Only the final hash edited: every checkpoint agrees, so the tail after the last one is named.
  const tail = variant('diverged-tail.json', repro, (r) => (r.traceHash = '0000000000000000'));
  const t = await cli('replay', tail, '--json');
  assert.is(t.code, 3);
  const n = repro.checkpoints.length;
  assert.equal(JSON.parse(t.stdout).firstDivergence, [n * CHECKPOINT_EVERY, Math.max(repro.events, n * CHECKPOINT_EVERY)]);
});

test('firstDivergence names the first differing checkpoint window, or the tail', () => {
  const E = CHECKPOINT_EVERY;
  assert.equal(firstDivergence(['a', 'b', 'c'], ['a', 'x', 'y'], 3 * E + 10, 3 * E + 10), [E, 2 * E]);
  assert.equal(firstDivergence(['a', 'b'], ['a', 'b', 'c'], 2 * E + 5, 3 * E + 7), [2 * E, 3 * E + 7]);
  assert.equal(firstDivergence(['a', 'b'], ['a', 'b'], 2 * E + 5, 2 * E + 9), [2 * E, 2 * E + 9]);
  assert.equal(firstDivergence(['a', 'b'], ['a', 'b'], 2 * E + 5, 2 * E + 5), [2 * E, 2 * E + 5]);
});

test('replay of a repro without its bug (the real store) exits 0: passes; shrink of it writes nothing', async () => {
  const { repro } = await failingSwarm();
  const fixed = variant('fixed.json', repro, (r) => (r.bug = null));
  const r = await cli('replay', fixed, '--json');
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.is(out.status, 'passes');
  assert.equal(out.violations, []);
  assert.is(out.bug, null);
  const text = await cli('replay', fixed);
  assert.is(text.code, 0);
  assert.match(text.stdout, /passes now: no violation/);
  const target = join(dir, 'fixed-shrunk.json');
  const s = await cli('shrink', fixed, '--out', target);
  assert.is(s.code, 0);
  assert.match(s.stderr, /does not fail any more/);
  assert.not.ok(existsSync(target));
  // Removing the field altogether is a malformed file, not a fixed one.
  const noField = variant('no-bug-field.json', repro, (r) => delete r.bug);
  const m = await cli('replay', noField);
  assert.is(m.code, 2);
  assert.match(m.stderr, /field bug is missing or malformed/);
});

test('replay needs exactly one of FILE and --seed', async () => {
  const none = await cli('replay');
  assert.is(none.code, 2);
  assert.match(none.stderr, /give a repro FILE or --seed S/);
  const { file } = await failingSwarm();
  const both = await cli('replay', file, '--seed', '3');
  assert.is(both.code, 2);
  assert.match(both.stderr, /not both or neither/);
});

test('replay --seed reruns a swarm seed with the swarm flags: early-ack seed fails the same way as the file', async () => {
  const { repro } = await failingSwarm();
  const r = await cli('replay', '--seed', String(repro.seed), '--bug', 'early-ack', '--json');
  assert.is(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.is(out.status, 'reproduced');
  assert.is(out.traceHash, repro.traceHash);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
