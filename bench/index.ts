import { CliUsageError, HELP_FLAG, parseFlags, type FlagSpec } from '../cli/args';
import { EXIT_OK, EXIT_USAGE } from '../cli/exit-codes';
import { flagLines } from '../cli/help';
import { processIo, progressLine, type CliIo } from '../cli/io';
import { machineInfo } from './machine';
import { renderBenchTable, type BenchReportBlock } from './render-table';
import { BENCH_SECTIONS } from './sections';

// `npm run bench [-- --json] [--only a,b]`: runs every bench section and prints
// one JSON object `{ machine, <section>: figures, ... }` or a table. This is
// the one place in actorsim that reads wall time (besides the CLI's display
// of a check's duration); every read is marked determinism-ok.

const BENCH_FLAGS: readonly FlagSpec[] = [
  { name: 'json', type: 'boolean', description: 'print exactly one JSON object { machine, <section>: {...} } on stdout' },
  { name: 'only', type: 'string', value: 'NAMES', default: BENCH_SECTIONS.filter((s) => s.optIn !== true).map((s) => s.name).join(','), description: `comma-separated sections to run (also: ${BENCH_SECTIONS.filter((s) => s.optIn === true).map((s) => s.name).join(', ')})` },
];

export async function benchMain(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseFlags('bench', argv, BENCH_FLAGS, { min: 0, max: 0, names: 'no arguments' });
  if (args.flag('help')) {
    io.out(['usage: npm run bench -- [--json] [--only NAMES]', '', 'flags:', ...flagLines([...BENCH_FLAGS, HELP_FLAG])].join('\n') + '\n');
    return EXIT_OK;
  }
  const only = args.string('only')?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const name of only ?? []) {
    if (!BENCH_SECTIONS.some((s) => s.name === name)) {
      throw new CliUsageError(`--only: unknown section ${JSON.stringify(name)} (sections: ${BENCH_SECTIONS.map((s) => s.name).join(', ')})`);
    }
  }
  const sections = only ? BENCH_SECTIONS.filter((s) => only.includes(s.name)) : BENCH_SECTIONS.filter((s) => s.optIn !== true);
  const json = args.flag('json');
  const progress = progressLine(io, !json);

  const report: Record<string, object> = { machine: machineInfo() };
  const blocks: BenchReportBlock[] = [{ name: 'machine', title: 'where it ran', figures: report.machine! }];
  for (const section of sections) {
    progress.update(`bench: running ${section.name} ...`);
    const startedNs = process.hrtime.bigint(); // determinism-ok: benchmark wall time
    const figures = await section.run();
    const wallMs = Number(process.hrtime.bigint() - startedNs) / 1e6; // determinism-ok: benchmark wall time
    report[section.name] = figures;
    blocks.push({ name: section.name, title: section.title, figures, wallMs });
  }
  progress.done();
  io.out(json ? JSON.stringify(report) + '\n' : renderBenchTable(blocks));
  return EXIT_OK;
}

const io = processIo();
benchMain(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof CliUsageError) {
      io.err(`bench: ${err.message} (see npm run bench -- --help)\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    io.err(`bench: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 4;
  },
);
