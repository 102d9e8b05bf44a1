import type { ReportHistoryEvent } from '../report-input';
import { escapeHtml } from './escape-html';
import { niceTicks } from './nice-ticks';

// The client history as a timeline: one lane per process, one bar per
// operation from its invoke to its completion, coloured by outcome (ok green,
// fail red, unknown amber; an operation still open at the end runs to the end
// of the run, dashed). Each bar's tooltip gives the call and its outcome.

export interface HistoryBar {
  process: number;
  op: string;
  args: unknown[];
  startMs: number;
  endMs: number;
  outcome: 'ok' | 'fail' | 'unknown' | 'open';
  result?: unknown;
}

/** Pairs every invoke with its process's next completion. */
export function historyBars(history: readonly ReportHistoryEvent[], endMs: number): HistoryBar[] {
  const bars: HistoryBar[] = [];
  const open = new Map<number, ReportHistoryEvent>();
  for (const e of history) {
    if (e.type === 'invoke') {
      open.set(e.process, e);
      continue;
    }
    const invoke = open.get(e.process);
    if (invoke === undefined) continue;
    open.delete(e.process);
    bars.push({ process: e.process, op: invoke.op, args: invoke.args, startMs: invoke.timeMs, endMs: e.timeMs, outcome: e.type, ...('result' in e ? { result: e.result } : {}) });
  }
  for (const invoke of open.values()) {
    bars.push({ process: invoke.process, op: invoke.op, args: invoke.args, startMs: invoke.timeMs, endMs: Math.max(endMs, invoke.timeMs), outcome: 'open' });
  }
  return bars;
}

const LANE_PX = 26;
const MARGIN = { left: 90, right: 16, top: 8, bottom: 30 };

export function svgHistoryTimeline(history: readonly ReportHistoryEvent[], runEndMs: number, widthPx = 1100): string {
  const endMs = Math.max(runEndMs, ...history.map((e) => e.timeMs));
  const bars = historyBars(history, endMs);
  const processes = [...new Set(history.map((e) => e.process))].sort((a, b) => a - b);
  const lane = new Map(processes.map((p, i) => [p, i]));
  const plotW = widthPx - MARGIN.left - MARGIN.right;
  const height = MARGIN.top + processes.length * LANE_PX + MARGIN.bottom;
  const x = (ms: number): number => MARGIN.left + (ms / Math.max(1, endMs)) * plotW;
  const n = (v: number): string => v.toFixed(1);
  const parts: string[] = [`<svg class="timeline" viewBox="0 0 ${widthPx} ${height}" width="${widthPx}" height="${height}" role="img" aria-label="client history">`];
  for (const p of processes) {
    const top = MARGIN.top + (lane.get(p) ?? 0) * LANE_PX;
    parts.push(`<rect class="lane" x="${MARGIN.left}" y="${top}" width="${plotW}" height="${LANE_PX - 2}"/>`);
    parts.push(`<text class="tick" x="${MARGIN.left - 8}" y="${top + 16}" text-anchor="end">process ${p}</text>`);
  }
  for (const b of bars) {
    const top = MARGIN.top + (lane.get(b.process) ?? 0) * LANE_PX + 3;
    const x0 = x(b.startMs);
    const w = Math.max(3, x(b.endMs) - x0);
    const outcome = b.outcome === 'open' ? 'no completion' : b.outcome;
    const result = b.result === undefined ? '' : ` → ${shortJson(b.result)}`;
    const tip = `${b.op}(${b.args.map(shortJson).join(', ')}) ${outcome}${result}\n${b.startMs}..${b.endMs}ms (${b.endMs - b.startMs}ms)`;
    parts.push(`<rect class="op op-${b.outcome}" x="${n(x0)}" y="${top}" width="${n(w)}" height="${LANE_PX - 8}" rx="2"><title>${escapeHtml(tip)}</title></rect>`);
    if (w > b.op.length * 7 + 6) parts.push(`<text class="op-label" x="${n(x0 + 3)}" y="${top + 13}">${escapeHtml(b.op)}</text>`);
  }
  const axisY = MARGIN.top + processes.length * LANE_PX;
  for (const t of niceTicks(0, endMs, 10)) {
    parts.push(`<line class="axis" x1="${n(x(t))}" x2="${n(x(t))}" y1="${axisY}" y2="${axisY + 4}"/><text class="tick" x="${n(x(t))}" y="${axisY + 16}" text-anchor="middle">${t}</text>`);
  }
  parts.push(`<text class="tick" x="${MARGIN.left + plotW}" y="${height - 2}" text-anchor="end">virtual ms</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** JSON of a value, cut to 40 characters (contents can be megabytes). */
export function shortJson(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
