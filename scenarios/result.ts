import type { History } from '../properties/history';
import type { Seed, StrategyName } from '../sim';
import type { ScenarioFlag } from './scenario-flag';

// What every scenario run produces: a serialisable result that checkers,
// repro files and reports read. Nothing in it refers back to live objects.

export interface ViolationReport {
  /** Stable kind, e.g. 'lost-write', 'wrong-content', 'under-replicated', 'orphan-chunk', 'assertion', 'deadlock'. */
  kind: string;
  message: string;
  timeMs: number;
  /** Optional specifics: chunk id, nodes, artifact name. */
  chunk?: string;
  nodes?: string[];
  name?: string;
}

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
