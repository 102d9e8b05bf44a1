import { show } from '../../core/errors';
import type { CheckViolation } from '../../properties/violation';
import type { StrategyName } from '../../sim';
import type { BugVariant } from '../bugs';
import { CliUsageError, parseFlags, type FlagSpec } from './args';
import { EXIT_OK, EXIT_USAGE, EXIT_VIOLATION } from './exit-codes';
import { paint, progressLine, type CliIo } from './io';
import type { Verb } from './verb';

// `actorsim soak --histories N`: many swarm histories over consecutive seeds,
// the VOPR's long-running mode. Prints throughput and, for every failing seed,
// the one line that reproduces it. Wall time is measured here only, for the
// throughput figure; it never feeds a run.

const MAX_HISTORIES = 10_000_000;
const MAX_SEED = Number.MAX_SAFE_INTEGER - MAX_HISTORIES;

const SOAK_FLAGS: readonly FlagSpec[] = [
  { name: 'histories', type: 'string', value: 'N', range: `1..${MAX_HISTORIES}`, default: '1000', description: 'swarm histories to run, one per seed' },
  { name: 'from', type: 'string', value: 'S', range: `0..${MAX_SEED}`, default: '1', description: 'first seed; the others follow it' },
  { name: 'bug', type: 'string', value: 'NAME', description: 'soak a deliberately broken store variant (see `actorsim bugs`)' },
  { name: 'json', type: 'boolean', description: 'print exactly one JSON object (the summary) and nothing else on stdout' },
];

export interface SoakFailure {
  seed: number;
  repro: string;
  violations: Array<Pick<CheckViolation, 'kind' | 'message'>>;
}

export interface SoakSummary {
  histories: number;
  from: number;
  to: number;
  bug: string | null;
  failed: number;
  /** Histories in which at least one fault was injected. */
  withFaults: number;
  wallMs: number;
  historiesPerSec: number;
  failures: SoakFailure[];
}

/**
 * The command that reruns one soak history. `run` passes its own --strategy
 * (default random) as an override, so a seed whose swarm draw chose pct needs
 * it spelled out to replay the same schedule.
 */
export function soakRepro(seed: number, strategy: StrategyName, bug: string | null): string {
  return `npx actorsim run swarm --seed ${seed}${strategy === 'random' ? '' : ` --strategy ${strategy}`}${bug ? ` --bug ${bug}` : ''}`;
}

/** Wall-clock milliseconds, for the throughput figure only. */
const wallMs = (): number => performance.now(); // determinism-ok: soak throughput display, never an input to a run

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseFlags('soak', argv, SOAK_FLAGS, { min: 0, max: 0, names: 'no positional arguments' });
  const histories = args.integer('histories', { min: 1, max: MAX_HISTORIES, default: 1000 });
  const from = args.integer('from', { min: 0, max: MAX_SEED, default: 1 });
  const json = args.flag('json');
  const bugName = args.string('bug');
  const [{ BUGS }, { runSwarm }, { drawSwarmOptions }] = await Promise.all([import('../bugs'), import('../swarm'), import('../swarm-options')]);
  let bug: BugVariant | null = null;
  if (bugName !== undefined) {
    bug = BUGS.find((b) => b.name === bugName) ?? null;
    if (!bug) throw new CliUsageError(`--bug: unknown bug variant ${show(bugName)} (known: ${BUGS.map((b) => b.name).join(', ')})`);
  }
  const label = bug ? bug.name : null;

  const progress = progressLine(io, !json);
  const failures: SoakFailure[] = [];
  let withFaults = 0;
  const started = wallMs();
  let shownAt = started;
  for (let i = 0; i < histories; i++) {
    const seed = from + i;
    const repro = soakRepro(seed, drawSwarmOptions(seed).strategy, label);
    try {
      const r = await runSwarm({ seed, ...(bug ? { bug: bug.name, ...bug.classes } : {}) });
      if (Object.values(r.faults).some((n) => n > 0)) withFaults += 1;
      if (!r.ok) failures.push({ seed, repro, violations: r.violations.map((v) => ({ kind: v.kind, message: v.message })) });
    } catch (err) {
      failures.push({ seed, repro, violations: [{ kind: 'crash', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }] });
    }
    const now = wallMs();
    if (now - shownAt >= 100 || i + 1 === histories) {
      shownAt = now;
      const rate = (i + 1) / Math.max(1e-3, (now - started) / 1000);
      progress.update(`soak: ${i + 1}/${histories} histories, ${failures.length} failed, ${rate.toFixed(0)} histories/s, seed ${seed}`);
    }
  }
  progress.done();
  const elapsed = wallMs() - started;
  const summary: SoakSummary = {
    histories,
    from,
    to: from + histories - 1,
    bug: label,
    failed: failures.length,
    withFaults,
    wallMs: Math.round(elapsed),
    historiesPerSec: Math.round((histories / Math.max(1e-3, elapsed / 1000)) * 10) / 10,
    failures,
  };

  if (json) {
    io.out(JSON.stringify(summary) + '\n');
  } else {
    for (const f of failures) {
      io.out(paint(io, 'red', `seed ${f.seed} FAILED`) + `: ${f.violations.length} violation${f.violations.length === 1 ? '' : 's'}, first [${f.violations[0]?.kind}] ${(f.violations[0]?.message ?? '').split('\n')[0]}\n`);
      io.out(`  repro: ${f.repro}\n`);
    }
    const verdict = failures.length === 0 ? paint(io, 'green', '0 failed') : paint(io, 'red', `${failures.length} failed`);
    io.out(
      `soak: ${histories} histories (seeds ${summary.from}..${summary.to}${label ? `, bug ${label}` : ''}), ${verdict}, ${withFaults} with faults, ` +
        `${(elapsed / 1000).toFixed(1)} s wall, ${summary.historiesPerSec} histories/s\n`,
    );
  }
  return failures.length === 0 ? EXIT_OK : EXIT_VIOLATION;
}

export const soakVerb: Verb = {
  name: 'soak',
  usage: '[--histories N] [--from S] [--bug NAME] [--json]',
  summary: `run N swarm histories over consecutive seeds and list every failing seed with its repro line; exit ${EXIT_OK} none failed, ${EXIT_VIOLATION} any failed, ${EXIT_USAGE} bad input`,
  flags: SOAK_FLAGS,
  run,
};
