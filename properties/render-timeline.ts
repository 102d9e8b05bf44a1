// Renders operations as an ASCII timeline, one row per process, so a reader can
// see which operations overlapped. Columns are the distinct event times in order
// (not to scale), each labelled on the axis; a legend spells out every operation.
//
//   time 2   3   4   5
//   p1   |-A-|
//   p2           |-B-|
//   A  p1  update("a", "y")  ok      2..3
//   B  p2  get("a") -> "x"   ok      4..5  <- not linearizable once this completes
//
// Large sets (when minimisation ran out of budget) keep only their latest
// operations, so a report stays readable.

import type { Operation } from './model';

export interface TimelineOptions<Input, Output> {
  describe: (op: Operation<Input, Output>) => string;
  /** Marked in the legend: the operation whose completion made the history non-linearizable. */
  culpritId?: number;
  /** At most this many operations are drawn (the latest by call); default 40. */
  maxOperations?: number;
}

function label(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : `${letter}${Math.floor(index / 26)}`;
}

function formatTime(time: number): string {
  return Number.isFinite(time) ? String(time) : '?';
}

function chart<Input, Output>(ops: readonly Operation<Input, Output>[]): string[] {
  const times = [...new Set(ops.flatMap((op) => (Number.isFinite(op.ret) ? [op.call, op.ret] : [op.call])))].sort((a, b) => a - b);
  const columnWidth = Math.max(4, ...times.map((t) => String(t).length + 1), ...ops.map((_, i) => label(i).length + 3));
  const column = new Map(times.map((t, i) => [t, i * columnWidth]));
  const openEnd = times.length * columnWidth; // where unknown outcomes trail off: `>`
  const processes = [...new Set(ops.map((op) => op.process))].sort((a, b) => a - b);
  const margin = Math.max(5, ...processes.map((p) => `p${p}`.length + 2));
  const width = openEnd + 1;

  const rows = new Map<number, string[]>(processes.map((p) => [p, new Array<string>(width).fill(' ')]));
  ops.forEach((op, i) => {
    const row = rows.get(op.process);
    const start = column.get(op.call);
    if (row === undefined || start === undefined) return;
    const end = Number.isFinite(op.ret) ? (column.get(op.ret) ?? start) : openEnd;
    for (let x = start + 1; x < end; x += 1) row[x] = '-';
    row[start] = '|';
    row[end] = Number.isFinite(op.ret) ? '|' : '>';
    const name = label(i);
    const room = end - start - 1;
    const at = room >= name.length ? start + 1 + Math.floor((room - name.length) / 2) : start + 1;
    for (let k = 0; k < name.length && at + k < width; k += 1) row[at + k] = name.charAt(k);
  });

  const axis = new Array<string>(width + columnWidth).fill(' ');
  for (const [t, x] of column) {
    const text = String(t);
    for (let k = 0; k < text.length; k += 1) axis[x + k] = text.charAt(k);
  }
  const lines = [`${'time'.padEnd(margin)}${axis.join('').trimEnd()}`];
  for (const p of processes) lines.push(`${`p${p}`.padEnd(margin)}${(rows.get(p) ?? []).join('').trimEnd()}`);
  return lines;
}

export function renderTimeline<Input, Output>(
  operations: readonly Operation<Input, Output>[],
  options: TimelineOptions<Input, Output>,
): string {
  const sorted = [...operations].sort((a, b) => a.call - b.call || a.id - b.id);
  if (sorted.length === 0) return '(no operations)';
  const shown = sorted.slice(-(options.maxOperations ?? 40));
  const lines = shown.length < sorted.length ? [`(${sorted.length - shown.length} earlier operations not shown)`] : [];
  lines.push(...chart(shown));

  const descriptions = shown.map((op) => options.describe(op));
  const descriptionWidth = Math.max(...descriptions.map((d) => d.length));
  const processWidth = Math.max(...shown.map((op) => `p${op.process}`.length));
  shown.forEach((op, i) => {
    const culprit = op.id === options.culpritId ? '  <- not linearizable once this completes' : '';
    lines.push(
      `${label(i).padEnd(3)}${`p${op.process}`.padEnd(processWidth + 2)}${(descriptions[i] ?? '').padEnd(descriptionWidth + 2)}` +
        `${op.outcome.padEnd(8)}${formatTime(op.call)}..${formatTime(op.ret)}${culprit}`,
    );
  });
  return lines.join('\n');
}
