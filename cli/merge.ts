import * as fs from 'node:fs';
import { version } from '../package.json';
import { ActorsimError, show } from '../core/errors';
import type { SeedSummary } from '../scenarios/seed-summary';
import { CliUsageError, parseFlags, type FlagSpec } from './args';
import { EXIT_OK, EXIT_VIOLATION } from './exit-codes';
import type { CliIo } from './io';
import { buildReport, printReport, SHARD_FORMAT, type ShardFile } from './swarm';
import { selectionFlags } from './swarm-flags';
import type { Verb } from './verb';
import { printScenarioSweep } from './scenario-module';
import { isScenarioShardText, mergeScenarioShards, readScenarioShard } from './scenario-sweeps';

function isScenarioShardFile(file: string): boolean {
  try {
    return isScenarioShardText(fs.readFileSync(file, 'utf8').slice(0, 200));
  } catch {
    return false; // readShard names the file it cannot read
  }
}

// `actorsim merge FILES...`: combines the results files of `swarm --shard i/n`
// (the store's, or a scenario module's) into the summary the unsharded swarm
// would have printed.

class ShardFileError extends ActorsimError {
  constructor(message: string) {
    super('BAD_SHARD', message);
  }
}

const FLAGS: readonly FlagSpec[] = [
  { name: 'json', type: 'boolean', description: 'print exactly one JSON object' },
  { name: 'report', type: 'boolean', description: 'print the aggregate report' },
];

function readShard(file: string): ShardFile {
  let data: ShardFile;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8')) as ShardFile;
  } catch (err) {
    throw new ShardFileError(`cannot read shard results ${show(file)}: ${(err as Error).message}`);
  }
  if (data?.format !== SHARD_FORMAT) throw new ShardFileError(`${show(file)} is not a shard results file (format ${show(data?.format)})`);
  if (data.actorsim !== version) throw new ShardFileError(`${show(file)} was written by actorsim ${show(data.actorsim)}, this is ${version}`);
  if (!Array.isArray(data.results)) throw new ShardFileError(`${show(file)}: results missing`);
  return data;
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseFlags('merge', argv, FLAGS, { min: 1, max: 10_000, names: 'FILES...' });
  if (args.flag('json') && args.flag('report')) throw new CliUsageError('--report prints text and cannot be combined with --json (the JSON already holds faults and failures by kind)');
  const scenarioShards = args.positionals.filter(isScenarioShardFile);
  if (scenarioShards.length > 0) {
    if (scenarioShards.length !== args.positionals.length) throw new ShardFileError(`cannot merge shards of a scenario module with shards of the store's swarm: ${args.positionals.filter((f) => !scenarioShards.includes(f)).map(show).join(', ')}`);
    const summary = mergeScenarioShards(scenarioShards.map(readScenarioShard));
    if (args.flag('json')) io.out(JSON.stringify(summary) + '\n');
    else printScenarioSweep(io, summary);
    return summary.failed === 0 ? EXIT_OK : EXIT_VIOLATION;
  }
  const shards = args.positionals.map(readShard);
  const first = shards[0]!;
  const key = (s: ShardFile) => JSON.stringify([s.from, s.seeds, s.shard.n, s.selection]);
  for (const s of shards) {
    if (key(s) !== key(first)) throw new ShardFileError(`shards are of different sweeps: ${key(s)} vs ${key(first)}`);
  }
  const seen = new Set(shards.map((s) => s.shard.i));
  if (seen.size !== shards.length) throw new ShardFileError('a shard appears twice');
  const missing = Array.from({ length: first.shard.n }, (_, k) => k + 1).filter((i) => !seen.has(i));
  if (missing.length) throw new ShardFileError(`missing shards ${missing.map((i) => `${i}/${first.shard.n}`).join(', ')}`);
  const results: SeedSummary[] = [...shards].sort((a, b) => a.shard.i - b.shard.i).flatMap((s) => s.results);
  const wallMs = shards.reduce((n, s) => Math.max(n, s.wallMs), 0);
  const rep = buildReport(results, first.from, wallMs, shards.length, first.selection, (r) => ['npx actorsim run swarm --seed', String(r.seed), ...selectionFlags(first.selection)].join(' '));
  if (args.flag('json')) io.out(JSON.stringify(rep) + '\n');
  else printReport(io, rep, args.flag('report'));
  return rep.failed === 0 ? EXIT_OK : EXIT_VIOLATION;
}

export const mergeVerb: Verb = {
  name: 'merge',
  usage: 'FILES... [--json] [--report]',
  summary: 'combine `swarm --shard i/n` results files into one summary (wall time: the slowest shard)',
  flags: FLAGS,
  run,
};
