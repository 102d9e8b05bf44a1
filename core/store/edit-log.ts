import { DiskError } from '../actors/disk-error';
import type { Disk } from '../actors/host';
import { ActorsimError } from '../errors';
import { checksum } from './chunks';

// The name node's edit log, kept twice on its disk (HDFS keeps its edits in
// several name directories for the same reason). Every record is one string,
// "<seq> <length> <checksum> <json>": the sequence number finds a record
// dropped at a record boundary, the checksum (over all of it) a changed byte
// that still parses, the length tells a record cut short by a crash (torn)
// from a whole one with wrong bytes (rot). Replay takes each record from
// whichever copy holds it intact and repairs the other; a record cut short at
// the end of a copy is a torn tail (an append a crash cut short, never
// synced, never acknowledged) and is dropped, saying
// how many bytes; a record that is bad in both copies (rot, wherever it is)
// stops the name node with a message naming the record and the log: it never
// acts on metadata it cannot trust.

export const EDIT_LOG = 'editlog';
export const EDIT_LOG_MIRROR = 'editlog.mirror';
export const EDIT_LOGS: readonly string[] = [EDIT_LOG, EDIT_LOG_MIRROR];

export class EditLogCorruptError extends ActorsimError {
  constructor(message: string) {
    super('EDIT_LOG_CORRUPT', message);
  }
}

/** The framed form of a record: "<seq> <length of json> <checksum> <json>". */
export function frameRecord(seq: number, rec: unknown): string {
  const json = JSON.stringify(rec);
  return `${seq} ${json.length} ${checksum(`${seq} ${json.length} ${json}`)} ${json}`;
}

export type ParsedRecord = { ok: true; seq: number; rec: unknown } | { ok: false; torn: boolean; why: string };

/**
 * Checks one framed record. `torn`: a strict prefix of a record (a crash cut
 * the append short: shorter than its header says, or cut inside the header),
 * as opposed to a whole record with wrong bytes (rot), which is corrupt.
 */
export function parseRecord(raw: unknown): ParsedRecord {
  if (typeof raw !== 'string') return { ok: false, torn: false, why: 'not a framed record' };
  const m = /^(\d+) (\d+) ([0-9a-f]{8}) ([\s\S]*)$/.exec(raw);
  if (!m) {
    const headerPrefix = /^(\d+( (\d+( [0-9a-f]{0,8})?)?)?)?$/.test(raw);
    return { ok: false, torn: headerPrefix, why: headerPrefix ? 'cut short inside its header' : 'not a framed record' };
  }
  const seq = Number(m[1]);
  const length = Number(m[2]);
  const json = m[4]!;
  if (json.length < length) return { ok: false, torn: true, why: `cut short (${json.length} of ${length} characters)` };
  if (checksum(`${m[1]} ${m[2]} ${json}`) !== m[3] || json.length !== length) return { ok: false, torn: false, why: `checksum mismatch (stored ${m[3]})` };
  try {
    return { ok: true, seq, rec: JSON.parse(json) };
  } catch {
    return { ok: false, torn: false, why: 'checksum matches but the record does not parse' };
  }
}

export interface Replay {
  /** The records in sequence order. */
  records: unknown[];
  /** What replay dropped or repaired, one line each (empty when both copies were whole). */
  notes: string[];
  /** Torn records dropped (coverage marks; absent from a variant's own replay: none). */
  tornDropped?: number;
  /** Copies rewritten from the other because they were damaged (not only torn). */
  copiesRepaired?: number;
}

const encoder = new TextEncoder();

function byteLength(raw: unknown): number {
  return encoder.encode(typeof raw === 'string' ? raw : JSON.stringify(raw) ?? '').length;
}

/**
 * Reads both copies, drops torn tails, takes each record from an intact copy,
 * rewrites a damaged copy (made durable by the next commit's sync; a crash
 * before that only means the next replay repairs it again). Throws EditLogCorruptError when
 * some record is intact in neither copy.
 */
export function replayEditLog(disk: Disk, logs: readonly string[] = EDIT_LOGS): Replay {
  const notes: string[] = [];
  let tornDropped = 0;
  let copiesRepaired = 0;
  /** seq -> the first intact framed record with it, from any copy. */
  const intact = new Map<number, { rec: unknown; raw: string }>();
  /** seq -> why each copy's entry for it is bad (its seq inferred from the intact record before it). */
  const bad = new Map<number, string[]>();
  const copies = logs.map((log) => {
    const raw = disk.readLog(log);
    let changed = false; // anything to cut off or repair
    let damaged = false; // anything only the other copy can restore
    let prevSeq = 0;
    raw.forEach((entry, i) => {
      const p = parseRecord(entry);
      if (p.ok) {
        if (p.seq !== prevSeq + 1) {
          const why = `out of sequence (seq ${p.seq} after seq ${prevSeq}: a record was dropped or duplicated)`;
          for (let s = prevSeq + 1; s < p.seq; s++) addBad(bad, s, `in ${JSON.stringify(log)}: ${why}`);
          changed = damaged = true;
        }
        if (!intact.has(p.seq)) intact.set(p.seq, { rec: p.rec, raw: entry as string });
        prevSeq = p.seq;
      } else if (p.torn) {
        // An append a crash cut short: never synced, never acknowledged. It is normally
        // the last record; one that a failed repair left in the middle is skipped the same way.
        notes.push(`edit log ${JSON.stringify(log)}: dropped a torn record ${i === raw.length - 1 ? 'at its end' : 'in its middle'} (record ${i + 1}, ${byteLength(entry)} bytes)`);
        changed = true;
        tornDropped += 1;
      } else {
        addBad(bad, prevSeq + 1, `in ${JSON.stringify(log)}: ${p.why}`);
        prevSeq += 1;
        changed = damaged = true;
      }
    });
    return { log, raw, changed, damaged };
  });
  const maxSeq = Math.max(0, ...intact.keys(), ...bad.keys());
  const records: unknown[] = [];
  const framed: string[] = [];
  for (let seq = 1; seq <= maxSeq; seq++) {
    const found = intact.get(seq);
    if (!found) {
      const why = bad.get(seq) ?? ['missing from every copy'];
      throw new EditLogCorruptError(`edit log: record ${seq} (seq ${seq}) is intact in no copy (${why.join('; ')}); the name node stops rather than act on metadata it cannot trust`);
    }
    records.push(found.rec);
    framed.push(found.raw);
  }
  for (const c of copies) {
    const whole = !c.changed && c.raw.length === framed.length && c.raw.every((r, i) => r === framed[i]);
    if (whole) continue;
    try {
      disk.rewriteLog(c.log, framed);
    } catch (err) {
      if (!(err instanceof DiskError)) throw err;
      // A full disk: run on the merged records; the next replay repairs the copy (replay never needs it whole).
      notes.push(`edit log ${JSON.stringify(c.log)}: could not be repaired now (${err.message})`);
      continue;
    }
    if (c.damaged || c.raw.filter((r) => !isTorn(r)).length < framed.length) {
      notes.push(`edit log ${JSON.stringify(c.log)}: repaired from the other copy (${framed.length} records)`);
      copiesRepaired += 1;
    }
  }
  return { records, notes, tornDropped, copiesRepaired };
}

function addBad(bad: Map<number, string[]>, seq: number, why: string): void {
  let l = bad.get(seq);
  if (!l) bad.set(seq, (l = []));
  l.push(why);
}

function isTorn(raw: unknown): boolean {
  const p = parseRecord(raw);
  return !p.ok && p.torn;
}
