import type { TraceEvent } from '../sim/trace';

// The event timeline of a kept trace, one line an event: virtual time, node,
// what happened, the message (kind and label), from and to; drops,
// duplicates and faults are marked, and the first violation gets a marker line.

export interface TimelineOptions {
  /** Keep only this many events either side of the violation. */
  around?: number;
  /** Virtual time of the violation to mark. */
  violationAtMs?: number;
  violationText?: string;
}

const MARK: Partial<Record<TraceEvent['kind'], string>> = {
  drop: 'DROP',
  dup: 'DUP ',
  crash: '*** CRASH',
  restart: '*** RESTART',
  wipe: '*** WIPE',
  pause: '*** PAUSE',
  partition: '*** PARTITION',
  heal: '*** HEAL',
  corrupt: '*** BITROT',
  network: '*** NETWORK',
  violation: '!!! ASSERTION',
};

export function renderTraceLine(e: TraceEvent): string {
  const t = `${e.timeMs}ms`.padStart(9);
  const mark = MARK[e.kind] ?? e.kind;
  const route = e.from !== undefined ? ` ${e.from}${e.fromActor ? `(${e.fromActor})` : ''} -> ${e.node}${e.toActor ? `(${e.toActor})` : ''}` : ` @${e.node}`;
  const msg = e.message ? ` [${e.message}]` : '';
  const detail = e.detail ? ` (${e.detail})` : '';
  return `${String(e.i).padStart(7)} ${t}  ${mark.padEnd(8)} ${e.label}${msg}${route}${detail}`;
}

export function renderTraceTimeline(events: readonly TraceEvent[], o: TimelineOptions = {}): string[] {
  let lo = 0;
  let hi = events.length;
  let markAt = -1;
  if (o.violationAtMs !== undefined) {
    markAt = events.findIndex((e) => e.timeMs > o.violationAtMs!);
    if (markAt === -1) markAt = events.length;
  }
  if (o.around !== undefined && markAt >= 0) {
    lo = Math.max(0, markAt - o.around);
    hi = Math.min(events.length, markAt + o.around);
  }
  const lines: string[] = [];
  if (lo > 0) lines.push(`   ... ${lo} earlier events`);
  for (let i = lo; i < hi; i++) {
    if (i === markAt) lines.push(`>>> VIOLATION at ${o.violationAtMs}ms: ${o.violationText ?? ''}`);
    lines.push(renderTraceLine(events[i]!));
  }
  if (markAt === hi && markAt >= 0) lines.push(`>>> VIOLATION at ${o.violationAtMs}ms: ${o.violationText ?? ''}`);
  if (hi < events.length) lines.push(`   ... ${events.length - hi} later events`);
  return lines;
}
