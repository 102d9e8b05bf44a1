import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { memoryIo, type MemoryIo } from '../../cli/io';
import { main } from '../../cli/main';
import type { SoakSummary } from '../../cli/soak';

// `actorsim soak`: many swarm histories, throughput, and one repro line per
// failing seed; exit 0 none failed, 1 any failed, 2 bad input.

const BIN = join(__dirname, '..', '..', 'bin', 'actorsim.js');
// `run` writes a repro file for a failing chaos run: keep them out of the working tree.
const failuresDir = mkdtempSync(join(tmpdir(), 'actorsim-soak-'));

async function cli(args: string[], options: { isTTY?: boolean } = {}): Promise<MemoryIo & { code: number }> {
  const io = memoryIo(options);
  const code = await main(args, io);
  return Object.assign(io, { code });
}

test('bad input exits 2 with one line naming the flag', async () => {
  for (const [args, pattern] of [
    [['--histories', '0'], /--histories must be an integer in 1\.\.\d+, got "0"/],
    [['--histories', 'abc'], /--histories must be an integer/],
    [['--from=-1'], /--from must be an integer in 0\.\./],
    [['--bug', 'nope'], /--bug: unknown bug variant "nope" \(known: early-ack, stale-read/],
    [['--frobnicate'], /unknown flag --frobnicate/],
    [['extra'], /unexpected argument "extra"/],
  ] as const) {
    const r = await cli(['soak', ...args, '--workers', '1', '--failures', failuresDir]);
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.is(r.stdout, '');
  }
});

test('--json prints one summary object; a clean soak exits 0', async () => {
  const r = await cli(['soak', '--histories', '12', '--from', '100', '--json', '--workers', '1', '--failures', failuresDir]);
  assert.is(r.code, 0, r.stdout);
  assert.is(r.stdout.trim().split('\n').length, 1);
  const s = JSON.parse(r.stdout) as SoakSummary;
  assert.is(s.histories, 12);
  assert.is(s.from, 100);
  assert.is(s.to, 111);
  assert.is(s.failed, 0);
  assert.equal(s.failures, []);
  assert.ok(s.historiesPerSec > 0);
  assert.ok(s.withFaults > 0);
  assert.is(s.bug, null);
});

test('a broken variant fails: exit 1, every failing seed with a repro line that replays it', async () => {
  const r = await cli(['soak', '--histories', '40', '--bug', 'orphan-on-delete', '--json', '--workers', '1', '--failures', failuresDir]);
  assert.is(r.code, 1);
  const s = JSON.parse(r.stdout) as SoakSummary;
  assert.ok(s.failed > 0);
  assert.is(s.failures.length, s.failed);
  for (const f of s.failures) {
    assert.match(f.run, new RegExp(`^npx actorsim run swarm --seed ${f.seed} --bug orphan-on-delete$`));
    assert.match(f.repro, /^npx actorsim replay .*swarm-orphan-on-delete-\d+\.json$/);
    assert.ok(f.violations.length > 0);
  }
  // The repro lines replay the same failing runs, the pct ones included.
  const pct = s.failures.find((f) => f.seed === s.failures[0]!.seed);
  const random = s.failures[s.failures.length - 1];
  for (const f of [pct, random]) {
    if (!f) continue;
    const again = await cli([...f.run.split(' ').slice(2), '--json', '--failures', failuresDir]);
    assert.is(again.code, 1, f.repro);
    const out = JSON.parse(again.stdout) as { violations: Array<{ kind: string }> };
    assert.equal(out.violations.map((v) => v.kind), f.violations.map((v) => v.kind), f.repro);
  }
  const text = await cli(['soak', '--histories', '40', '--bug', 'orphan-on-delete', '--workers', '1', '--failures', failuresDir]);
  assert.is(text.code, 1);
  assert.match(text.stdout, /seed \d+ FAILED: \d+ violations?, first \[orphan-chunk\]/);
  assert.match(text.stdout, /  or: {4}npx actorsim run swarm --seed \d+ --bug orphan-on-delete\n/);
  assert.match(text.stdout, /soak: 40 histories \(seeds 1\.\.40, bug orphan-on-delete\), \d+ failed, \d+ with faults, [\d.]+ s wall, [\d.]+ histories\/s on 1 workers\n$/);
});

test('a progress line only on a TTY', async () => {
  const tty = await cli(['soak', '--histories', '3', '--from', '100', '--workers', '1', '--failures', failuresDir], { isTTY: true });
  assert.is(tty.code, 0);
  assert.match(tty.stdout, /\r\x1b\[Ksoak: \d+\/3 histories, 0 failed/);
  const pipe = await cli(['soak', '--histories', '3', '--from', '100', '--workers', '1', '--failures', failuresDir]);
  assert.not.match(pipe.stdout, /\r/);
  assert.match(pipe.stdout, /^soak: 3 histories \(seeds 100\.\.102\), 0 failed/);
});

test('spawn: npm run soak wiring (bin, exit code, one JSON line)', () => {
  const r = spawnSync(process.execPath, [BIN, 'soak', '--histories', '3', '--from', '100', '--json', '--workers', '1'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.is(r.status, 0, r.stderr);
  assert.is((JSON.parse(r.stdout) as SoakSummary).histories, 3);
});

test.after(() => rmSync(failuresDir, { recursive: true, force: true }));

test.run();
