import { readFileSync } from 'node:fs';
import { ActorsimError, show } from '../../core/errors';
import type { HistoryModelName } from '../../properties/check-history-file';
import { CliUsageError, parseFlags, type FlagSpec } from './args';
import { EXIT_OK, EXIT_UNKNOWN, EXIT_USAGE, EXIT_VIOLATION } from './exit-codes';
import { paint, progressLine, type CliIo } from './io';
import type { Verb } from './verb';

// `actorsim check-history FILE`: the linearizability checker on a recorded
// history (actorsim's JSON or a Jepsen log), Maelstrom-style exit codes.

const MODEL_CHOICES: readonly HistoryModelName[] = ['store', 'register'];

const CHECK_HISTORY_FLAGS: readonly FlagSpec[] = [
  { name: 'model', type: 'string', value: MODEL_CHOICES.join('|'), default: 'store for actorsim JSON, register for Jepsen logs', description: 'sequential model to check against' },
  { name: 'json', type: 'boolean', description: 'print exactly one JSON object (verdict and counts) on stdout' },
];

function readHistoryFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw new CliUsageError(`cannot read ${show(file)}: ${why}`);
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseFlags('check-history', argv, CHECK_HISTORY_FLAGS, { min: 1, max: 1, names: 'FILE' });
  const file = args.positionals[0]!;
  const model = args.has('model') ? args.choice('model', MODEL_CHOICES, 'store') : undefined;
  const json = args.flag('json');
  const text = readHistoryFile(file);
  // Loaded on use: `run` and `--help` need not compile the checker.
  const { checkHistoryText } = await import('../../properties/check-history-file');

  const progress = progressLine(io, !json);
  progress.update(`checking ${file} ...`);
  const startedNs = process.hrtime.bigint(); // determinism-ok: wall time of the check, for display only
  let checked: ReturnType<typeof checkHistoryText>;
  try {
    checked = checkHistoryText(text, model === undefined ? {} : { model });
  } catch (err) {
    // Malformed content is bad input; an assertion inside the checker is a bug and propagates.
    if ((err instanceof ActorsimError && err.code !== 'ASSERTION_FAILED') || err instanceof SyntaxError) {
      throw new CliUsageError(`${file}: ${err.message}`);
    }
    throw err;
  } finally {
    progress.done();
  }
  const wallMs = Number(process.hrtime.bigint() - startedNs) / 1e6; // determinism-ok: display only
  const { format, result } = checked;
  const exit = result.verdict === 'ok' ? EXIT_OK : result.verdict === 'violation' ? EXIT_VIOLATION : EXIT_UNKNOWN;

  if (json) {
    const out: Record<string, unknown> = {
      file,
      format,
      model: checked.model,
      verdict: result.verdict,
      linearizable: result.verdict === 'ok' ? true : result.verdict === 'violation' ? false : null,
      partitions: result.partitions,
      operations: result.operations,
      checked: result.checked,
      failed: result.failed,
      ignored: result.ignored,
      steps: result.steps,
      wallMs: Math.round(wallMs * 1000) / 1000,
    };
    if (result.violation) {
      const v = result.violation;
      out.violation = { partition: v.partition, summary: v.summary, culpritId: v.culpritId, minimal: v.minimal, operations: v.operations, timeline: v.timeline };
    }
    io.out(JSON.stringify(out) + '\n');
    return exit;
  }

  const counts = `${plural(result.operations, 'operation')} (${result.checked} checked, ${result.failed} failed, ${result.ignored} ignored) in ${plural(result.partitions, 'partition')}`;
  const where = `${checked.model} model, ${format} format`;
  const took = `checked in ${wallMs.toFixed(1)} ms`;
  if (result.verdict === 'ok') {
    io.out(`${file}: ${paint(io, 'green', 'linearizable')} (${where}): ${counts}; ${took}\n`);
  } else if (result.verdict === 'violation') {
    io.out(`${file}: ${paint(io, 'red', 'NOT linearizable')} (${where}): ${counts}; ${took}\n`);
    const v = result.violation;
    if (v) io.out(`${v.summary}\npartition ${show(v.partition)}, ${plural(v.operations.length, 'operation')}${v.minimal ? ' (minimal)' : ''}:\n${v.timeline.replace(/\n?$/, '\n')}`);
  } else {
    io.out(`${file}: ${paint(io, 'yellow', 'unknown')} (${where}): the search ran out of steps after ${result.steps}; ${counts}; ${took}\n`);
  }
  return exit;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const checkHistoryVerb: Verb = {
  name: 'check-history',
  usage: 'FILE [--model store|register] [--json]',
  summary: `check that a recorded history is linearizable; exit ${EXIT_OK} linearizable, ${EXIT_VIOLATION} violation, ${EXIT_USAGE} bad input, ${EXIT_UNKNOWN} unknown`,
  flags: CHECK_HISTORY_FLAGS,
  run,
};
