import * as fs from 'node:fs';
import * as path from 'node:path';
import { version } from '../package.json';
import { FAULT_KINDS } from '../sim';
import { reproFromResult, reproPath, writeRepro } from '../scenarios/repro-file';
import { checkOutputDir, checkOutputFile } from './output-paths';
import type { SeedSummary } from '../scenarios/seed-summary';
import { runSwarm } from '../scenarios/swarm';
import { getBug } from '../scenarios/bugs';
import { defaultWorkers, runPool } from '../scenarios/swarm-pool';
import { swarmTotals, type SwarmTotals } from '../scenarios/swarm-summary';
import { CliUsageError, parseFlags, parseIntegerFlag, type FlagSpec } from './args';
import { EXIT_OK, EXIT_USAGE, EXIT_VIOLATION } from './exit-codes';
import { paint, progressLine, type CliIo } from './io';
import { readSwarmSelection, selectionFlags, SWARM_OVERRIDE_FLAGS, type SwarmSelection } from './swarm-flags';
import type { Verb } from './verb';
import { parseShard, shardSlice } from './shard';
import { hasScenarioFlag, SCENARIO_FLAG, swarmModuleVerb } from './scenario-module';

// `actorsim swarm --seeds N`: N consecutive chaos seeds, on worker threads,
// with a summary, the faults injected by kind, and one repro line per failing
// seed (each also written as a repro file). `--shard i/n` runs one slice and
// writes a results file that `actorsim merge` combines.

const FLAGS: readonly FlagSpec[] = [
  { name: 'seeds', type: 'string', value: 'N', default: '100', description: 'how many consecutive seeds to run (1..10000000)' },
  { name: 'from', type: 'string', value: 'S', default: '1', description: 'first seed' },
  { name: 'workers', type: 'string', value: 'K', default: 'cores', description: 'worker threads (1..64); output is identical for any K' },
  { name: 'shard', type: 'string', value: 'i/n', description: 'run only the i-th of n slices of the seed range and write a results file' },
  { name: 'out', type: 'string', value: 'FILE', description: 'results file of a shard (default swarm-shard-<i>-of-<n>.json)' },
  { name: 'failures', type: 'string', value: 'DIR', default: 'failures', description: 'folder for repro files of failing seeds' },
  { name: 'report', type: 'boolean', description: 'print the aggregate report (faults by kind, failures by kind, throughput)' },
  { name: 'json', type: 'boolean', description: 'print exactly one JSON object' },
  ...SWARM_OVERRIDE_FLAGS,
];

export const SHARD_FORMAT = 'actorsim-swarm-shard/1';

export interface ShardFile {
  format: typeof SHARD_FORMAT;
  actorsim: string;
  from: number;
  seeds: number;
  shard: { i: number; n: number };
  selection: SwarmSelection;
  wallMs: number;
  results: SeedSummary[];
}


export interface SwarmReport {
  seedsRun: number;
  from: number;
  passed: number;
  failed: number;
  faults: Record<string, number>;
  failuresByKind: Record<string, number>;
  /** Coverage marks: hits over all seeds and seeds that hit each (every store mark listed). */
  marks: SwarmTotals['marks'];
  events: number;
  virtualTimeMs: number;
  wallMs: number;
  historiesPerSec: number;
  workers: number;
  selection: SwarmSelection;
  seeds: Array<{ seed: number; ok: boolean; traceHash: string; violations: SeedSummary['violations'] }>;
  failures: Array<{ seed: number; kinds: string[]; repro: string }>;
}

export function buildReport(results: SeedSummary[], from: number, wallMs: number, workers: number, selection: SwarmSelection, repro: (s: SeedSummary) => string): SwarmReport {
  const t = swarmTotals(results);
  return {
    seedsRun: t.seedsRun,
    from,
    passed: t.passed,
    failed: t.failed,
    faults: t.faults,
    failuresByKind: t.failuresByKind,
    marks: t.marks,
    events: t.events,
    virtualTimeMs: t.virtualTimeMs,
    wallMs: Math.round(wallMs),
    historiesPerSec: wallMs > 0 ? Math.round((t.seedsRun / wallMs) * 1000 * 10) / 10 : 0,
    workers,
    selection,
    seeds: results.map((r) => ({ seed: r.seed, ok: r.ok, traceHash: r.traceHash, violations: r.violations })),
    failures: results.filter((r) => !r.ok).map((r) => ({ seed: r.seed, kinds: r.kinds, repro: repro(r) })),
  };
}

export function printReport(io: CliIo, rep: SwarmReport, aggregate: boolean): void {
  const fail = rep.failed === 0 ? paint(io, 'green', '0 failed') : paint(io, 'red', `${rep.failed} failed`);
  io.out(`seeds ${rep.seedsRun} from ${rep.from}: ${rep.passed} passed, ${fail}; ${rep.events} events, ${(rep.virtualTimeMs / 1000).toFixed(1)} s virtual, wall ${(rep.wallMs / 1000).toFixed(1)} s, ${rep.historiesPerSec} histories/s on ${rep.workers} workers\n`);
  if (aggregate) {
    io.out(`faults injected: ${FAULT_KINDS.map((k) => `${k} ${rep.faults[k] ?? 0}`).join(', ')}\n`);
    const kinds = Object.entries(rep.failuresByKind);
    io.out(`failures by kind: ${kinds.length ? kinds.map(([k, n]) => `${k} ${n}`).join(', ') : 'none'}\n`);
    io.out(`time dilation: ${rep.wallMs > 0 ? (rep.virtualTimeMs / rep.wallMs).toFixed(0) : '-'} virtual ms per wall ms\n`);
    const marks = Object.entries(rep.marks);
    const unreached = marks.filter(([, m]) => m.seeds === 0).map(([name]) => name);
    io.out(`coverage marks: ${marks.length - unreached.length} of ${marks.length} reached${unreached.length ? `; never reached: ${unreached.join(', ')}` : ''}\n`);
  }
  for (const f of rep.failures) io.out(`${paint(io, 'red', 'FAILED')} seed ${f.seed} [${f.kinds.join(', ')}]\n  repro: ${f.repro}\n`);
}

