// What a report shows, as plain data that reports/ defines and only reads.
// Every system converts its runs into it (the store's scenarios in
// scenarios/report-input.ts, any harness scenario in harness/report-input.ts),
// so one renderer serves all of them. Nothing here is titled for a particular
// system: charts, panels and grids carry their own titles and labels.

/** A highlight the renderers colour: good (green), warn (amber), bad (red), info (blue). */
export type ReportTone = 'good' | 'warn' | 'bad' | 'info';

export interface ReportInput {
  scenario: string;
  seed: number | string;
  ok: boolean;
  traceHash: string;
  events: number;
  virtualTimeMs: number;
  /** A one-line verdict on the system's final state (the store's status verdict), beside the summary. */
  verdict?: string;
  /** The one-line reproduction command: a failure leads with it. */
  repro?: string;
  violations: ReportViolation[];
  /** Numeric series sampled over virtual time, grouped into charts. */
  charts: ReportChart[];
  /** Tables of the final state, titled by whoever made them. */
  panels: ReportPanel[];
  /** Rows-by-columns maps of the final state (the store's chunk placement). */
  grids: ReportGrid[];
  /** The actors table at the end, Ray dashboard style; absent when the run did not collect it. */
  actors?: ReportActor[];
  /** The client history (Jepsen's format); absent or empty when there is none. */
  history?: readonly ReportHistoryEvent[];
  /** Messages delivered in the run; absent when not counted. */
  messages?: number;
  /** The faults of the run; absent when the run kept no fault record. */
  faults?: ReportFault[];
  /** Trace events around the first violation (when the run kept its trace), for the message sequence diagram. */
  trace?: ReportTrace;
  /** Figures the scenario computed (pi's estimate, ...). */
  figures?: Record<string, unknown>;
  /** Every option the run used. */
  options: Record<string, unknown>;
  /** Lines the scenario printed, in order. */
  output: readonly string[];
}

export interface ReportViolation {
  kind: string;
  message: string;
  /** When it was detected. */
  timeMs: number;
  /** What it involves, in the system's own words (`artifact "a", chunk c1`); shown beside the message. */
  where?: string;
}

export interface ReportPoint {
  timeMs: number;
  value: number;
}

export interface ReportSeries {
  label: string;
  /** Unit or meaning, shown beside the label in text charts (`of 5`). */
  description?: string;
  points: ReportPoint[];
  /** Line colour by meaning; without one, the renderers cycle a palette. */
  tone?: ReportTone;
  /** The y axis reaches at least this (default 1). */
  yMax?: number;
  /** Which extreme a text chart's column keeps when several samples fall in it: 'min' for dips, 'max' for spikes (default). */
  extreme?: 'min' | 'max';
  /** Text chart height in rows at most (default 6). */
  rows?: number;
  /** Text reports leave the series out while every sample is zero. */
  hideWhenZero?: boolean;
}

export interface ReportChart {
  title: string;
  series: ReportSeries[];
  /** Shade the faults' spans behind the lines. */
  faultBands?: boolean;
  heightPx?: number;
  /**
   * How a text report shows it: one text chart per series (default), or a
   * table of each series' peak and last value with a bar, one row per series;
   * `rowNoun` heads the series column (`node`).
   */
  text?: { kind: 'charts' } | { kind: 'peaks'; rowNoun: string };
}

export interface ReportPanel {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

/** A mark in a grid cell: present (●), bad (✗), or nothing. */
export type ReportGridMark = 'mark' | 'bad' | '';

export interface ReportGrid {
  /** A short identifier (letters, digits, dashes): the table's anchor. */
  name: string;
  title: string;
  /** The heading over the row labels (`artifact · chunk`). */
  corner: string;
  /** The heading over the last column (each row's state). */
  stateHeading: string;
  /** One per column: its id, a note under it (a node's state), a tone for the head, and footer lines (what it holds). */
  columns: Array<{ id: string; note: string; tone?: ReportTone; foot: string[] }>;
  /** The heading of the footer row. */
  footHeading: string;
  /** One per item: a label (monospace), a note, a small detail, its state (the last column), a tone, and one mark per column. */
  rows: Array<{ label: string; note: string; detail: string; state: string; tone?: ReportTone; cells: ReportGridMark[] }>;
  /** Said in the table when there are no rows. */
  empty: string;
  /** Under the table: what the marks mean, and what each row tone means. */
  legend: { marks: string; tones: Array<{ tone: ReportTone; text: string }> };
}

export interface ReportActor {
  id: string;
  className: string;
  name: string | null;
  node: string;
  state: string;
  restarts: number;
  startedAtMs: number | null;
  diedAtMs: number | null;
  deathCause: string | null;
}

/** One event of a client history: an invoke, or its completion from the same process. */
export interface ReportHistoryEvent {
  process: number;
  type: 'invoke' | 'ok' | 'fail' | 'unknown';
  op: string;
  args: unknown[];
  result?: unknown;
  timeMs: number;
}

export interface ReportFault {
  atMs: number;
  kind: string;
  durationMs: number;
  node?: string;
  group?: string[];
  /** The role the fault named (`leader`), shown when it hit no node. */
  role?: string;
  /** False when the fault was vetoed as it fired (nothing happened); absent when not recorded. */
  applied?: boolean;
}

export interface ReportTraceEvent {
  i: number;
  timeMs: number;
  kind: string;
  node: string;
  from?: string;
  label: string;
  message?: string;
  detail?: string;
}

export interface ReportTrace {
  events: ReportTraceEvent[];
  /** Nodes whose lifelines come first, in this order; the others follow as they appear. */
  nodes: string[];
  /** The event the window is centred on: the first violation's likely cause. */
  focus?: { i: number; timeMs: number; why: string };
}
