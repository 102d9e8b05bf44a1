import { reproOf, scenarioReproPath, swarmScenario, writeScenarioRepro } from '../harness';
import { EXIT_OK, EXIT_VIOLATION } from './exit-codes';
import { paint, progressLine, type CliIo } from './io';
import { checkOutputDir } from './output-paths';
import { COMMON, moduleFromArgv, parseWith, readBug, readOverrides, readStrategy, runLine, shownModule } from './scenario-module';
import type { SoakFailure, SoakSummary } from './soak';

// `actorsim soak --scenario MODULE --histories N`: the long-running mode for
// any scenario module. The same summary as the store's soak: throughput, and
// for every failing seed its repro file and the `run` line that reruns it.

const MAX_HISTORIES = 10_000_000;

/** Wall-clock milliseconds, for the throughput figure only. */
const wallMs = (): number => performance.now(); // determinism-ok: soak throughput display, never an input to a run

export async function soakModuleVerb(argv: readonly string[], io: CliIo): Promise<number> {
  const { scenario, module } = moduleFromArgv(argv);
  const args = parseWith('soak', argv, [
    ...COMMON,
    { name: 'histories', type: 'string', value: 'N', range: `1..${MAX_HISTORIES}`, default: '1000', description: 'histories to run, one per seed' },
    { name: 'from', type: 'string', value: 'S', default: '1', description: 'first seed; the others follow it' },
  ], scenario);
  const histories = args.integer('histories', { min: 1, max: MAX_HISTORIES, default: 1000 });
  const from = args.integer('from', { min: 0, max: Number.MAX_SAFE_INTEGER - MAX_HISTORIES, default: 1 });
  const bug = readBug(scenario, args);
  const overrides = readOverrides(scenario, args);
  const strategy = readStrategy(args);
  const failuresDir = checkOutputDir('--failures', args.string('failures') ?? 'failures');
  const json = args.flag('json');
  const progress = progressLine(io, !json);
  const failures: SoakFailure[] = [];
  let withFaults = 0;
  const started = wallMs();
  await swarmScenario(scenario, {
    seeds: histories,
    from,
    bug,
    overrides,
    ...(strategy ? { strategy } : {}),
    onSeed: (r, done) => {
      if (Object.values(r.faults.injected).some((n) => n > 0)) withFaults += 1;
      if (!r.ok) {
        const file = scenarioReproPath(failuresDir, r);
        writeScenarioRepro(file, reproOf(r, module));
        failures.push({ seed: Number(r.seed), repro: `npx actorsim replay ${file}`, run: runLine(module, r.seed, bug, overrides, scenario), violations: r.violations.map((v) => ({ kind: v.kind, message: v.message })) });
      }
      const rate = done / Math.max(1e-3, (wallMs() - started) / 1000);
      progress.update(`soak ${scenario.name}: ${done}/${histories} histories, ${failures.length} failed, ${rate.toFixed(0)} histories/s`);
    },
  });
  progress.done();
  const elapsed = wallMs() - started;
  const summary: SoakSummary & { scenario: string; module: string } = {
    scenario: scenario.name,
    module: shownModule(module),
    histories,
    from,
    to: from + histories - 1,
    bug,
    failed: failures.length,
    withFaults,
    wallMs: Math.round(elapsed),
    historiesPerSec: Math.round((histories / Math.max(1e-3, elapsed / 1000)) * 10) / 10,
    workers: 1,
    failures,
  };
  if (json) io.out(JSON.stringify(summary) + '\n');
  else {
    for (const f of failures) {
      io.out(paint(io, 'red', `seed ${f.seed} FAILED`) + `: ${f.violations.length} violation${f.violations.length === 1 ? '' : 's'}, first [${f.violations[0]?.kind}] ${(f.violations[0]?.message ?? '').split('\n')[0]}\n`);
      io.out(`  repro: ${f.repro}\n  or:    ${f.run}\n`);
    }
    const verdict = failures.length === 0 ? paint(io, 'green', '0 failed') : paint(io, 'red', `${failures.length} failed`);
    io.out(`soak ${scenario.name}: ${histories} histories (seeds ${from}..${summary.to}${bug ? `, bug ${bug}` : ''}), ${verdict}, ${withFaults} with faults, ${(elapsed / 1000).toFixed(1)} s wall, ${summary.historiesPerSec} histories/s in this process\n`);
  }
  return failures.length === 0 ? EXIT_OK : EXIT_VIOLATION;
}