/** Reruns a failing seed in this thread (deterministic) to write its full repro file. */
export async function writeFailure(dir: string, seed: number, sel: SwarmSelection): Promise<string> {
  const bug = sel.bug ? getBug(sel.bug) : null;
  const r = await runSwarm({ seed, overrides: sel.overrides, ...(bug ? { bug: bug.name, ...bug.classes } : {}) });
  const repro = reproFromResult(r, sel.bug);
  const file = reproPath(dir, repro);
  writeRepro(file, repro);
  return file;
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  if (hasScenarioFlag(argv)) return swarmModuleVerb(argv, io);
  const args = parseFlags('swarm', argv, FLAGS, { min: 0, max: 0, names: 'no arguments' });
  const seeds = args.integer('seeds', { min: 1, max: 10_000_000, default: 100 });
  const from = args.integer('from', { min: -9_007_199_254_740_991, max: 9_007_199_254_740_991, default: 1 });
  const workersText = args.string('workers');
  const workers = workersText === undefined ? defaultWorkers() : parseIntegerFlag('workers', workersText, { min: 1, max: 64 });
  const sel = readSwarmSelection(args);
  const json = args.flag('json');
  if (json && args.flag('report')) throw new CliUsageError('--report prints text and cannot be combined with --json (the JSON already holds faults and failures by kind)');
  const failuresDir = checkOutputDir('--failures', args.string('failures') ?? 'failures');
  const shardText = args.string('shard');
  const shard = shardText === undefined ? null : parseShard(shardText);
  if (args.has('out') && !shard) throw new CliUsageError('--out is the results file of a shard: use it with --shard i/n');
  const shardOut = shard ? checkOutputFile('--out', args.string('out') ?? `swarm-shard-${shard.i}-of-${shard.n}.json`) : null;

  const all = Array.from({ length: seeds }, (_, k) => from + k);
  const [lo, hi] = shard ? shardSlice(seeds, shard) : [0, seeds];
  const mine = all.slice(lo, hi);
  if (!json) io.out(`swarm: ${mine.length} seeds from ${mine[0] ?? from}${shard ? ` (shard ${shard.i}/${shard.n} of ${seeds} from ${from})` : ''} on ${Math.min(workers, Math.max(1, mine.length))} workers${sel.bug ? `, bug ${sel.bug}` : ''}\n`);
  const progress = progressLine(io, !json);
  const started = process.hrtime.bigint(); // determinism-ok: throughput figures only
  let failedSoFar = 0;
  const results = await runPool({
    seeds: mine,
    overrides: sel.overrides,
    bug: sel.bug,
    workers,
    onSeed: (s, done) => {
      if (!s.ok) failedSoFar += 1;
      progress.update(`${done}/${mine.length} seeds, ${failedSoFar} failed`);
    },
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6; // determinism-ok: throughput figures only
  progress.done();

  const files = new Map<number, string>();
  for (const r of results) if (!r.ok) files.set(r.seed, await writeFailure(failuresDir, r.seed, sel));
  const repro = (r: SeedSummary) => `npx actorsim replay ${files.get(r.seed)}`;
  const rep = buildReport(results, mine[0] ?? from, wallMs, Math.min(workers, Math.max(1, mine.length)), sel, repro);

  if (shard) {
    const out = shardOut!;
    const file: ShardFile = { format: SHARD_FORMAT, actorsim: version, from, seeds, shard, selection: sel, wallMs: Math.round(wallMs), results };
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, JSON.stringify(file) + '\n');
      fs.renameSync(tmp, out);
    } catch (err) {
      io.err(`actorsim swarm: --out ${JSON.stringify(out)}: ${(err as Error).message}\n`);
      return EXIT_USAGE;
    }
    if (!json) io.out(`shard results: ${out}\n`);
  }
  if (json) io.out(JSON.stringify(rep) + '\n');
  else {
    for (const f of rep.failures) io.out(`repro: ${f.repro}\n`);
    printReport(io, rep, args.flag('report'));
    if (sel.bug || selectionFlags(sel).length) io.out(`options: ${selectionFlags(sel).join(' ') || '(drawn per seed)'}\n`);
  }
  return rep.failed === 0 ? EXIT_OK : EXIT_VIOLATION;
}

export const swarmVerb: Verb = {
  name: 'swarm',
  usage: '--seeds N [--from S] [--workers K] [--shard i/n] [--json] [swarm flags]',
  summary: 'run N consecutive chaos seeds; exit 0 all passed, 1 any violation, 2 bad input',
  flags: [...FLAGS, SCENARIO_FLAG],
  run,
};
