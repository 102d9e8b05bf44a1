import { show } from '../core/errors';
import type { CheckViolation } from '../properties/violation';
import type { BugVariant } from '../scenarios/bugs';
import { CliUsageError, parseFlags, type FlagSpec } from './args';
import { checkOutputDir } from './output-paths';
import { EXIT_OK, EXIT_USAGE, EXIT_VIOLATION } from './exit-codes';
import { paint, progressLine, type CliIo } from './io';
import type { Verb } from './verb';
import { hasScenarioFlag, SCENARIO_FLAG } from './scenario-module';
import { soakModuleVerb } from './scenario-soak';

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
  { name: 'workers', type: 'string', value: 'K', range: '1..64', default: 'cores', description: 'worker threads; results are identical for any K' },
  { name: 'failures', type: 'string', value: 'DIR', default: 'failures', description: 'folder for the repro file of each failing seed' },
  { name: 'json', type: 'boolean', description: 'print exactly one JSON object (the summary) and nothing else on stdout' },
];

export interface SoakFailure {
  seed: number;
  /** `npx actorsim replay <repro file>`, and the equivalent `run swarm` line. */
  repro: string;
  run: string;
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
  workers: number;
  failures: SoakFailure[];
}

/** The `run swarm` line that reruns one soak history (the seed draws its own strategy, as in the soak). */
export function soakRepro(seed: number, bug: string | null): string {
  return `npx actorsim run swarm --seed ${seed}${bug ? ` --bug ${bug}` : ''}`;
}

/** Wall-clock milliseconds, for the throughput figure only. */
const wallMs = (): number => performance.now(); // determinism-ok: soak throughput display, never an input to a run

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  if (hasScenarioFlag(argv)) return soakModuleVerb(argv, io);
  const args = parseFlags('soak', argv, SOAK_FLAGS, { min: 0, max: 0, names: 'no positional arguments' });
  const histories = args.integer('histories', { min: 1, max: MAX_HISTORIES, default: 1000 });
  const from = args.integer('from', { min: 0, max: MAX_SEED, default: 1 });
  const json = args.flag('json');
  const bugName = args.string('bug');
  const failuresDir = checkOutputDir('--failures', args.string('failures') ?? 'failures');
  const [{ BUGS }, { runPool, defaultWorkers }, { writeFailure }] = await Promise.all([import('../scenarios/bugs'), import('../scenarios/swarm-pool'), import('./swarm')]);
  const workers = args.has('workers') ? args.integer('workers', { min: 1, max: 64, default: 1 }) : defaultWorkers();
  let bug: BugVariant | null = null;
  if (bugName !== undefined) {
    bug = BUGS.find((b) => b.name === bugName) ?? null;
    if (!bug) throw new CliUsageError(`--bug: unknown bug variant ${show(bugName)} (known: ${BUGS.map((b) => b.name).join(', ')})`);
  }
  const label = bug ? bug.name : null;

  const progress = progressLine(io, !json);
  const seeds = Array.from({ length: histories }, (_, i) => from + i);
  let failedSoFar = 0;
  const started = wallMs();
  let shownAt = started;
  const results = await runPool({
    seeds,
    overrides: {},
    bug: label,
    workers,
    onSeed: (r, done) => {
      if (!r.ok) failedSoFar += 1;
      const now = wallMs();
      if (now - shownAt >= 100 || done === histories) {
        shownAt = now;
        const rate = done / Math.max(1e-3, (now - started) / 1000);
        progress.update(`soak: ${done}/${histories} histories, ${failedSoFar} failed, ${rate.toFixed(0)} histories/s`);
      }
    },
  });
  progress.done();
  const elapsed = wallMs() - started;
  const failures: SoakFailure[] = [];
  for (const r of results) {
    if (r.ok) continue;
    const file = await writeFailure(failuresDir, r.seed, { overrides: {}, bug: label });
    failures.push({ seed: r.seed, repro: `npx actorsim replay ${file}`, run: soakRepro(r.seed, label), violations: r.violations.map((v) => ({ kind: v.kind, message: v.message })) });
  }
  const summary: SoakSummary = {
    histories,
    from,
    to: from + histories - 1,
    bug: label,
    failed: failures.length,
    withFaults: results.filter((r) => Object.values(r.faults).some((n) => n > 0)).length,
    wallMs: Math.round(elapsed),
    historiesPerSec: Math.round((histories / Math.max(1e-3, elapsed / 1000)) * 10) / 10,
    workers: Math.min(workers, histories),
    failures,
  };

  if (json) {
    io.out(JSON.stringify(summary) + '\n');
  } else {
    for (const f of failures) io.out(`repro: ${f.repro}\n`);
    for (const f of failures) {
      io.out(paint(io, 'red', `seed ${f.seed} FAILED`) + `: ${f.violations.length} violation${f.violations.length === 1 ? '' : 's'}, first [${f.violations[0]?.kind}] ${(f.violations[0]?.message ?? '').split('\n')[0]}\n`);
      io.out(`  repro: ${f.repro}\n  or:    ${f.run}\n`);
    }
    const verdict = failures.length === 0 ? paint(io, 'green', '0 failed') : paint(io, 'red', `${failures.length} failed`);
    io.out(
      `soak: ${histories} histories (seeds ${summary.from}..${summary.to}${label ? `, bug ${label}` : ''}), ${verdict}, ${summary.withFaults} with faults, ` +
        `${(elapsed / 1000).toFixed(1)} s wall, ${summary.historiesPerSec} histories/s on ${summary.workers} workers\n`,
    );
  }
  return failures.length === 0 ? EXIT_OK : EXIT_VIOLATION;
}

export const soakVerb: Verb = {
  name: 'soak',
  usage: '[--histories N] [--from S] [--bug NAME] [--workers K] [--failures DIR] [--json] [--scenario MODULE [its option flags]]',
  summary: `run N swarm histories over consecutive seeds and list every failing seed with its repro line; exit ${EXIT_OK} none failed, ${EXIT_VIOLATION} any failed, ${EXIT_USAGE} bad input`,
  flags: [...SOAK_FLAGS, SCENARIO_FLAG],
  run,
};
