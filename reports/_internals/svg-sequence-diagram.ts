import type { ReportTraceEvent } from '../report-input';
import { escapeHtml } from './escape-html';

// A message sequence diagram of the trace around the first violation: one
// vertical lifeline per node, one row per trace event in trace order. A
// delivery is an arrow from sender to receiver; a drop is a red dashed arrow
// that stops short with a cross; a duplicate is a purple arrow; timers and
// process faults are marks on their node's lifeline; network-wide events
// (partitions, heals) and violations span the whole diagram. The first
// violation, when given, is a red band after the last event at or before it;
// the focus event (the violation's likely cause) has a highlighted row.

export type TraceRow = ReportTraceEvent;

const ROW_PX = 24;
const COL_PX = 120;
const MARGIN = { left: 150, right: 70, top: 40, bottom: 16 };
const WORLD_NODES: ReadonlySet<string> = new Set(['@sim']);

/** Lifelines: the given nodes in their order (those the window shows), then everyone else as they appear. */
export function lifelines(events: readonly TraceRow[], firstNodes: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const e of events) {
    if (e.from !== undefined) seen.add(e.from);
    seen.add(e.node);
  }
  for (const w of WORLD_NODES) seen.delete(w);
  const first = firstNodes.filter((id) => seen.has(id));
  return [...first, ...[...seen].filter((id) => !first.includes(id))];
}

export interface ViolationMark {
  timeMs: number;
  label: string;
}

