import { escapeHtml } from './escape-html';
import { niceTicks } from './nice-ticks';

// A step-line chart over virtual time as inline SVG: one line per series (each
// sample holds until the next), optional shaded bands (fault intervals), axes
// with round ticks and a legend. No script and no external resource.

export interface SvgSeries {
  label: string;
  /** A CSS colour. */
  color: string;
  points: ReadonlyArray<{ timeMs: number; value: number }>;
}

export interface SvgBand {
  fromMs: number;
  toMs: number;
  label: string;
}

export interface SvgTimeChartOptions {
  title: string;
  series: readonly SvgSeries[];
  startMs: number;
  endMs: number;
  /** The y axis runs from 0 to at least this. */
  yMin: number;
  bands?: readonly SvgBand[];
  widthPx?: number;
  heightPx?: number;
}

const MARGIN = { left: 56, right: 16, top: 28, bottom: 34 };

export function svgTimeChart(o: SvgTimeChartOptions): string {
  const width = o.widthPx ?? 1100;
  const height = o.heightPx ?? 240;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const spanMs = Math.max(1, o.endMs - o.startMs);
  const yData = Math.max(1, o.yMin, ...o.series.flatMap((s) => s.points.map((p) => p.value)));
  // The y axis ends on a round tick at or above the data, so the top line is labelled.
  const yTicks = niceTicks(0, yData, 5).filter((t) => Number.isInteger(t));
  const yStep = (yTicks[1] ?? 1) - (yTicks[0] ?? 0);
  const yLast = yTicks[yTicks.length - 1] ?? 0;
  if (yLast < yData) yTicks.push(yLast + yStep);
  const yMax = Math.max(yData, yTicks[yTicks.length - 1] ?? yData);
  const x = (ms: number): number => MARGIN.left + ((Math.min(o.endMs, Math.max(o.startMs, ms)) - o.startMs) / spanMs) * plotW;
  const y = (v: number): number => MARGIN.top + plotH - (v / yMax) * plotH;
  const n = (v: number): string => v.toFixed(1);
  const parts: string[] = [];
  parts.push(`<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(o.title)}">`);
  parts.push(`<text class="chart-title" x="${MARGIN.left}" y="18">${escapeHtml(o.title)}</text>`);
  for (const b of o.bands ?? []) {
    const x0 = x(b.fromMs);
    const w = Math.max(2, x(b.toMs) - x0);
    parts.push(`<rect class="band" x="${n(x0)}" y="${MARGIN.top}" width="${n(w)}" height="${plotH}"><title>${escapeHtml(b.label)}</title></rect>`);
  }
  for (const t of yTicks) {
    parts.push(`<line class="grid" x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${n(y(t))}" y2="${n(y(t))}"/>`);
    parts.push(`<text class="tick" x="${MARGIN.left - 6}" y="${n(y(t) + 4)}" text-anchor="end">${t}</text>`);
  }
  for (const t of niceTicks(o.startMs, o.endMs, 8)) {
    parts.push(`<line class="axis" x1="${n(x(t))}" x2="${n(x(t))}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 4}"/>`);
    parts.push(`<text class="tick" x="${n(x(t))}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${t}</text>`);
  }
  parts.push(`<text class="tick" x="${MARGIN.left + plotW}" y="${height - 2}" text-anchor="end">virtual ms</text>`);
  parts.push(`<line class="axis" x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}"/>`);
  parts.push(`<line class="axis" x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}"/>`);
  // Drawn last to first, so the first series stays on top where lines coincide.
  for (const s of [...o.series].reverse()) {
    const first = s.points[0];
    if (first === undefined) continue;
    // Before the first sample the line shows the first sample's value, as the terminal chart does.
    let d = `M${n(x(o.startMs))} ${n(y(first.value))}`;
    for (const p of s.points) d += ` H${n(x(p.timeMs))} V${n(y(p.value))}`;
    d += ` H${n(x(o.endMs))}`;
    parts.push(`<path class="line" d="${d}" stroke="${escapeHtml(s.color)}"><title>${escapeHtml(s.label)}</title></path>`);
  }
  let legendX = width - MARGIN.right;
  for (const s of [...o.series].reverse()) {
    const w = 24 + s.label.length * 7;
    legendX -= w;
    parts.push(`<rect x="${legendX}" y="10" width="14" height="4" fill="${escapeHtml(s.color)}"/><text class="legend" x="${legendX + 18}" y="16">${escapeHtml(s.label)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
