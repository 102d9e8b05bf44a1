import { readRepro, writeRepro } from '../scenarios/repro-file';
import { shrinkRepro, type ReproSize } from '../scenarios/shrink';
import { CliUsageError, parseFlags, type FlagSpec } from './args';
import { checkOutputFile } from './output-paths';
import { EXIT_OK, EXIT_USAGE, EXIT_VIOLATION } from './exit-codes';
import type { CliIo } from './io';
import type { Verb } from './verb';
import { hasScenarioFlag, isScenarioReproFile, SCENARIO_FLAG, shrinkModuleVerb } from './scenario-module';

// `actorsim shrink FILE [--out FILE2]`: delta-debugs a repro file down to the
// faults, operations, clients and nodes that still produce the violation.

const FLAGS: readonly FlagSpec[] = [
  { name: 'out', type: 'string', value: 'FILE', description: 'where to write the shrunk repro (default: FILE with .shrunk.json)' },
  { name: 'max-runs', type: 'string', value: 'N', default: '600', description: 'budget of reruns (1..100000)' },
  { name: 'json', type: 'boolean', description: 'print exactly one JSON object' },
];

const size = (s: ReproSize) => `${s.operations} operations, ${s.faults} faults, ${s.clients} clients, ${s.storageNodes} storage nodes`;

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  if (hasScenarioFlag(argv) || argv.some((a) => !a.startsWith('-') && isScenarioReproFile(a))) return shrinkModuleVerb(argv, io);
  const args = parseFlags('shrink', argv, FLAGS, { min: 1, max: 1, names: 'FILE' });
  const file = args.positionals[0]!;
  const out = checkOutputFile('--out', args.string('out') ?? file.replace(/\.json$/, '') + '.shrunk.json');
  if (out === file) throw new CliUsageError(`--out must differ from the input file, got ${JSON.stringify(out)}`);
  const maxRuns = args.integer('max-runs', { min: 1, max: 100_000, default: 600 });
  const repro = readRepro(file);
  const json = args.flag('json');
  const result = await shrinkRepro(repro, { maxRuns, ...(json ? {} : { log: (l: string) => io.out(`  ${l}\n`) }) });
  if (result.repro.violations.length === 0) {
    io.err(`actorsim shrink: ${file} does not fail any more (rerun it with actorsim replay); nothing written\n`);
    return EXIT_OK;
  }
  try {
    writeRepro(out, result.repro);
  } catch (err) {
    io.err(`actorsim shrink: --out ${JSON.stringify(out)}: ${(err as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (json) {
    io.out(JSON.stringify({ file: out, before: result.before, after: result.after, runs: result.runs, violations: result.repro.violations.map((v) => v.kind) }) + '\n');
  } else {
    io.out(`before: ${size(result.before)}\nafter:  ${size(result.after)} (${result.runs} runs)\n`);
    io.out(`repro: npx actorsim replay ${out}\n`);
  }
  return EXIT_VIOLATION;
}

export const shrinkVerb: Verb = {
  name: 'shrink',
  usage: 'FILE [--out FILE2] [--max-runs N] [--json]',
  summary: 'cut a failing repro down (delta debugging over faults and operations, fewer clients and nodes); exit 1 with the shrunk repro written',
  flags: [...FLAGS, SCENARIO_FLAG],
  run,
};
