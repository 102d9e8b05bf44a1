import * as path from 'node:path';
import type { StrategyName } from '../sim';
import { writeRepro } from '../scenarios/repro-file';
import { checkOutputDir } from './output-paths';
import { BUGS } from '../scenarios/bugs';
import { hunt, type HuntResult } from '../scenarios/hunt';
import { CliUsageError, parseFlags, type FlagSpec } from './args';
import { EXIT_OK, EXIT_VIOLATION } from './exit-codes';
import { progressLine, type CliIo } from './io';
import type { Verb } from './verb';
import { hasScenarioFlag, SCENARIO_FLAG, huntModuleVerb } from './scenario-module';

// `actorsim hunt --bug NAME --strategy random|pct --seeds N` or `--all`:
// seeds to find each bug variant, wall time, and the shrunk repro's size.

const FLAGS: readonly FlagSpec[] = [
  { name: 'bug', type: 'string', value: 'NAME', description: 'the bug variant to hunt (see actorsim bugs)' },
  { name: 'all', type: 'boolean', description: 'hunt every variant with both strategies' },
  { name: 'strategy', type: 'string', value: 'random|pct', default: 'random', description: 'scheduling strategy (with --bug)' },
  { name: 'seeds', type: 'string', value: 'N', default: '1000', description: 'give up after N seeds (1..1000000)' },
  { name: 'failures', type: 'string', value: 'DIR', default: 'failures', description: 'folder for the shrunk repro file of each variant found' },
  { name: 'json', type: 'boolean', description: 'print exactly one JSON object' },
];

const clock = () => Number(process.hrtime.bigint()) / 1e6; // determinism-ok: hunt wall-time figures

export function huntLine(r: HuntResult, file?: string): string {
  return r.found
    ? `${r.bug.padEnd(18)} ${r.strategy.padEnd(7)} found at seed ${r.seed} after ${r.seedsToFind} seeds in ${r.wallMs} ms [${r.kinds.join(', ')}], shrunk to ${r.shrunkOps} ops + ${r.shrunkFaults} faults` +
        (file ? `\n${' '.repeat(27)}repro: npx actorsim replay ${file}` : '')
    : `${r.bug.padEnd(18)} ${r.strategy.padEnd(7)} NOT found in ${r.seedsToFind} seeds (${r.wallMs} ms)`;
}

/** Where the shrunk repro of a found variant goes: one file per variant, strategy and seed. */
export function huntReproPath(dir: string, r: HuntResult): string {
  return path.join(dir, `hunt-${r.bug}-${r.strategy}-${r.seed}.shrunk.json`);
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  if (hasScenarioFlag(argv)) return huntModuleVerb(argv, io);
  const args = parseFlags('hunt', argv, FLAGS, { min: 0, max: 0, names: 'no arguments' });
  const all = args.flag('all');
  const bug = args.string('bug');
  if (all === (bug !== undefined)) throw new CliUsageError('give --bug NAME or --all');
  const seeds = args.integer('seeds', { min: 1, max: 1_000_000, default: 1000 });
  const json = args.flag('json');
  const failuresDir = checkOutputDir('--failures', args.string('failures') ?? 'failures');
  const jobs: Array<[string, StrategyName]> = all
    ? BUGS.flatMap((b) => (['random', 'pct'] as const).map((s): [string, StrategyName] => [b.name, s]))
    : [[bug!, args.choice<StrategyName>('strategy', ['random', 'pct'], 'random')]];
  const progress = progressLine(io, !json);
  const results: Array<Omit<HuntResult, 'shrunk'> & { repro: string | null }> = [];
  for (const [b, s] of jobs) {
    progress.update(`hunting ${b} with ${s}...`);
    const { shrunk, ...r } = await hunt(b, s, seeds, clock);
    let file: string | null = null;
    if (shrunk) {
      file = huntReproPath(failuresDir, { ...r, shrunk });
      writeRepro(file, shrunk);
    }
    results.push({ ...r, repro: file === null ? null : `npx actorsim replay ${file}` });
    progress.done();
    if (!json) io.out(huntLine({ ...r, shrunk }, file ?? undefined) + '\n');
  }
  if (json) io.out(JSON.stringify({ seedsLimit: seeds, results }) + '\n');
  const missed = results.filter((r) => !r.found);
  return missed.length === 0 ? EXIT_OK : EXIT_VIOLATION;
}

export const huntVerb: Verb = {
  name: 'hunt',
  usage: '--bug NAME [--strategy random|pct] [--seeds N] | --all [--failures DIR] [--json]',
  summary: 'find a bug variant: seeds to the first violation, wall time, shrunk repro size; exit 0 all found, 1 some not found',
  flags: [...FLAGS, SCENARIO_FLAG],
  run,
};
