import { readFileSync } from 'node:fs';
import { ActorsimError, show } from '../core/errors';
import type { HistoryModelName } from '../properties/check-history-file';
import type { Model } from '../properties/model';
import { CliUsageError, parseFlags, parseIntegerFlag, type FlagSpec } from './args';
import { EXIT_OK, EXIT_UNKNOWN, EXIT_USAGE, EXIT_VIOLATION } from './exit-codes';
import { paint, progressLine, type CliIo } from './io';
import type { Verb } from './verb';

// `actorsim check-history FILE`: the linearizability checker on a recorded
// history (actorsim's JSON or a Jepsen log), Maelstrom-style exit codes.

const MODEL_CHOICES: readonly HistoryModelName[] = ['store', 'register', 'kv'];
/** The search's step budget unless --max-steps says otherwise (DEFAULT_MAX_STEPS of the checker). */
const DEFAULT_CLI_MAX_STEPS = 2_000_000;
const MAX_STEPS_LIMIT = 1e12;

const CHECK_HISTORY_FLAGS: readonly FlagSpec[] = [
  {
    name: 'model',
    type: 'string',
    value: `${MODEL_CHOICES.join('|')}|./MODULE.ts`,
    default: 'store for actorsim JSON; kv for a Jepsen log with keys, else register',
    description: 'sequential model to check against, or a .ts/.js module exporting a Model',
  },
  { name: 'max-steps', type: 'string', value: 'N', range: `1..${MAX_STEPS_LIMIT}`, default: String(DEFAULT_CLI_MAX_STEPS), description: 'search step budget; out of steps is exit 3 (unknown)' },
  { name: 'timeout', type: 'string', value: 'SECONDS', default: 'none', description: 'wall-time limit on the check; past it, exit 3 (unknown)' },
  { name: 'json', type: 'boolean', description: 'print exactly one JSON object (verdict and counts) on stdout' },
];

/** A built-in model's name, or a module path (anything with a slash or a .ts/.js extension). */
async function modelFlag(text: string): Promise<HistoryModelName | Model<unknown, unknown, unknown>> {
  if ((MODEL_CHOICES as readonly string[]).includes(text)) return text as HistoryModelName;
  if (!/[\\/]|\.[cm]?[jt]sx?$/.test(text)) {
    throw new CliUsageError(`--model must be one of ${MODEL_CHOICES.join(', ')} or a path to a .ts/.js module exporting a Model, got ${show(text)}`);
  }
  const { loadModelModule } = await import('../properties/model-module');
  try {
    return loadModelModule(text);
  } catch (err) {
    if (err instanceof ActorsimError && err.code === 'MODEL_MODULE') throw new CliUsageError(`--model ${show(text)}: ${err.message}`);
    throw err;
  }
}

function timeoutFlag(text: string): number {
  const seconds = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(seconds > 0) || !Number.isFinite(seconds)) throw new CliUsageError(`--timeout must be a positive number of seconds, got ${show(text)}`);
  return seconds;
}

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
  const maxStepsText = args.string('max-steps');
  const maxSteps = maxStepsText === undefined ? DEFAULT_CLI_MAX_STEPS : parseIntegerFlag('max-steps', maxStepsText, { min: 1, max: MAX_STEPS_LIMIT });
  const timeoutText = args.string('timeout');
  const timeoutSeconds = timeoutText === undefined ? undefined : timeoutFlag(timeoutText);
  const json = args.flag('json');
  const text = readHistoryFile(file);
  const modelText = args.string('model');
  const model = modelText === undefined ? undefined : await modelFlag(modelText);
  // Loaded on use: `run` and `--help` need not compile the checker.
  const { checkHistoryText } = await import('../properties/check-history-file');

  const progress = progressLine(io, !json);
  progress.update(`checking ${file} ...`);
  const startedNs = process.hrtime.bigint(); // determinism-ok: wall time of the check, for display and --timeout only
  const deadlineNs = timeoutSeconds === undefined ? undefined : startedNs + BigInt(Math.ceil(timeoutSeconds * 1e9));
  let timedOut = false;
  const interrupt =
    deadlineNs === undefined
      ? undefined
      : (): boolean => {
          timedOut = timedOut || process.hrtime.bigint() > deadlineNs; // determinism-ok: --timeout is a wall-time limit by definition
          return timedOut;
        };
  let checked: ReturnType<typeof checkHistoryText>;
  try {
    checked = checkHistoryText(text, { maxSteps, ...(model === undefined ? {} : { model }), ...(interrupt === undefined ? {} : { interrupt }) });
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
      observed: result.observed,
      ignored: result.ignored,
      steps: result.steps,
      maxSteps,
      decided: result.decided,
      wallMs: Math.round(wallMs * 1000) / 1000,
    };
    if (result.undecided) out.undecided = result.undecided;
    if (result.violation) {
      const v = result.violation;
      out.violation = { partition: v.partition, summary: v.summary, culpritId: v.culpritId, minimal: v.minimal, operations: v.operations, timeline: v.timeline };
    }
    io.out(JSON.stringify(out) + '\n');
    return exit;
  }

  const observed = result.observed > 0 ? ` (${result.observed} kept as observations)` : '';
  const counts = `${plural(result.operations, 'operation')} (${result.checked} checked, ${result.failed} failed${observed}, ${result.ignored} ignored) in ${plural(result.partitions, 'partition')}`;
  const where = `${checked.model} model, ${format} format`;
  const took = `checked in ${wallMs.toFixed(1)} ms`;
  if (result.verdict === 'ok') {
    io.out(`${file}: ${paint(io, 'green', 'linearizable')} (${where}): ${counts}; ${took}\n`);
  } else if (result.verdict === 'violation') {
    io.out(`${file}: ${paint(io, 'red', 'NOT linearizable')} (${where}): ${counts}; ${took}\n`);
    const v = result.violation;
    if (v) io.out(`${v.summary}\npartition ${show(v.partition)}, ${plural(v.operations.length, 'operation')}${v.minimal ? ' (minimal)' : ''}:\n${v.timeline.replace(/\n?$/, '\n')}`);
  } else {
    const u = result.undecided;
    const why =
      u?.stoppedBy === 'interrupt' ? `the --timeout of ${timeoutSeconds} s passed after ${result.steps} steps` : `the search ran out of steps after ${result.steps} (--max-steps ${maxSteps})`;
    const explored =
      u === undefined
        ? ''
        : `; explored: ${result.decided} of ${plural(result.partitions, 'partition')} decided, partition ${show(u.partition)} undecided with at most ${u.linearized} of its ${u.completed} completed operations linearized`;
    io.out(`${file}: ${paint(io, 'yellow', 'unknown')} (${where}): ${why}${explored}; ${counts}; ${took}\n`);
  }
  return exit;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const checkHistoryVerb: Verb = {
  name: 'check-history',
  usage: 'FILE [--model store|register|kv|./MODULE.ts] [--max-steps N] [--timeout SECONDS] [--json]',
  summary: `check that a recorded history is linearizable; exit ${EXIT_OK} linearizable, ${EXIT_VIOLATION} violation, ${EXIT_USAGE} bad input, ${EXIT_UNKNOWN} unknown`,
  flags: CHECK_HISTORY_FLAGS,
  run,
};
