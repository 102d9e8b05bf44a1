import { reproFromResult, reproPath, writeRepro } from '../scenarios/repro-file';
import { checkOutputDir } from './output-paths';
import type { SwarmRunResult } from '../scenarios/swarm';
import { parseArgs } from 'node:util';
import { show } from '../core/errors';
import { STRATEGIES, type Seed, type StrategyName } from '../sim';
import type { RunResult, Scenario, ScenarioRunOptions } from '../scenarios/result';
import { flagKey, type FlagValue, type ScenarioFlag } from '../scenarios/scenario-flag';
import { runReportInput } from '../scenarios/report-input';
import { CliUsageError, isBadInput, parseFlags, type FlagSpec, type ParsedArgs } from './args';
import { EXIT_OK, EXIT_UNKNOWN, EXIT_USAGE, EXIT_VIOLATION } from './exit-codes';
import { flagLines } from './help';
import { checkHtmlPath, writeHtmlFile } from './html-report-file';
import { paint, progressLine, type CliIo } from './io';
import type { Verb } from './verb';
import { hasScenarioFlag, SCENARIO_FLAG, runModuleVerb } from './scenario-module';

// `actorsim run <scenario> --seed S`: one seeded run of a named scenario. The
// scenario's own flags (pi's --tasks, ...) come from its declaration, so the
// parser needs the scenario's name before it can be strict about the rest.

const STRATEGY_CHOICES: readonly StrategyName[] = STRATEGIES;
const DEFAULT_SEED = 1;

const RUN_FLAGS: readonly FlagSpec[] = [
  { name: 'seed', type: 'string', value: 'S', default: String(DEFAULT_SEED), description: 'root seed: an integer, or any other non-empty string' },
  { name: 'strategy', type: 'string', value: STRATEGY_CHOICES.join('|'), description: 'scheduling strategy of the simulator (default: random; swarm draws it per seed)' },
  { name: 'json', type: 'boolean', description: 'print exactly one JSON object (the run result) and nothing else on stdout' },
  { name: 'check-determinism', type: 'boolean', description: 'run the seed twice; exit 3 if the trace hashes differ' },
  { name: 'report', type: 'boolean', description: 'after the output, print a report: charts over virtual time, latency per operation, faults (not with --json)' },
  { name: 'html', type: 'string', value: 'FILE', description: 'write a self-contained HTML report of the run to FILE' },
  { name: 'full', type: 'boolean', description: 'with --json: include the client history and the report data' },
  { name: 'failures', type: 'string', value: 'DIR', default: 'failures', description: 'folder for the repro file of a failing chaos run' },
];

type Scenarios = typeof import('../scenarios/index');

// Loaded on first use: the store's scenarios are heavy, and other verbs never need them.
function loadScenarios(): Promise<Scenarios> {
  return import('../scenarios/index');
}

function loadReports(): Promise<typeof import('../reports')> {
  return import('../reports');
}

export function scenarioFlagSpecs(scenario: Scenario): FlagSpec[] {
  return (scenario.flags ?? []).map((f): FlagSpec => {
    switch (f.kind) {
      case 'boolean':
        return { name: f.name, type: 'boolean', description: f.description };
      case 'integer':
        return { name: f.name, type: 'string', value: 'N', range: `${f.min}..${f.max}`, default: String(f.default), description: f.description };
      case 'string':
        return { name: f.name, type: 'string', value: f.choices ? f.choices.join('|') : 'TEXT', default: f.default, description: f.description };
    }
  });
}

/** The first positional, found by a lenient pass that knows every scenario's flags (so their values are not mistaken for it). */
function scenarioArgument(argv: readonly string[], scenarios: Scenarios): string | undefined {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  const all = [...RUN_FLAGS];
  for (const name of scenarios.scenarioNames()) all.push(...scenarioFlagSpecs(scenarios.getScenario(name)));
  for (const f of all) if (options[f.name]?.type !== 'string') options[f.name] = { type: f.type };
  return parseArgs({ args: [...argv], options, strict: false, allowPositionals: true }).positionals[0];
}

