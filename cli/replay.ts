import { describeDifferingEvent } from '../harness/event-digests';
import { renderTraceTimeline, type TimelineMark } from '../reports/trace-timeline';
import { locateCause } from '../scenarios/violation-cause';
import { getBug } from '../scenarios/bugs';
import { readRepro, ReproFile, reproFromResult } from '../scenarios/repro-file';
import { replay } from '../scenarios/replay';
import { runSwarm } from '../scenarios/swarm';
import { CliUsageError, parseFlags, parseSeedFlag, type FlagSpec } from './args';
import { EXIT_OK, EXIT_UNKNOWN, EXIT_VIOLATION } from './exit-codes';
import { paint, type CliIo } from './io';
import { readSwarmSelection, SWARM_OVERRIDE_FLAGS } from './swarm-flags';
import type { Verb } from './verb';
import { hasScenarioFlag, isScenarioReproFile, SCENARIO_FLAG, replayModuleVerb } from './scenario-module';

// `actorsim replay FILE | --seed S`: reruns a failing run event for event and
// says whether it reproduced (exit 1), now passes (exit 0) or diverged (exit 3).

const FLAGS: readonly FlagSpec[] = [
  { name: 'seed', type: 'string', value: 'S', description: 'replay a swarm seed instead of a file (with the swarm flags below)' },
  { name: 'trace', type: 'boolean', description: 'print the event timeline, the violation marked' },
  { name: 'around', type: 'string', value: 'N', description: 'with --trace: keep N events either side of the violation' },
  { name: 'json', type: 'boolean', description: 'print exactly one JSON object' },
  ...SWARM_OVERRIDE_FLAGS,
];

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  // A scenario repro names its module: no flag needed.
  if (hasScenarioFlag(argv) || argv.some((a) => !a.startsWith('-') && isScenarioReproFile(a))) return replayModuleVerb(argv, io);
  const args = parseFlags('replay', argv, FLAGS, { min: 0, max: 1, names: 'FILE' });
  const file = args.positionals[0];
  const seedText = args.string('seed');
  if ((file === undefined) === (seedText === undefined)) throw new CliUsageError('give a repro FILE or --seed S, not both or neither');
  const around = args.has('around') ? args.integer('around', { min: 0, max: 1_000_000, default: 20 }) : undefined;
  const keepTrace = args.flag('trace');
  let repro: ReproFile;
  if (file !== undefined) {
    repro = readRepro(file);
  } else {
    // A seed: draw it as `run swarm` would, then replay that explicit run.
    const sel = readSwarmSelection(args);
    const seed = parseSeedFlag('seed', seedText!);
    const bug = sel.bug ? getBug(sel.bug) : null;
    const first = await runSwarm({ seed, overrides: sel.overrides, ...(bug ? { bug: bug.name, ...bug.classes } : {}) });
    repro = reproFromResult(first, sel.bug);
  }
  const out = await replay(repro, keepTrace);
  const r = out.result;
  const code = out.status === 'reproduced' ? EXIT_VIOLATION : out.status === 'passes' ? EXIT_OK : EXIT_UNKNOWN;
  if (args.flag('json')) {
    io.out(
      JSON.stringify({
        status: out.status,
        seed: repro.seed,
        bug: repro.bug,
        expectedTraceHash: out.expectedTraceHash,
        traceHash: out.traceHash,
        sameTrace: out.expectedTraceHash === out.traceHash,
        firstDivergence: out.firstDivergence,
        firstDifferingEvent: out.firstDifferingEvent,
        expectedViolations: repro.violations,
        violations: r.violations,
        events: r.events,
        ...(keepTrace ? { trace: r.trace ?? [] } : {}),
      }) + '\n',
    );
    return code;
  }
  for (const line of r.output) io.out(line + '\n');
  io.out(`operations ${repro.workload.length}, faults ${repro.schedule.length}\n`);
  if (keepTrace) {
    const events = r.trace ?? [];
    // Every violation is marked where it was detected, and its likely cause where that is earlier.
    const marks: TimelineMark[] = [];
    r.violations.forEach((v, n) => {
      marks.push({ atMs: v.timeMs, text: `VIOLATION ${n + 1}/${r.violations.length} at ${v.timeMs}ms: [${v.kind}] ${v.message.split('\n')[0]}` });
      const cause = locateCause(v, events);
      if (cause && cause.timeMs < v.timeMs) {
        const e = events[cause.index]!;
        marks.push({ atMs: e.timeMs, beforeIndex: cause.index, text: `likely cause of violation ${n + 1} (#${e.i} at ${e.timeMs}ms): ${cause.why}` });
      }
    });
    const lines = renderTraceTimeline(events, { ...(around !== undefined ? { around } : {}), marks });
    for (const l of lines) io.out(l + '\n');
  }
  for (const v of r.violations) io.out(paint(io, 'red', `violation [${v.kind}] at ${v.timeMs}ms: ${v.message}`) + '\n');
  if (out.status === 'reproduced') io.out(`reproduced: same trace ${out.traceHash} and ${r.violations.length} violations (${[...new Set(r.violations.map((x) => x.kind))].join(', ')})\n`);
  else if (out.status === 'passes') io.out(paint(io, 'green', `passes now: no violation (trace ${out.traceHash}, recorded ${out.expectedTraceHash})`) + '\n');
  else {
    const d = out.firstDivergence;
    io.out(paint(io, 'yellow', `DIVERGED: trace ${out.traceHash}, the file recorded ${out.expectedTraceHash}; first difference within events ${d ? `${d[0]}..${d[1]}` : '?'}`) + '\n');
    if (out.firstDifferingEvent) io.out(describeDifferingEvent(out.firstDifferingEvent) + '\n');
  }
  return code;
}

export const replayVerb: Verb = {
  name: 'replay',
  usage: 'FILE | --seed S [--trace [--around N]] [--json] [swarm flags]',
  summary: 'rerun a failing run: exit 1 reproduced (same trace and violation), 0 passes now, 3 diverged, 2 bad input',
  flags: [...FLAGS, SCENARIO_FLAG],
  run,
};
