import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../cli/main';
import { memoryIo, type MemoryIo } from '../../cli/io';
import { type SwarmReport } from '../../cli/swarm';
import { parseShard, shardSlice } from '../../cli/shard';
import { BUGS } from '../../scenarios/bugs';
import { FAULT_KINDS, STRATEGIES } from '../../sim';
import { STORE_MARK_NAMES } from '../../core/store/marks';
import type { StrategySweep } from '../../harness/strategy-sweep';

// The chaos verbs in process: swarm (flags, --json, workers, shards), merge,
// bugs and hunt.

const dir = mkdtempSync(join(tmpdir(), 'actorsim-swarm-cli-'));
const failures = join(dir, 'failures');

async function cli(...args: string[]): Promise<MemoryIo & { code: number }> {
  const io = memoryIo();
  const code = await main(args, io);
  return Object.assign(io, { code });
}

async function swarmJson(...args: string[]): Promise<{ code: number; report: SwarmReport }> {
  const r = await cli('swarm', '--json', '--failures', failures, ...args);
  assert.is(r.stderr, '');
  const lines = r.stdout.trim().split('\n');
  assert.is(lines.length, 1, 'exactly one JSON object');
  return { code: r.code, report: JSON.parse(lines[0]!) as SwarmReport };
}

test('swarm: bad flags exit 2 with a message naming the flag, before running anything', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--seeds', '0'], /--seeds must be an integer in 1\.\.10000000, got "0"/],
    [['--seeds', 'abc'], /--seeds must be an integer in 1\.\.10000000, got "abc"/],
    [['--seeds=-3'], /--seeds must be an integer in 1\.\.10000000, got "-3"/],
    [['--seeds', '-3'], /--seeds needs a value \(write --seeds=VALUE/],
    [['--faults', 'bogus'], /--faults: unknown fault kind "bogus" \(known: crash, /],
    [['--faults', 'crash=x'], /--faults: count of crash must be an integer/],
    [['--bogus'], /unknown flag --bogus/],
    [['--bug', 'nosuch'], /--bug: unknown bug variant "nosuch" \(known: early-ack, /],
    [['--workers', '0'], /--workers must be an integer in 1\.\.64/],
    [['--mode', 'chaotic'], /--mode must be one of recoverable, unlimited/],
    [['--strategy', 'fifo'], /--strategy must be one of random, pct, fair-pct, delay-bounded, got "fifo"/],
    [['--shard', '4/3'], /--shard must be i\/n with 1 <= i <= n, got "4\/3"/],
    [['--shard', 'x'], /--shard must be i\/n/],
    [['--out', join(dir, 'x.json')], /--out is the results file of a shard/],
    [['--storage-nodes', '2', '--replication', '3'], /--replication 3 exceeds --storage-nodes 2/],
    [['extra'], /unexpected argument "extra"/],
  ];
  for (const [args, message] of cases) {
    // Few seeds, in case a flag were wrongly accepted.
    const r = await cli('swarm', ...(args.some((a) => a.startsWith('--seeds')) ? [] : ['--seeds', '3']), '--failures', failures, ...args);
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.match(r.stderr, /^actorsim swarm: .*\(see actorsim swarm --help\)\n$/);
    assert.not.match(r.stdout, /seeds \d+ from/, 'nothing ran');
  }
  assert.not.ok(existsSync(join(dir, 'x.json')));
});

test('swarm: --replication alone grows small drawn clusters to fit; --storage-nodes 1 clamps R (regression: both used to exit 2)', async () => {
  const r5 = await swarmJson('--seeds', '8', '--replication', '5', '--workers', '1');
  assert.is(r5.code, 0);
  assert.is(r5.report.passed, 8);
  assert.equal(r5.report.selection.overrides.replicationFactor, 5);
  const one = await swarmJson('--seeds', '4', '--storage-nodes', '1', '--workers', '1');
  assert.is(one.code, 0);
  assert.is(one.report.passed, 4);
});

let baseline: SwarmReport | null = null;
/** 20 seeds of the real store on one worker, as JSON (run once). */
async function baseline20(): Promise<SwarmReport> {
  if (!baseline) {
    const { code, report } = await swarmJson('--seeds', '20', '--workers', '1');
    assert.is(code, 0);
    baseline = report;
  }
  return baseline;
}

test('swarm --json prints one object: seedsRun, passed, failed, faults, historiesPerSec and per-seed results', async () => {
  const rep = await baseline20();
  assert.is(rep.seedsRun, 20);
  assert.is(rep.from, 1);
  assert.is(rep.passed, 20);
  assert.is(rep.failed, 0);
  assert.is(rep.workers, 1);
  assert.equal(Object.keys(rep.faults).sort(), [...FAULT_KINDS].sort());
  assert.ok(Object.values(rep.faults).reduce((a, b) => a + b, 0) > 0);
  assert.type(rep.historiesPerSec, 'number');
  assert.ok(rep.historiesPerSec > 0);
  assert.equal(rep.failures, []);
  assert.equal(rep.failuresByKind, {});
  assert.equal(rep.seeds.map((s) => s.seed), Array.from({ length: 20 }, (_, k) => k + 1));
  for (const s of rep.seeds) {
    assert.equal(Object.keys(s).sort(), ['ok', 'seed', 'traceHash', 'violations']);
    assert.is(s.ok, true);
    assert.match(s.traceHash, /^[0-9a-f]{16}$/);
    assert.equal(s.violations, []);
  }
  assert.is(new Set(rep.seeds.map((s) => s.traceHash)).size, 20);
  // Coverage marks: every store mark listed (reached or not), hits and seeds that hit it.
  assert.equal(Object.keys(rep.marks).slice(0, STORE_MARK_NAMES.length), [...STORE_MARK_NAMES]);
  for (const [name, m] of Object.entries(rep.marks)) {
    assert.ok(m.seeds >= 0 && m.seeds <= 20, name);
    assert.ok(m.hits >= m.seeds, name);
  }
  assert.ok(Object.values(rep.marks).filter((m) => m.seeds > 0).length >= 5, 'twenty seeds reach several marks');
});

test('swarm --json with a bug: failing seeds carry their violations and a repro file; exit 1', async () => {
  const { code, report } = await swarmJson('--seeds', '4', '--from', '1', '--workers', '1', '--bug', 'orphan-on-delete');
  assert.is(code, 1);
  assert.ok(report.failed >= 1);
  assert.is(report.passed + report.failed, 4);
  assert.is(report.selection.bug, 'orphan-on-delete');
  for (const f of report.failures) {
    assert.ok(f.kinds.length > 0);
    const file = f.repro.replace(/^npx actorsim replay /, '');
    assert.ok(existsSync(file), file);
    const seed = report.seeds.find((s) => s.seed === f.seed)!;
    assert.is(seed.ok, false);
    assert.equal([...new Set(seed.violations.map((v) => v.kind))], f.kinds);
  }
  assert.ok(report.failuresByKind['orphan-chunk']! >= 1);
});

test('swarm --report says how many coverage marks the seeds reached, naming the others, as the JSON counts them', async () => {
  const text = await cli('swarm', '--seeds', '3', '--workers', '1', '--report', '--failures', failures);
  assert.is(text.code, 0, text.stderr);
  const { report } = await swarmJson('--seeds', '3', '--workers', '1');
  const never = Object.entries(report.marks).filter(([, m]) => m.seeds === 0).map(([name]) => name);
  const reached = Object.keys(report.marks).length - never.length;
  assert.ok(reached > 0 && never.length > 0, 'three seeds reach some marks, not all');
  assert.ok(text.stdout.includes(`coverage marks: ${reached} of ${Object.keys(report.marks).length} reached; never reached: ${never.join(', ')}\n`), text.stdout);
});

test('swarm --workers 2 and --workers 1 on the same 20 seeds give identical per-seed trace hashes, in the same order', async () => {
  const one = await baseline20();
  const { code, report: two } = await swarmJson('--seeds', '20', '--workers', '2');
  assert.is(code, 0);
  assert.is(two.workers, 2);
  assert.equal(two.seeds, one.seeds);
  assert.equal(two.faults, one.faults);
  assert.equal(two.marks, one.marks);
  assert.is(two.events, one.events);
  assert.is(two.virtualTimeMs, one.virtualTimeMs);
});

test('swarm --shard 1/3, 2/3, 3/3 with --out, then merge, gives the unsharded summary', async () => {
  const args = ['--seeds', '10', '--from', '1', '--bug', 'orphan-on-delete', '--clients', '2', '--workers', '1'];
  const whole = await swarmJson(...args);
  assert.ok(whole.report.failed >= 1, 'the sweep has failures to merge');
  const files: string[] = [];
  const covered: number[] = [];
  for (const i of [1, 2, 3]) {
    const out = join(dir, 'shards', `shard-${i}.json`);
    const r = await cli('swarm', ...args, '--shard', `${i}/3`, '--out', out, '--failures', failures);
    assert.is(r.code === 0 || r.code === 1, true, r.stderr);
    assert.match(r.stdout, new RegExp(`\\(shard ${i}/3 of 10 from 1\\)`));
    assert.match(r.stdout, /shard results: /);
    const shard = JSON.parse(readFileSync(out, 'utf8'));
    covered.push(...shard.results.map((s: { seed: number }) => s.seed));
    files.push(out);
  }
  assert.equal(covered, Array.from({ length: 10 }, (_, k) => k + 1), 'the shards cover the range once, in order');
  // Any order of files merges the same.
  const m = await cli('merge', files[2]!, files[0]!, files[1]!, '--json');
  assert.is(m.code, whole.code);
  const merged = JSON.parse(m.stdout) as SwarmReport;
  for (const k of ['seedsRun', 'from', 'passed', 'failed', 'faults', 'failuresByKind', 'marks', 'events', 'virtualTimeMs', 'seeds', 'selection'] as const) {
    assert.equal(merged[k], whole.report[k], k);
  }
  assert.equal(merged.failures.map((f) => [f.seed, f.kinds]), whole.report.failures.map((f) => [f.seed, f.kinds]));
  // The merged repro lines carry the whole selection, so they rerun the same seed run.
  const line = merged.failures[0]!.repro;
  assert.match(line, new RegExp(`^npx actorsim run swarm --seed ${merged.failures[0]!.seed} --bug orphan-on-delete --clients 2$`));
  const rerun = await cli(...line.split(' ').slice(2), '--json', '--failures', failures);
  assert.is(rerun.code, 1, rerun.stderr);
  const rr = JSON.parse(rerun.stdout) as { traceHash: string };
  assert.is(rr.traceHash, merged.seeds.find((s) => s.seed === merged.failures[0]!.seed)!.traceHash);

  const text = await cli('merge', ...files);
  assert.match(text.stdout, new RegExp(`seeds 10 from 1: ${whole.report.passed} passed, ${whole.report.failed} failed`));

  // Missing, duplicated or foreign shards are refused.
  const missing = await cli('merge', files[0]!, files[1]!);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /missing shards 3\/3/);
  const twice = await cli('merge', files[0]!, files[0]!, files[1]!);
  assert.is(twice.code, 2);
  assert.match(twice.stderr, /a shard appears twice/);
  const bogus = join(dir, 'bogus-shard.json');
  writeFileSync(bogus, '{"format":"nope"}');
  const bad = await cli('merge', bogus);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /not a shard results file/);
  const other = join(dir, 'other-sweep.json');
  const otherShard = await cli('swarm', '--seeds', '10', '--from', '2', '--workers', '1', '--shard', '3/3', '--out', other, '--failures', failures, '--json');
  assert.is(otherShard.code, 0);
  const mixed = await cli('merge', files[0]!, files[1]!, other);
  assert.is(mixed.code, 2);
  assert.match(mixed.stderr, /shards are of different sweeps/);
});

