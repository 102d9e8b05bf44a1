import type { ActorInfo } from '../core/actors';
import type { CheckContext } from './checkers';

// Report data a scenario defines: numeric series sampled over virtual time and
// panels (tables) at the end, as plain data that renderers only read.

export interface SeriesSpec<O, Sys> {
  name: string;
  /** Unit or meaning, for a chart's title. */
  description?: string;
  sample(ctx: CheckContext<O, Sys>): number;
}

export interface Panel {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

export interface ReportSpec<O, Sys> {
  series?: ReadonlyArray<SeriesSpec<O, Sys>>;
  panels?(ctx: CheckContext<O, Sys>): Panel[];
}

export interface ScenarioReport {
  series: Array<{ name: string; description: string; points: Array<{ timeMs: number; value: number }> }>;
  panels: Panel[];
  /** Every fault as it fired: applied or vetoed, the node a target resolved to, how long it was scheduled to last. */
  faults: Array<{ atMs: number; kind: string; node: string | null; applied: boolean; target?: string; durationMs: number; group?: string[] }>;
  messages: number;
  /** The actors table at the end (Ray dashboard style). */
  actors: ActorInfo[];
}
