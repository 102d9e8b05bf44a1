import * as asciichart from 'asciichart';

// An asciichart line over virtual time. Samples come at irregular times, and
// asciichart plots one value per column, so the series is resampled as a step
// function (a column shows the value holding at its time, or the extreme of the
// samples inside its span, so a short dip or spike is never lost; columns before
// the first sample show the first sample) and a time axis is added below.

export interface TimePoint {
  timeMs: number;
  value: number;
}

export interface AsciiTimeChartOptions {
  title: string;
  points: readonly TimePoint[];
  startMs: number;
  endMs: number;
  /** Columns of plot (at least 2). */
  widthCols: number;
  /** Rows of plot at most; fewer when the values span fewer integers. */
  heightRows: number;
  min: number;
  max: number;
  /** Which extreme a column keeps when several samples fall in it: 'min' for dips (live nodes), 'max' for spikes. */
  extreme: 'min' | 'max';
  /** An ANSI colour sequence for the line (only when colours are allowed). */
  color?: string;
}

const LABEL_WIDTH = 6;

/** Value of a step function at a time: the last sample at or before it. */
export function stepValueAt(points: readonly TimePoint[], timeMs: number): number {
  let value = points[0]?.value ?? 0;
  for (const p of points) {
    if (p.timeMs > timeMs) break;
    value = p.value;
  }
  return value;
}

/** One value per column: column k spans [t_k, t_k+1) with t_k = start + k * span / (columns - 1). */
export function resampleSteps(points: readonly TimePoint[], startMs: number, endMs: number, columns: number, extreme: 'min' | 'max'): number[] {
  const spanMs = Math.max(0, endMs - startMs);
  const pick = extreme === 'min' ? Math.min : Math.max;
  const at = (k: number): number => startMs + (spanMs * k) / (columns - 1);
  const values: number[] = [];
  for (let k = 0; k < columns; k++) {
    let v = stepValueAt(points, at(k));
    for (const p of points) if (p.timeMs > at(k) && p.timeMs < at(k + 1) && k < columns - 1) v = pick(v, p.value);
    values.push(v);
  }
  return values;
}

export function asciiTimeChart(o: AsciiTimeChartOptions): string[] {
  const columns = Math.max(2, o.widthCols);
  const values = resampleSteps(o.points, o.startMs, o.endMs, columns, o.extreme);
  const max = Math.max(o.max, o.min + 1, ...values);
  const height = Math.max(1, Math.min(o.heightRows, max - o.min));
  const plot = asciichart.plot(values, {
    min: o.min,
    max,
    height,
    offset: 2,
    // asciichart marks both the first value and its top row with '┼'; one axis glyph reads better.
    symbols: ['┤', '┤', '╶', '╴', '─', '╰', '╭', '╮', '╯', '│'],
    format: (v) => String(Math.round(v)).padStart(LABEL_WIDTH),
    ...(o.color !== undefined ? { colors: [o.color] } : {}),
  });
  const start = `${o.startMs}ms`;
  const end = `${o.endMs}ms`;
  const gap = Math.max(1, columns - 1 - start.length - end.length);
  const axis = ' '.repeat(LABEL_WIDTH + 1) + start + ' '.repeat(gap) + end;
  return [o.title, ...plot.split('\n').map((l) => l.trimEnd()), axis];
}