test('shard slices partition the range', () => {
  for (const count of [1, 2, 7, 10, 100]) {
    for (const n of [1, 2, 3, 8]) {
      const seen: number[] = [];
      for (let i = 1; i <= n; i++) {
        const [lo, hi] = shardSlice(count, parseShard(`${i}/${n}`));
        for (let k = lo; k < hi; k++) seen.push(k);
      }
      assert.equal(seen, Array.from({ length: count }, (_, k) => k), `${count} in ${n}`);
    }
  }
});

test('bugs --json lists every variant with a name and a description', async () => {
  const r = await cli('bugs', '--json');
  assert.is(r.code, 0);
  const { bugs } = JSON.parse(r.stdout) as { bugs: Array<{ name: string; description: string; source: string }> };
  assert.ok(bugs.length >= 8, `${bugs.length} variants`);
  assert.equal(bugs.map((b) => b.name), BUGS.map((b) => b.name));
  assert.is(new Set(bugs.map((b) => b.name)).size, bugs.length);
  for (const b of bugs) {
    assert.match(b.name, /^[a-z][a-z-]+$/);
    assert.ok(b.description.length > 20, b.name);
    assert.ok(b.source.length > 0, b.name);
  }
  const text = await cli('bugs');
  for (const b of bugs) assert.ok(text.stdout.includes(b.name));
});

