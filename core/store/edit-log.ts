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
  const copies = logs.map((log) => {
    const raw = disk.readLog(log);
    const parsed = raw.map(parseRecord);
    // Only the last record can be torn: every replay cuts a torn tail off before the next append.
    // A whole last record with wrong bytes is rot, not a tear: it is judged like any other.
    const last = parsed[parsed.length - 1];
    if (last !== undefined && !last.ok && last.torn) {
      const n = byteLength(raw[raw.length - 1]);
      notes.push(`edit log ${JSON.stringify(log)}: dropped a torn record at its end (record ${raw.length}, ${n} bytes)`);
      raw.pop();
      parsed.pop();
    }
    return { log, raw, parsed };
  });
  const length = Math.max(0, ...copies.map((c) => c.parsed.length));
  const records: unknown[] = [];
  const framed: string[] = [];
  for (let i = 0; i < length; i++) {
    const seq = i + 1;
    let found: { rec: unknown; raw: string } | null = null;
    const bad: string[] = [];
    for (const c of copies) {
      const p = c.parsed[i];
      if (p === undefined) continue;
      if (!p.ok) bad.push(`in ${JSON.stringify(c.log)}: ${p.why}`);
      else if (p.seq !== seq) bad.push(`in ${JSON.stringify(c.log)}: out of sequence (seq ${p.seq} where ${seq} belongs: a record was dropped or duplicated)`);
      else if (found === null) found = { rec: p.rec, raw: c.raw[i] as string };
    }
    if (found === null) {
      throw new EditLogCorruptError(
        `edit log: record ${seq} (seq ${seq}) is intact in no copy (${bad.join('; ')}); the name node stops rather than act on metadata it cannot trust`,
      );
    }
    records.push(found.rec);
    framed.push(found.raw);
  }
  for (const c of copies) {
    const whole = c.raw.length === framed.length && c.raw.every((r, i) => r === framed[i]);
    if (whole && !notes.some((n) => n.includes(JSON.stringify(c.log)))) continue;
    try {
      disk.rewriteLog(c.log, framed);
    } catch (err) {
      if (!(err instanceof DiskError)) throw err;
      // A full disk: run on the merged records; the next replay repairs the copy (replay never needs it whole).
      notes.push(`edit log ${JSON.stringify(c.log)}: could not be repaired now (${err.message})`);
      continue;
    }
    if (!whole) notes.push(`edit log ${JSON.stringify(c.log)}: repaired from the other copy (${framed.length} records)`);
  }
  return { records, notes };
}
