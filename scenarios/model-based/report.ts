import type fc from 'fast-check';
import { describeCommand, describeConfig, type Command, type ModelConfig } from './commands';
import type { CommandRunResult } from './run-commands';
import type { CheckViolation } from '../../properties/violation';

// What a failing property prints: fast-check's seed and path first (replay
// with FC_SEED, FC_PATH and FC_PROPERTY, or `{ seed, path, endOnFailure: true }`),
// then the shrunk counterexample one command per line, then the violations,
// then how to rerun it: `npx actorsim run swarm ...` for a seed, the
// runCommands call for a command list.

export interface FailureReport {
  /** One text block, ready to print. */
  text: string;
  /** The shrunk counterexample, one line per command (model-based) or the repro line (seeds). */
  lines: string[];
}

/** The parts of fast-check's run details a report reads. */
export type RunSummary = Pick<fc.RunDetails<unknown>, 'seed' | 'numRuns' | 'numShrinks' | 'counterexamplePath' | 'errorInstance'>;

export interface ReportOptions {
  /** The test file that ran the property, for the replay command. */
  file?: string;
}

function replayLine(property: string, details: RunSummary, o: ReportOptions): string {
  const path = details.counterexamplePath ?? '';
  const command = `FC_SEED=${details.seed} FC_PATH=${path} FC_PROPERTY=${property}${o.file ? ` npm test -- ${o.file}` : ''}`;
  return `replay: ${command} (fast-check { seed: ${details.seed}, path: ${JSON.stringify(path)}, endOnFailure: true })`;
}

function violationLines(violations: readonly CheckViolation[], max = 6): string[] {
  const out = violations.slice(0, max).map((v) => `  [${v.kind}] ${v.message.split('\n')[0]}`);
  if (violations.length > max) out.push(`  ... and ${violations.length - max} more`);
  return out;
}

export function commandLines(config: ModelConfig, commands: readonly Command[]): string[] {
  return commands.map((c, i) => `${String(i + 1).padStart(3)}. ${describeCommand(c, config)}`);
}

/** A failing model-based property: the shrunk command list and what it broke. */
export function modelFailureReport(
  property: string,
  details: RunSummary & { counterexample: [ModelConfig, Command[]] | null },
  rerun: CommandRunResult | null,
  o: ReportOptions = {},
): FailureReport {
  const [config, commands] = details.counterexample ?? [null, []];
  const lines = config ? commandLines(config, commands) : [];
  const text = [
    `property ${property}: failed after ${details.numRuns} run${details.numRuns === 1 ? '' : 's'}, shrunk ${details.numShrinks} time${details.numShrinks === 1 ? '' : 's'}`,
    replayLine(property, details, o),
    ...(config ? [`cluster: ${describeConfig(config)}`, `commands (${commands.length}), each at the current virtual time:`, ...lines] : []),
    '  then: heal everything, finish outstanding operations, converge, read every name, run the checkers',
    ...(rerun
      ? [
          `violations${rerun.failedAtCommand !== null ? ` (first seen after command ${rerun.failedAtCommand + 1})` : ' (end phase)'}:`,
          ...violationLines(rerun.violations),
        ]
      : details.errorInstance
        ? [`error: ${String(details.errorInstance)}`]
        : []),
    `rerun in code: runCommands(${config ? JSON.stringify(config) : '?'}, ${JSON.stringify(commands)}${property.includes(':') ? ', variant' : ''})`,
  ].join('\n');
  return { text, lines };
}

/** A failing seed property: the seed, the overrides and the actorsim command that replays the run. */
export function seedFailureReport(
  property: string,
  details: RunSummary & { counterexample: unknown },
  repro: string | null,
  violations: readonly CheckViolation[],
  o: ReportOptions = {},
): FailureReport {
  const lines = repro ? [repro] : [];
  const text = [
    `property ${property}: failed after ${details.numRuns} run${details.numRuns === 1 ? '' : 's'}, shrunk ${details.numShrinks} time${details.numShrinks === 1 ? '' : 's'}`,
    replayLine(property, details, o),
    `counterexample: ${JSON.stringify(details.counterexample)}`,
    ...(repro ? [`repro: ${repro}`] : []),
    ...(violations.length ? ['violations:', ...violationLines(violations)] : details.errorInstance ? [`error: ${String(details.errorInstance)}`] : []),
  ].join('\n');
  return { text, lines };
}
