import type { CheckViolation } from '../properties/violation';
import type { History } from '../properties/history';
import type { Seed, StrategyName } from '../sim';
import type { ScenarioFlag } from './scenario-flag';

// What every scenario run produces: a serialisable result that checkers,
// repro files and reports read. Nothing in it refers back to live objects.

/** Assertions that fired inside actors (kind `assertion`) and errors actor code threw that nobody received (kind `actor-error`, with its stack). */
export function assertionViolations(fired: ReadonlyArray<{ where: string; message: string; timeMs: number; kind?: 'actor-error'; stack?: string }>): ViolationReport[] {
  return fired.map((v) =>
    v.kind === 'actor-error'
      ? { kind: 'actor-error', message: `${v.message}${v.stack ? `\n${indentStack(v.stack)}` : ''}`, timeMs: v.timeMs, causeMs: v.timeMs }
      : { kind: 'assertion', message: `${v.where}: ${v.message}`, timeMs: v.timeMs, causeMs: v.timeMs },
  );
}

function indentStack(stack: string): string {
  return stack
    .split('\n')
    .slice(1, 9)
    .map((l) => `    ${l.trim()}`)
    .join('\n');
}

/** A violation as checkers report it (properties/violation.ts). */
export type ViolationReport = CheckViolation;

export interface RunResult {
  scenario: string;
  seed: Seed;
  ok: boolean;
  traceHash: string;
  events: number;
  virtualTimeMs: number;
  violations: ViolationReport[];
  /** Every option the run used (drawn or explicit), for repro files and reports. */
  options: Record<string, unknown>;
  /** Scenario-specific final state (the store's status object). */
  status?: unknown;
  /** Scenario-specific figures (pi's estimate, ...). */
  figures?: Record<string, unknown>;
  /** Human-readable lines the scenario printed (statuses, progress), in order. */
  output: string[];
  history?: History;
  /** What reports draw; absent for scenarios that do not collect it. */
  report?: ReportData;
}

/** Data for reports (reports/ renders it; nothing here is live). */
export interface ReportData {
  /** Storage node ids, in order. */
  nodes: string[];
  /** Status samples over virtual time. */
  series: Array<{ timeMs: number; liveNodes: number; underReplicated: number; missing: number; bytesByNode: Record<string, number> }>;
  /** The actors table at the end (Ray dashboard style). */
  actors: Array<{ id: string; className: string; name: string | null; node: string; state: string; restarts: number; startedAtMs: number | null; diedAtMs: number | null; deathCause: string | null }>;
  /** Faults: scheduled and whether they were applied. */
  faults: Array<{ atMs: number; kind: string; node?: string; group?: string[]; durationMs: number }>;
  /** Messages delivered in the run. */
  messages: number;
  /** Trace events around the first violation (when the run kept its trace), for the message sequence diagram. */
  traceAround?: Array<{ i: number; timeMs: number; kind: string; node: string; from?: string; label: string; message?: string; detail?: string }>;
  /** The event the trace window is centred on: the first violation's likely cause (scenarios/violation-cause.ts). */
  traceFocus?: { i: number; timeMs: number; why: string };
  /** The one-line reproduction command. */
  repro?: string;
}

export interface ScenarioRunOptions {
  seed: Seed;
  /** Keep the full trace (for --trace and reports). */
  keepTrace?: boolean;
  /** The simulator's scheduling strategy (default random). */
  strategy?: StrategyName;
  /** Called with a one-line progress note as the run advances (the CLI shows it on a TTY). */
  onProgress?: (line: string) => void;
  /** Extra flags the scenario understands. */
  [key: string]: unknown;
}

export interface Scenario {
  name: string;
  summary: string;
  /** The extra options it understands (`options[flagKey(name)]`), for the CLI's flags and help. */
  flags?: readonly ScenarioFlag[];
  run(options: ScenarioRunOptions): Promise<RunResult>;
}