test('hunt --bug stale-read --seeds 6 --json: every seed under each strategy, the earliest failure shrunk to at most 15 operations + faults', async () => {
  const r = await cli('hunt', '--bug', 'stale-read', '--seeds', '6', '--json', '--failures', failures);
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { seedsLimit: number; strategies: string[]; results: Array<Record<string, unknown>>; sweeps: StrategySweep[] };
  assert.is(out.seedsLimit, 6);
  assert.equal(out.strategies, [...STRATEGIES]);
  assert.is(out.sweeps.length, 1);
  const sweep = out.sweeps[0]!;
  assert.equal(sweep.strategies.map((t) => [t.strategy, t.seedsRun]), STRATEGIES.map((s) => [s, 6]));
  for (const t of sweep.strategies) {
    assert.is(t.failed, t.failingSeeds.length);
    assert.is(t.failureRate, Math.round((t.failed / 6) * 10_000) / 10_000);
    assert.is(t.firstFailingSeed, t.failingSeeds[0] ?? null);
  }
  assert.ok(sweep.portfolio !== null && sweep.portfolio.seedsRun === 6);
  assert.is(out.results.length, 1);
  const h = out.results[0]! as { bug: string; strategy: string; found: boolean; seedsToFind: number; seed: number; kinds: string[]; shrunkOps: number; shrunkFaults: number };
  assert.is(h.bug, 'stale-read');
  // The shrunk failure is the earliest one, of the first strategy that found it then.
  assert.is(h.strategy, sweep.firstFinders[0]);
  assert.is(h.seed, sweep.strategies.find((t) => t.strategy === h.strategy)!.firstFailingSeed);
  assert.is(h.found, true);
  assert.ok(h.seedsToFind >= 1 && h.seedsToFind <= 6);
  assert.ok(h.kinds.length > 0);
  assert.ok(h.shrunkOps + h.shrunkFaults <= 15, `${h.shrunkOps} ops + ${h.shrunkFaults} faults`);
  // The shrunk run is written as a repro file that replays to the same violation.
  const line = (h as unknown as { repro: string }).repro;
  assert.is(line, `npx actorsim replay ${join(failures, `hunt-stale-read-${h.strategy}-${h.seed}.shrunk.json`)}`);
  const file = line.split(' ')[3]!;
  const repro = JSON.parse(readFileSync(file, 'utf8')) as { workload: unknown[]; schedule: unknown[] };
  assert.is(repro.workload.length, h.shrunkOps);
  assert.is(repro.schedule.length, h.shrunkFaults);
  const replayed = await cli('replay', file, '--json');
  assert.is(replayed.code, 1, replayed.stderr);
  assert.is(JSON.parse(replayed.stdout).status, 'reproduced');
  const text = await cli('hunt', '--bug', 'stale-read', '--seeds', '6', '--strategy', h.strategy, '--failures', failures);
  assert.match(text.stdout, new RegExp(`\\n {33}repro: npx actorsim replay ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\n`));
  assert.match(text.stdout, new RegExp(`\\n  ${h.strategy} +6 +\\d+ +[\\d.]+% +${h.seed}  \\(first\\)\\n`));
  assert.not.match(text.stdout, /portfolio/, 'one strategy: no portfolio row');
});

test('hunt: bad input exits 2', async () => {
  for (const [args, message] of [
    [[], /give --bug NAME or --all/],
    [['--bug', 'nosuch'], /unknown bug variant "nosuch"/],
    [['--bug', 'stale-read', '--all'], /give --bug NAME or --all/],
    [['--bug', 'stale-read', '--seeds', '0'], /--seeds must be an integer in 1\.\.1000000/],
    [['--bug', 'stale-read', '--strategy', 'fifo'], /--strategy must be one of random, pct, fair-pct, delay-bounded, got "fifo"/],
  ] as Array<[string[], RegExp]>) {
    const r = await cli('hunt', ...args);
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
