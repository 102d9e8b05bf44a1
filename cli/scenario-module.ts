import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { show } from '../core/errors';
import {
  huntScenarioStrategies,
  isScenarioReproText,
  loadScenario,
  optionKey,
  parseFlagText,
  readScenarioRepro,
  reproOf,
  replayRepro,
  runScenario,
  scenarioReportInput,
  scenarioReproPath,
  shrinkScenarioRepro,
  swarmScenarioPool,
  writeScenarioRepro,
  type Scenario,
  type ScenarioResult,
} from '../harness';
import { STRATEGIES, type StrategyName } from '../sim';
import { sweepLines, type StrategySweep } from '../harness/strategy-sweep';
import { CliUsageError, HELP_FLAG, HelpRequested, parseFlags, wantsHelp, type FlagSpec, type ParsedArgs } from './args';
import { flagLines } from './help';
import { EXIT_OK, EXIT_UNKNOWN, EXIT_USAGE, EXIT_VIOLATION } from './exit-codes';
import { paint, progressLine, type CliIo } from './io';
import { renderHtmlReport, renderTerminalReport } from '../reports';
import { checkOutputDir, checkOutputFile } from './output-paths';
import { writeScenarioShard, type ScenarioSweepSummary } from './scenario-sweeps';
import { parseShard, shardSlice } from './shard';
import { describeDifferingEvent } from '../harness/event-digests';
import { checkHtmlPath, writeHtmlFile } from './html-report-file';

// The verbs for a scenario module (`--scenario ./path/module.ts`): run, swarm,
// replay, shrink and hunt of any system declared with the harness API. The
// store's verbs hand over to these when the flag (or a scenario repro file) is given.

export const SCENARIO_FLAG: FlagSpec = { name: 'scenario', type: 'string', value: 'MODULE', description: 'a scenario module (.ts or .js) declared with the harness API, instead of the store' };

export function hasScenarioFlag(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--scenario' || a.startsWith('--scenario='));
}

