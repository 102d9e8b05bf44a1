import * as path from 'node:path';
import { STRATEGIES, type StrategyName } from '../sim';
import { writeRepro } from '../scenarios/repro-file';
import { checkOutputDir } from './output-paths';
import { BUGS } from '../scenarios/bugs';
import { huntStrategies, type HuntResult } from '../scenarios/hunt';
import { sweepLines, type StrategySweep } from '../harness/strategy-sweep';
import { CliUsageError, parseFlags, type FlagSpec } from './args';
import { EXIT_OK, EXIT_VIOLATION } from './exit-codes';
import { progressLine, type CliIo } from './io';
import type { Verb } from './verb';
import { hasScenarioFlag, SCENARIO_FLAG, huntModuleVerb } from './scenario-module';

// `actorsim hunt --bug NAME [--strategy S] --seeds N` or `--all`: every seed
// under each strategy (or the one given): per strategy, the failing seeds
// (first, rate) and what the portfolio finds; the earliest failure of each
// variant shrunk, with its wall time and the shrunk repro's size.

const FLAGS: readonly FlagSpec[] = [
  { name: 'bug', type: 'string', value: 'NAME', description: 'the bug variant to hunt (see actorsim bugs)' },
  { name: 'all', type: 'boolean', description: 'hunt every variant' },
  { name: 'strategy', type: 'string', value: STRATEGIES.join('|'), description: 'run the seeds under this strategy only (default: under each)' },
  { name: 'seeds', type: 'string', value: 'N', default: '100', description: 'seeds run under each strategy (1..1000000)' },
  { name: 'failures', type: 'string', value: 'DIR', default: 'failures', description: 'folder for the shrunk repro file of each variant found' },
  { name: 'json', type: 'boolean', description: 'print exactly one JSON object' },
];

const clock = () => Number(process.hrtime.bigint()) / 1e6; // determinism-ok: hunt wall-time figures

export function huntLine(r: HuntResult, file?: string): string {
  return r.found
    ? `${r.bug.padEnd(18)} ${r.strategy.padEnd(13)} found at seed ${r.seed} after ${r.seedsToFind} seeds in ${r.wallMs} ms [${r.kinds.join(', ')}], shrunk to ${r.shrunkOps} ops + ${r.shrunkFaults} faults` +
        (file ? `\n${' '.repeat(33)}repro: npx actorsim replay ${file}` : '')
    : `${r.bug.padEnd(18)} NOT found in ${r.seedsToFind} seeds (${r.wallMs} ms)`;
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
  const seeds = args.integer('seeds', { min: 1, max: 1_000_000, default: 100 });
  const json = args.flag('json');
  const failuresDir = checkOutputDir('--failures', args.string('failures') ?? 'failures');
  const strategies: readonly StrategyName[] = args.has('strategy') ? [args.choice<StrategyName>('strategy', STRATEGIES, 'random')] : STRATEGIES;
  const bugs = all ? BUGS.map((b) => b.name) : [bug!];
  const progress = progressLine(io, !json);
  const results: Array<Omit<HuntResult, 'shrunk'> & { repro: string | null }> = [];
  const sweeps: Array<StrategySweep & { bug: string }> = [];
  for (const b of bugs) {
    progress.update(`hunting ${b} over ${seeds} seeds with ${strategies.join(', ')}...`);
    const { result, sweep } = await huntStrategies(b, strategies, seeds, clock);
    const { shrunk, ...r } = result;
    let file: string | null = null;
    if (shrunk) {
      file = huntReproPath(failuresDir, result);
      writeRepro(file, shrunk);
    }
    results.push({ ...r, repro: file === null ? null : `npx actorsim replay ${file}` });
    sweeps.push(sweep);
    progress.done();
    if (!json) io.out([huntLine(result, file ?? undefined), ...sweepLines(sweep)].join('\n') + '\n');
  }
  if (json) io.out(JSON.stringify({ seedsLimit: seeds, strategies, results, sweeps }) + '\n');
  const missed = results.filter((r) => !r.found);
  return missed.length === 0 ? EXIT_OK : EXIT_VIOLATION;
}

export const huntVerb: Verb = {
  name: 'hunt',
  usage: `--bug NAME | --all [--strategy ${STRATEGIES.join('|')}] [--seeds N] [--failures DIR] [--json]`,
  summary: 'find a bug variant: failing seeds per strategy and for the portfolio, the first shrunk; exit 0 all found, 1 some not found',
  flags: [...FLAGS, SCENARIO_FLAG],
  run,
};