function readScenarioFlag(args: ParsedArgs, f: ScenarioFlag): FlagValue {
  switch (f.kind) {
    case 'boolean':
      return args.flag(f.name);
    case 'integer':
      return args.integer(f.name, f);
    case 'string':
      return f.choices ? args.choice(f.name, f.choices, f.default) : (args.string(f.name) ?? f.default);
  }
}

function shellWord(text: string): string {
  return /^[\w.,:/@%+=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The copy-pasteable command that repeats this run: only non-default options are spelled out. */
export function reproLine(scenario: Scenario, seed: Seed, strategy: StrategyName | undefined, options: Record<string, FlagValue>): string {
  const words = ['npx', 'actorsim', 'run', scenario.name, '--seed', shellWord(String(seed))];
  if (strategy !== undefined) words.push('--strategy', strategy);
  for (const f of scenario.flags ?? []) {
    const value = options[flagKey(f.name)];
    if (value === undefined || value === f.default) continue;
    if (f.kind === 'boolean') words.push(`--${f.name}`);
    else words.push(`--${f.name}`, shellWord(String(value)));
  }
  return words.join(' ');
}

/** The result as reports see it: with the repro line, which only the CLI knows. */
function withRepro(result: RunResult, repro: string): RunResult {
  return result.report && result.report.repro === undefined ? { ...result, report: { ...result.report, repro } } : result;
}

function summaryLine(io: CliIo, r: RunResult): string {
  const verdict = r.ok ? paint(io, 'green', 'ok') : paint(io, 'red', 'FAILED');
  return `seed ${r.seed} ${verdict} trace ${r.traceHash} events ${r.events} virtual ${r.virtualTimeMs}ms`;
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  if (hasScenarioFlag(argv)) return runModuleVerb(argv, io);
  const scenarios = await loadScenarios();
  const name = scenarioArgument(argv, scenarios);
  if (name === undefined) throw new CliUsageError(`missing <scenario> (known: ${scenarios.scenarioNames().join(', ')})`);
  const scenario = scenarios.getScenario(name);
  const own = scenarioFlagSpecs(scenario);
  const clash = own.find((f) => RUN_FLAGS.some((r) => r.name === f.name));
  if (clash) throw new Error(`run: scenario ${show(name)} declares --${clash.name}, which run itself uses`);
  const args = parseFlags('run', argv, [...RUN_FLAGS, ...own], { min: 1, max: 1, names: '<scenario>' });

  const seed = args.seed('seed', DEFAULT_SEED);
  // Only an explicit --strategy overrides: a swarm seed draws its own.
  const strategy = args.has('strategy') ? args.choice('strategy', STRATEGY_CHOICES, 'random') : undefined;
  const json = args.flag('json');
  const report = args.flag('report');
  const full = args.flag('full');
  const htmlPath = args.string('html');
  if (report && json) throw new CliUsageError('--report prints text and cannot be combined with --json (use --json --full for the data)');
  if (full && !json) throw new CliUsageError('--full only applies to --json output');
  if (htmlPath !== undefined) checkHtmlPath(htmlPath);
  const failuresDir = checkOutputDir('--failures', args.string('failures') ?? 'failures');
  const scenarioOptions: Record<string, FlagValue> = {};
  for (const f of scenario.flags ?? []) scenarioOptions[flagKey(f.name)] = readScenarioFlag(args, f);
  let repro = reproLine(scenario, seed, strategy, scenarioOptions);
  // Reports draw the messages around a violation from the kept trace.
  const base: ScenarioRunOptions = { seed, ...(strategy ? { strategy } : {}), ...scenarioOptions, ...(htmlPath !== undefined || full ? { keepTrace: true } : {}) };

  const progress = progressLine(io, !json);
  let result: RunResult;
  try {
    result = await scenario.run({ ...base, onProgress: (line) => progress.update(line) });
  } catch (err) {
    progress.done();
    // A crash of the scenario itself still says how to reproduce it.
    if (!isBadInput(err)) io.err(`actorsim run: ${name} threw; reproduce with:\n  ${repro}\n`);
    throw err;
  }
  progress.done();
  // A failing chaos run becomes a repro file: explicit workload and faults, replayable and shrinkable.
  if (!result.ok && 'workload' in result && 'schedule' in result) {
    const swarmResult = result as SwarmRunResult;
    const bug = typeof result.options.bug === 'string' ? result.options.bug : null;
    const file = reproPath(failuresDir, { scenario: 'swarm', seed: result.seed, bug });
    writeRepro(file, reproFromResult(swarmResult, bug));
    repro = `npx actorsim replay ${file}`;
  }

  let second: RunResult | null = null;
  if (args.flag('check-determinism')) second = await scenario.run(base);
  const diverged = second !== null && (second.traceHash !== result.traceHash || second.events !== result.events);
  const reported = withRepro(result, repro);

  if (json) {
    const out: Record<string, unknown> = {
      seed: result.seed,
      scenario: result.scenario,
      ok: result.ok,
      traceHash: result.traceHash,
      events: result.events,
      virtualTimeMs: result.virtualTimeMs,
      violations: result.violations,
      status: result.status ?? null,
      figures: result.figures ?? {},
      options: result.options,
      output: result.output,
      repro,
    };
    if (second !== null) out.determinism = { diverged, traceHashes: [result.traceHash, second.traceHash], events: [result.events, second.events] };
    if (full) {
      out.history = reported.history ?? null;
      out.report = reported.report ?? null;
    }
    io.out(JSON.stringify(out) + '\n');
  } else {
    if (!result.ok || diverged) io.out(`repro: ${repro}\n`);
    for (const line of result.output) io.out(line + '\n');
    for (const v of result.violations) io.out(paint(io, 'red', `violation [${v.kind}] at ${v.timeMs}ms: ${v.message}`) + '\n');
    io.out(summaryLine(io, result) + '\n');
    if (second !== null) {
      io.out(
        diverged
          ? paint(io, 'red', `DIVERGED: second run gave trace ${second.traceHash} events ${second.events}`) + '\n'
          : `deterministic: second run gave the same trace ${second.traceHash}\n`,
      );
    }
    if (report) io.out('\n' + (await loadReports()).renderTerminalReport({ ...runReportInput(reported), repro }, { color: io.color }));
  }
  if (htmlPath !== undefined) {
    writeHtmlFile(htmlPath, (await loadReports()).renderHtmlReport({ ...runReportInput(reported), repro }));
    io.err(`report: ${htmlPath}\n`);
  }
  if (diverged) return EXIT_UNKNOWN;
  return result.ok ? EXIT_OK : EXIT_VIOLATION;
}

async function moreHelp(): Promise<string[]> {
  const scenarios = await loadScenarios();
  const lines = ['scenarios:'];
  for (const name of scenarios.scenarioNames()) {
    const s = scenarios.getScenario(name);
    lines.push(`  ${s.name}: ${s.summary}`, ...flagLines(scenarioFlagSpecs(s), '    '));
  }
  return lines;
}

export const runVerb: Verb = {
  name: 'run',
  usage: `<scenario> [--seed S] [--strategy ${STRATEGIES.join('|')}] [--json [--full]] [--report] [--html FILE] [scenario flags]`,
  summary: `run one scenario with one seed and print its output and a summary line; exit ${EXIT_OK} ok, ${EXIT_VIOLATION} violation, ${EXIT_USAGE} bad input, ${EXIT_UNKNOWN} diverged`,
  flags: [...RUN_FLAGS, SCENARIO_FLAG],
  moreHelp,
  run,
};