/** `focusI`: the trace position of the event the window is centred on (the likely cause), highlighted. */
export function svgSequenceDiagram(events: readonly TraceRow[], firstNodes: readonly string[], violation?: ViolationMark, focusI?: number): string {
  const lines = lifelines(events, firstNodes);
  const col = new Map(lines.map((id, i) => [id, i]));
  let markRow = -1;
  if (violation !== undefined) {
    markRow = events.length;
    const after = events.findIndex((e) => e.timeMs > violation.timeMs);
    if (after !== -1) markRow = after;
  }
  const rowCount = events.length + (markRow === -1 ? 0 : 1);
  const width = MARGIN.left + Math.max(1, lines.length) * COL_PX + MARGIN.right;
  const height = MARGIN.top + rowCount * ROW_PX + MARGIN.bottom;
  const cx = (id: string): number => MARGIN.left + (col.get(id) ?? 0) * COL_PX + COL_PX / 2;
  const right = MARGIN.left + lines.length * COL_PX;
  const parts: string[] = [
    `<svg class="sequence" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="message sequence diagram">`,
    '<defs>',
    '<marker id="seq-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#37474f"/></marker>',
    '<marker id="seq-arrow-dup" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#7b1fa2"/></marker>',
    '</defs>',
  ];
  for (const id of lines) {
    parts.push(`<text class="lifeline-name" x="${cx(id)}" y="${MARGIN.top - 14}" text-anchor="middle">${escapeHtml(id)}</text>`);
    parts.push(`<line class="lifeline" x1="${cx(id)}" x2="${cx(id)}" y1="${MARGIN.top - 8}" y2="${height - MARGIN.bottom}"/>`);
  }
  const yOf = (row: number): number => MARGIN.top + row * ROW_PX + ROW_PX / 2;
  const markViolation = (): void => {
    if (violation === undefined) return;
    const y = yOf(markRow);
    parts.push(`<text class="tick violation" x="8" y="${y + 4}">${violation.timeMs}ms</text>`);
    parts.push(`<rect class="span-violation" x="${MARGIN.left}" y="${y - 9}" width="${right - MARGIN.left}" height="18"><title>${escapeHtml(violation.label)}</title></rect>`);
    parts.push(`<text class="span-label" x="${MARGIN.left + 6}" y="${y + 4}">${escapeHtml(clip(`violation: ${violation.label}`, Math.floor((right - MARGIN.left) / 6)))}</text>`);
  };
  events.forEach((e, index) => {
    if (index === markRow) markViolation();
    const row = markRow !== -1 && index >= markRow ? index + 1 : index;
    const y = yOf(row);
    const detail = e.detail !== undefined ? ` (${e.detail})` : '';
    if (e.i === focusI) parts.push(`<rect class="focus" data-i="${e.i}" x="4" y="${y - 11}" width="${right - 4}" height="22"><title>likely cause</title></rect>`);
    parts.push(`<text class="tick" x="8" y="${y + 4}">#${e.i} ${e.timeMs}ms</text>`);
    const tip = `<title>${escapeHtml(`#${e.i} ${e.timeMs}ms ${e.kind} ${e.from ?? ''}${e.from !== undefined ? ' → ' : ''}${e.node}: ${e.label}${e.message !== undefined ? ` [${e.message}]` : ''}${detail}`)}</title>`;
    const isMessage = e.kind === 'deliver' || e.kind === 'drop' || e.kind === 'dup';
    if (isMessage && e.from !== undefined && col.has(e.from) && col.has(e.node)) {
      const x1 = cx(e.from);
      const x2 = cx(e.node);
      const label = `${methodOf(e.label)}${e.message !== undefined ? ` ${e.message}` : ''}`;
      if (x1 === x2) {
        parts.push(`<path class="msg" d="M${x1} ${y - 6} h24 v10 h-22" marker-end="url(#seq-arrow)">${tip}</path>`);
      } else if (e.kind === 'drop') {
        const stop = x1 + (x2 - x1) * 0.7;
        parts.push(`<line class="msg msg-drop" x1="${x1}" y1="${y}" x2="${stop.toFixed(1)}" y2="${y}">${tip}</line>`);
        parts.push(`<text class="drop-mark" x="${stop.toFixed(1)}" y="${y + 5}" text-anchor="middle">✕<title>dropped${escapeHtml(detail)}</title></text>`);
      } else {
        const marker = e.kind === 'dup' ? 'seq-arrow-dup' : 'seq-arrow';
        parts.push(`<line class="msg msg-${e.kind}" x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" marker-end="url(#${marker})">${tip}</line>`);
      }
      const labelX = (x1 + x2) / 2 + (x1 === x2 ? 40 : 0);
      const dropNote = e.kind === 'drop' ? ` dropped${detail}` : e.kind === 'dup' ? ' duplicate' : '';
      parts.push(`<text class="msg-label${e.kind === 'drop' ? ' drop' : ''}" x="${labelX.toFixed(1)}" y="${y - 4}" text-anchor="middle">${escapeHtml(label + dropNote)}</text>`);
    } else if (col.has(e.node) && e.kind !== 'violation') {
      const x = cx(e.node);
      const fault = e.kind !== 'timer' && e.kind !== 'defer' && e.kind !== 'action';
      parts.push(`<rect class="${fault ? 'mark-fault' : 'mark'}" x="${x - 5}" y="${y - 5}" width="10" height="10" rx="${fault ? 0 : 5}">${tip}</rect>`);
      parts.push(`<text class="mark-label${fault ? ' fault' : ''}" x="${x + 9}" y="${y + 4}">${escapeHtml(fault ? e.kind : e.kind === 'timer' ? 'timer' : e.label)}</text>`);
    } else {
      // World events (partitions, heals, network changes) and violations span every lifeline.
      const cls = e.kind === 'violation' ? 'span-violation' : 'span-world';
      parts.push(`<rect class="${cls}" x="${MARGIN.left}" y="${y - 9}" width="${right - MARGIN.left}" height="18">${tip}</rect>`);
      parts.push(`<text class="span-label" x="${MARGIN.left + 6}" y="${y + 4}">${escapeHtml(`${e.kind}: ${e.label}`)}</text>`);
    }
  });
  if (markRow === events.length) markViolation();
  parts.push('</svg>');
  return parts.join('');
}

function clip(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, Math.max(0, chars - 3))}...` : text;
}

/** `StorageNode.readChunk` → `readChunk`. */
function methodOf(label: string): string {
  const dot = label.lastIndexOf('.');
  return dot === -1 ? label : label.slice(dot + 1);
}