/** True when FILE holds a scenario repro (replay and shrink then need no flag). */
export function isScenarioReproFile(file: string | undefined): boolean {
  if (file === undefined) return false;
  try {
    return isScenarioReproText(fs.readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

/** The module path as a command line should print it (relative to the working directory). */
export function shownModule(file: string): string {
  const rel = path.relative(process.cwd(), file).split(path.sep).join('/');
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : `./${rel}`;
}

function shellWord(text: string): string {
  return /^[\w.,:/@%+=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Loads the module named by --scenario, found by a lenient first pass (its own flags are not known yet). */
export function moduleFromArgv(argv: readonly string[]): { scenario: Scenario; module: string } {
  const parsed = parseArgs({ args: [...argv], options: { scenario: { type: 'string' } }, strict: false, allowPositionals: true });
  const value = parsed.values.scenario;
  if (typeof value !== 'string') throw new CliUsageError('--scenario needs a module path (write --scenario ./my-scenario.ts)');
  return loadScenario(value, '--scenario');
}

function optionFlagSpecs(scenario: Scenario): FlagSpec[] {
  return (scenario.options.flags ?? []).map((f) => ({
    name: f.name,
    type: f.kind === 'boolean' ? 'boolean' : 'string',
    ...(f.kind === 'integer' ? { value: 'N', range: `${f.min ?? ''}..${f.max ?? ''}` } : f.kind === 'string' ? { value: f.choices ? f.choices.join('|') : 'TEXT' } : {}),
    description: f.description,
  }));
}

export function readOverrides(scenario: Scenario, args: ParsedArgs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of scenario.options.flags ?? []) {
    if (!args.has(f.name)) continue;
    const text = f.kind === 'boolean' ? args.flag(f.name) : args.string(f.name)!;
    try {
      out[optionKey(f.name)] = parseFlagText(scenario.name, f, text);
    } catch (err) {
      throw new CliUsageError(`--${f.name}: ${(err as Error).message}`);
    }
  }
  return out;
}

export function parseWith(verb: string, argv: readonly string[], base: readonly FlagSpec[], scenario: Scenario, positionals = { min: 0, max: 0, names: 'no arguments' }, withOptions = true): ParsedArgs {
  const own = withOptions ? optionFlagSpecs(scenario) : [];
  const clash = own.find((f) => base.some((b) => b.name === f.name));
  if (clash) throw new CliUsageError(`scenario ${show(scenario.name)} declares --${clash.name}, which ${verb} itself uses`);
  if (wantsHelp(argv)) throw new HelpRequested(scenarioHelp(verb, base, own, scenario));
  return parseFlags(verb, argv, [...base, ...own], positionals);
}

/** `VERB --scenario MODULE --help`: the verb's flags for a module, the module's own option flags and its bugs. */
function scenarioHelp(verb: string, base: readonly FlagSpec[], own: readonly FlagSpec[], scenario: Scenario): string {
  const lines = [`usage: actorsim ${verb} --scenario MODULE [flags]`, '', `${scenario.name}: ${scenario.summary}`, '', 'flags:', ...flagLines([...base, HELP_FLAG])];
  if (own.length > 0) lines.push('', `${scenario.name}'s options (drawn from the seed when not given):`, ...flagLines(own));
  lines.push('', `bugs: ${scenario.bugs.length === 0 ? 'none declared' : ''}`, ...scenario.bugs.map((b) => `  ${b.name}  ${b.summary}`));
  return lines.join('\n') + '\n';
}

export function readBug(scenario: Scenario, args: ParsedArgs): string | null {
  const bug = args.string('bug');
  if (bug === undefined) return null;
  if (!scenario.bugs.some((b) => b.name === bug)) throw new CliUsageError(`--bug must be one of ${scenario.bugs.map((b) => b.name).join(', ') || '(this scenario declares no bugs)'}, got ${show(bug)}`);
  return bug;
}

export function runLine(module: string, seed: number | string, bug: string | null, overrides: Record<string, unknown>, scenario: Scenario): string {
  const words = ['npx', 'actorsim', 'run', '--scenario', shellWord(shownModule(module)), '--seed', shellWord(String(seed))];
  if (bug) words.push('--bug', bug);
  for (const f of scenario.options.flags ?? []) {
    const v = overrides[optionKey(f.name)];
    if (v === undefined) continue;
    if (f.kind === 'boolean') {
      if (v === true) words.push(`--${f.name}`);
    } else words.push(`--${f.name}`, shellWord(f.format ? f.format(v) : String(v)));
  }
  return words.join(' ');
}

function violationLines(io: CliIo, r: ScenarioResult<object>): void {
  for (const v of r.violations) io.out(paint(io, 'red', `violation [${v.kind}] at ${v.timeMs}ms: ${v.message}`) + '\n');
}

export const COMMON: readonly FlagSpec[] = [
  SCENARIO_FLAG,
  { name: 'bug', type: 'string', value: 'NAME', description: 'run a bug variant the scenario declares' },
  { name: 'strategy', type: 'string', value: STRATEGIES.join('|'), description: 'scheduling strategy (default: drawn per seed from the portfolio; hunt: each in turn)' },
  { name: 'failures', type: 'string', value: 'DIR', default: 'failures', description: 'folder for repro files of failing runs' },
  { name: 'json', type: 'boolean', description: 'print exactly one JSON object' },
];

export function readStrategy(args: ParsedArgs): StrategyName | undefined {
  return args.has('strategy') ? args.choice<StrategyName>('strategy', STRATEGIES, 'random') : undefined;
}

export async function runModuleVerb(argv: readonly string[], io: CliIo): Promise<number> {
  const { scenario, module } = moduleFromArgv(argv);
  const args = parseWith('run', argv, [...COMMON, { name: 'seed', type: 'string', value: 'S', default: '1', description: 'root seed' }, { name: 'check-determinism', type: 'boolean', description: 'run twice; exit 3 if the trace hashes differ' }, { name: 'report', type: 'boolean', description: "after the output, print a report: the scenario's series over virtual time, its panels, latency per operation, the faults as they fired (not with --json)" }, { name: 'html', type: 'string', value: 'FILE', description: 'write a self-contained HTML report of the run to FILE' }, { name: 'full', type: 'boolean', description: 'with --json: include the client history (for check-history), the workload and the fault schedule' }], scenario);
  if (args.flag('report') && args.flag('json')) throw new CliUsageError('--report prints text and cannot be combined with --json (the JSON holds the report data)');
  const htmlPath = args.string('html');
  if (htmlPath !== undefined) checkHtmlPath(htmlPath);
  const seed = args.seed('seed', 1);
  const bug = readBug(scenario, args);
  const overrides = readOverrides(scenario, args);
  const strategy = readStrategy(args);
  const failures = checkOutputDir('--failures', args.string('failures') ?? 'failures');
  // The HTML report draws the messages around a violation from the kept trace.
  const opts = { seed, bug, overrides, ...(strategy ? { strategy } : {}), ...(htmlPath !== undefined ? { keepTrace: true } : {}) };
  const r = await runScenario(scenario, opts);
  let repro = runLine(module, seed, bug, overrides, scenario);
  let file: string | null = null;
  if (!r.ok) {
    file = scenarioReproPath(failures, r);
    writeScenarioRepro(file, reproOf(r, module));
    repro = `npx actorsim replay ${file}`;
  }
  const second = args.flag('check-determinism') ? await runScenario(scenario, opts) : null;
  const diverged = second !== null && (second.traceHash !== r.traceHash || second.events !== r.events);
  if (args.flag('json')) {
    io.out(JSON.stringify({ scenario: r.scenario, module: shownModule(module), seed: r.seed, bug: r.bug, strategy: r.strategy, ok: r.ok, traceHash: r.traceHash, events: r.events, virtualTimeMs: r.virtualTimeMs, violations: r.violations, options: r.options, faults: r.faults, report: r.report, repro, ...(args.flag('full') ? { history: r.history, workload: r.workload, schedule: r.schedule } : {}), ...(second ? { determinism: { diverged, traceHashes: [r.traceHash, second.traceHash] } } : {}) }) + '\n');
  } else {
    if (!r.ok) io.out(`repro: ${repro}\n`);
    for (const line of r.output) io.out(line + '\n');
    violationLines(io, r);
    io.out(`seed ${r.seed} ${r.ok ? paint(io, 'green', 'ok') : paint(io, 'red', 'FAILED')} trace ${r.traceHash} events ${r.events} virtual ${r.virtualTimeMs}ms\n`);
    if (second) io.out(diverged ? paint(io, 'red', `DIVERGED: second run gave trace ${second.traceHash}`) + '\n' : `deterministic: second run gave the same trace ${second.traceHash}\n`);
    if (args.flag('report')) io.out('\n' + renderTerminalReport(scenarioReportInput(r, { repro }), { color: io.color }));
  }
  if (htmlPath !== undefined) {
    writeHtmlFile(htmlPath, renderHtmlReport(scenarioReportInput(r, { repro })));
    io.err(`report: ${htmlPath}\n`);
  }
  if (diverged) return EXIT_UNKNOWN;
  return r.ok ? EXIT_OK : EXIT_VIOLATION;
}

export async function swarmModuleVerb(argv: readonly string[], io: CliIo): Promise<number> {
  const { scenario, module } = moduleFromArgv(argv);
  const args = parseWith('swarm', argv, [
    ...COMMON,
    { name: 'seeds', type: 'string', value: 'N', default: '100', description: 'how many consecutive seeds' },
    { name: 'from', type: 'string', value: 'S', default: '1', description: 'first seed' },
    { name: 'workers', type: 'string', value: 'K', default: '1', description: 'worker threads (1..64), each loading the module; 1 runs in this process; results are the same for any K' },
    { name: 'shard', type: 'string', value: 'i/n', description: 'run only the i-th of n slices of the seeds and write a results file for `actorsim merge`' },
    { name: 'out', type: 'string', value: 'FILE', description: 'results file of a shard (default swarm-shard-<i>-of-<n>.json)' },
  ], scenario);
  const seeds = args.integer('seeds', { min: 1, max: 10_000_000, default: 100 });
  const workers = Math.max(1, Math.min(args.integer('workers', { min: 1, max: 64, default: 1 }), seeds));
  const from = args.integer('from', { min: -9_007_199_254_740_991, max: 9_007_199_254_740_991, default: 1 });
  const bug = readBug(scenario, args);
  const overrides = readOverrides(scenario, args);
  const strategy = readStrategy(args);
  const failures = checkOutputDir('--failures', args.string('failures') ?? 'failures');
  const shardText = args.string('shard');
  const shard = shardText === undefined ? null : parseShard(shardText);
  if (args.has('out') && !shard) throw new CliUsageError('--out is the results file of a shard: use it with --shard i/n');
  const shardOut = shard ? checkOutputFile('--out', args.string('out') ?? `swarm-shard-${shard.i}-of-${shard.n}.json`) : null;
  const [lo, hi] = shard ? shardSlice(seeds, shard) : [0, seeds];
  const json = args.flag('json');
  if (!json) io.out(`swarm: ${scenario.name}, ${hi - lo} seeds from ${from + lo}${shard ? ` (shard ${shard.i}/${shard.n} of ${seeds} from ${from})` : ''} ${workers > 1 ? `on ${workers} workers` : 'in this process'}${bug ? `, bug ${bug}` : ''}\n`);
  const progress = progressLine(io, !json);
  const repros: ScenarioSweepSummary['failures'] = [];
  const sw = await swarmScenarioPool(scenario, {
    module,
    workers,
    seeds: hi - lo,
    from: from + lo,
    bug,
    overrides,
    ...(strategy ? { strategy } : {}),
    onSeed: (r, done) => {
      if (!r.ok) {
        const file = scenarioReproPath(failures, r);
        writeScenarioRepro(file, reproOf(r, module));
        repros.push({ seed: Number(r.seed), kinds: [...new Set(r.violations.map((v) => v.kind))], repro: `npx actorsim replay ${file}` });
      }
      progress.update(`${done}/${hi - lo} seeds, ${repros.length} failed`);
    },
  });
  progress.done();
  const summary: ScenarioSweepSummary = { scenario: scenario.name, module: shownModule(module), from: from + lo, seedsRun: hi - lo, passed: sw.passed, failed: sw.failed, faults: sw.faults, failuresByKind: sw.failuresByKind, seeds: sw.seeds, failures: repros };
  if (shard) {
    const sweep = { scenario: scenario.name, module: shownModule(module), from, seeds, bug, overrides, strategy: strategy ?? null };
    try {
      writeScenarioShard(shardOut!, sweep, shard, summary);
    } catch (err) {
      io.err(`actorsim swarm: --out ${show(shardOut)}: ${(err as Error).message}\n`);
      return EXIT_USAGE;
    }
    if (!json) io.out(`shard results: ${shardOut}\n`);
  }
  if (json) io.out(JSON.stringify(summary) + '\n');
  else printScenarioSweep(io, summary);
  return sw.failed === 0 ? EXIT_OK : EXIT_VIOLATION;
}

/** The text summary of a scenario sweep (unsharded, or merged from its shards). */
export function printScenarioSweep(io: CliIo, s: ScenarioSweepSummary): void {
  for (const f of s.failures) io.out(`${paint(io, 'red', 'FAILED')} seed ${f.seed} [${f.kinds.join(', ')}]\n  repro: ${f.repro}\n`);
  io.out(`seeds ${s.seedsRun} from ${s.from}: ${s.passed} passed, ${s.failed === 0 ? paint(io, 'green', '0 failed') : paint(io, 'red', `${s.failed} failed`)}\n`);
  io.out(`faults injected: ${Object.entries(s.faults).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}\n`);
}

function scenarioOfRepro(args: ParsedArgs, moduleInFile: string): { scenario: Scenario; module: string } {
  const flag = args.string('scenario');
  return flag !== undefined ? loadScenario(flag, '--scenario') : loadScenario(moduleInFile, 'the repro file\'s module');
}

export async function replayModuleVerb(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseFlags('replay', argv, [SCENARIO_FLAG, { name: 'json', type: 'boolean', description: 'print exactly one JSON object' }, { name: 'trace', type: 'boolean', description: 'print every trace event' }], { min: 1, max: 1, names: 'FILE' });
  const file = args.positionals[0]!;
  const repro = readScenarioRepro(file);
  const { scenario } = scenarioOfRepro(args, repro.module);
  const out = await replayRepro(scenario, repro, args.flag('trace'));
  const r = out.result;
  const code = out.status === 'reproduced' ? EXIT_VIOLATION : out.status === 'passes' ? EXIT_OK : EXIT_UNKNOWN;
  if (args.flag('json')) {
    io.out(JSON.stringify({ status: out.status, scenario: repro.scenario, seed: repro.seed, bug: repro.bug, expectedTraceHash: out.expectedTraceHash, traceHash: out.traceHash, firstDivergence: out.firstDivergence, firstDifferingEvent: out.firstDifferingEvent, expectedViolations: repro.violations, violations: r.violations, events: r.events, ...(args.flag('trace') ? { trace: r.trace ?? [] } : {}) }) + '\n');
    return code;
  }
  for (const line of r.output) io.out(line + '\n');
  io.out(`operations ${repro.workload.length}, faults ${repro.schedule.length}\n`);
  if (args.flag('trace')) for (const e of r.trace ?? []) io.out(`  #${e.i} ${e.timeMs}ms ${e.kind} ${e.node} ${e.label}\n`);
  violationLines(io, r);
  if (out.status === 'reproduced') io.out(`reproduced: same trace ${out.traceHash} and ${r.violations.length} violations (${[...new Set(r.violations.map((v) => v.kind))].join(', ')})\n`);
  else if (out.status === 'passes') io.out(paint(io, 'green', `passes now: no violation (trace ${out.traceHash}, recorded ${out.expectedTraceHash})`) + '\n');
  else {
    io.out(paint(io, 'yellow', `DIVERGED: trace ${out.traceHash}, the file recorded ${out.expectedTraceHash}; first difference within events ${out.firstDivergence ? out.firstDivergence.join('..') : '?'}`) + '\n');
    if (out.firstDifferingEvent) io.out(describeDifferingEvent(out.firstDifferingEvent) + '\n');
  }
  return code;
}

export async function shrinkModuleVerb(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseFlags('shrink', argv, [SCENARIO_FLAG, { name: 'out', type: 'string', value: 'FILE', description: 'where to write the shrunk repro' }, { name: 'max-runs', type: 'string', value: 'N', default: '400', description: 'budget of reruns' }, { name: 'json', type: 'boolean', description: 'print exactly one JSON object' }], { min: 1, max: 1, names: 'FILE' });
  const file = args.positionals[0]!;
  const out = checkOutputFile('--out', args.string('out') ?? file.replace(/\.json$/, '') + '.shrunk.json');
  if (path.resolve(out) === path.resolve(file)) throw new CliUsageError(`--out must differ from the input file, got ${show(out)}`);
  const maxRuns = args.integer('max-runs', { min: 1, max: 100_000, default: 400 });
  const repro = readScenarioRepro(file);
  const { scenario } = scenarioOfRepro(args, repro.module);
  const json = args.flag('json');
  const s = await shrinkScenarioRepro(scenario, repro, { maxRuns, ...(json ? {} : { log: (l: string) => io.out(`  ${l}\n`) }) });
  if (s.repro.violations.length === 0) {
    io.err(`actorsim shrink: ${file} does not fail any more (rerun it with actorsim replay); nothing written\n`);
    return EXIT_OK;
  }
  try {
    writeScenarioRepro(out, s.repro);
  } catch (err) {
    io.err(`actorsim shrink: --out ${show(out)}: ${(err as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (json) io.out(JSON.stringify({ file: out, before: s.before, after: s.after, runs: s.runs, violations: s.repro.violations.map((v) => v.kind) }) + '\n');
  else io.out(`before: ${s.before.operations} operations, ${s.before.faults} faults\nafter:  ${s.after.operations} operations, ${s.after.faults} faults (${s.runs} runs)\nrepro: npx actorsim replay ${out}\n`);
  return EXIT_VIOLATION;
}

const wallClock = () => Number(process.hrtime.bigint()) / 1e6; // determinism-ok: hunt wall-time figures

export async function huntModuleVerb(argv: readonly string[], io: CliIo): Promise<number> {
  const { scenario, module } = moduleFromArgv(argv);
  const args = parseWith('hunt', argv, [...COMMON, { name: 'all', type: 'boolean', description: 'hunt every bug the scenario declares' }, { name: 'seeds', type: 'string', value: 'N', default: '100', description: 'give up after N seeds' }, { name: 'from', type: 'string', value: 'S', default: '1', description: 'first seed' }], scenario, { min: 0, max: 0, names: 'no arguments' }, false);
  const all = args.flag('all');
  if (all === args.has('bug')) throw new CliUsageError(`give --bug NAME or --all (bugs of ${scenario.name}: ${scenario.bugs.map((b) => b.name).join(', ') || 'none'})`);
  const bugs = all ? scenario.bugs.map((b) => b.name) : [readBug(scenario, args)!];
  const seeds = args.integer('seeds', { min: 1, max: 1_000_000, default: 100 });
  const from = args.integer('from', { min: -9_007_199_254_740_991, max: 9_007_199_254_740_991, default: 1 });
  const strategy = readStrategy(args);
  const strategies = strategy ? [strategy] : STRATEGIES;
  const failures = checkOutputDir('--failures', args.string('failures') ?? 'failures');
  const json = args.flag('json');
  const results: Array<Record<string, unknown>> = [];
  const sweeps: Array<StrategySweep & { bug: string }> = [];
  for (const bug of bugs) {
    const { result: h, sweep } = await huntScenarioStrategies(scenario, { bug, seeds, from, module, strategies, clock: wallClock });
    sweeps.push({ bug, ...sweep });
    let file: string | null = null;
    if (h.shrunk) {
      file = scenarioReproPath(failures, h.shrunk, '.shrunk');
      writeScenarioRepro(file, h.shrunk);
    }
    const { shrunk: _shrunk, ...rest } = h;
    results.push({ ...rest, repro: file ? `npx actorsim replay ${file}` : null });
    if (!json) {
      io.out(
        h.found
          ? `${scenario.name} ${bug}: found at seed ${h.seed} after ${h.seedsToFind} seeds [${h.kinds.join(', ')}], shrunk to ${h.shrunkOperations} ops + ${h.shrunkFaults} faults in ${h.shrinkRuns} runs (strategy ${h.strategy})\n  repro: npx actorsim replay ${file}\n`
          : `${scenario.name} ${bug}: NOT found in ${seeds} seeds\n`,
      );
      io.out(sweepLines(sweep).join('\n') + '\n');
    }
  }
  if (json) io.out(JSON.stringify({ scenario: scenario.name, seedsLimit: seeds, strategies, results, sweeps }) + '\n');
  return results.every((r) => r.found) ? EXIT_OK : EXIT_VIOLATION;
}
