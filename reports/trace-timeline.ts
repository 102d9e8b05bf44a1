// The event timeline of a kept trace, one line an event: virtual time, node,
// what happened, the message (kind and label), from and to; drops,
// duplicates and faults are marked, and the first violation gets a marker line.

/** A trace event as the timeline prints it (the simulator's trace events have this shape). */
export interface TimelineEvent {
  i: number;
  timeMs: number;
  kind: string;
  node: string;
  from?: string;
  fromActor?: string | null;
  toActor?: string | null;
  message?: string;
  label: string;
  detail?: string;
}

export interface TimelineMark {
  /** Virtual time: the marker goes before the first event after it. */
  atMs: number;
  /** Or an index into the events: the marker goes right before that event. */
  beforeIndex?: number;
  text: string;
}

export interface TimelineOptions {
  /** Keep only this many events either side of each mark. */
  around?: number;
  /** Every violation (and, where known, its likely cause), marked in the timeline. */
  marks?: readonly TimelineMark[];
  /** One violation to mark (older form of `marks`). */
  violationAtMs?: number;
  violationText?: string;
}

const MARK: Readonly<Record<string, string>> = {
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

export function renderTraceLine(e: TimelineEvent): string {
  const t = `${e.timeMs}ms`.padStart(9);
  const mark = MARK[e.kind] ?? e.kind;
  const route = e.from !== undefined ? ` ${e.from}${e.fromActor ? `(${e.fromActor})` : ''} -> ${e.node}${e.toActor ? `(${e.toActor})` : ''}` : ` @${e.node}`;
  const msg = e.message ? ` [${e.message}]` : '';
  const detail = e.detail ? ` (${e.detail})` : '';
  return `${String(e.i).padStart(7)} ${t}  ${mark.padEnd(8)} ${e.label}${msg}${route}${detail}`;
}

export function renderTraceTimeline(events: readonly TimelineEvent[], o: TimelineOptions = {}): string[] {
  const marks: TimelineMark[] = [...(o.marks ?? [])];
  if (o.violationAtMs !== undefined) marks.push({ atMs: o.violationAtMs, text: `VIOLATION at ${o.violationAtMs}ms: ${o.violationText ?? ''}` });
  // Each mark sits before the first event later than its time.
  const at = marks.map((m) => {
    if (m.beforeIndex !== undefined) return Math.max(0, Math.min(events.length, m.beforeIndex));
    const k = events.findIndex((e) => e.timeMs > m.atMs);
    return k === -1 ? events.length : k;
  });
  const keep = new Array<boolean>(events.length).fill(o.around === undefined || marks.length === 0);
  if (o.around !== undefined) {
    for (const k of at) for (let j = Math.max(0, k - o.around); j < Math.min(events.length, k + o.around); j++) keep[j] = true;
  }
  const marksAt = new Map<number, string[]>();
  marks.forEach((m, n) => {
    const list = marksAt.get(at[n]!) ?? [];
    list.push(`>>> ${m.text}`);
    marksAt.set(at[n]!, list);
  });
  const lines: string[] = [];
  let skipped = 0;
  const flushSkipped = (later: boolean) => {
    if (skipped > 0) lines.push(`   ... ${skipped} ${later ? 'later' : lines.length === 0 ? 'earlier' : 'more'} events`);
    skipped = 0;
  };
  for (let i = 0; i <= events.length; i++) {
    const here = marksAt.get(i);
    if (here) {
      flushSkipped(false);
      lines.push(...here);
    }
    if (i === events.length) break;
    if (!keep[i]) {
      skipped += 1;
      continue;
    }
    flushSkipped(false);
    lines.push(renderTraceLine(events[i]!));
  }
  flushSkipped(true);
  return lines;
}
