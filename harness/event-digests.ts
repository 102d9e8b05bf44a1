import type { TraceEvent } from '../sim';

// The running trace hash after every event, carried in results and repro
// files as base64 of little-endian int32s: two runs agree up to the first
// index where these differ, which is the first event that differs.

export function encodeDigests(d: Int32Array): string {
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('base64');
}

export function decodeDigests(s: string): Int32Array {
  const b = Buffer.from(s, 'base64');
  const out = new Int32Array(Math.floor(b.length / 4));
  for (let i = 0; i < out.length; i++) out[i] = b.readInt32LE(i * 4);
  return out;
}

export interface DifferingEvent {
  /** Index of the first event that differs (from 0). */
  index: number;
  /** The recorded and the rerun's running hash after that event (8 hex digits; null past the end of a side). */
  expectedDigest: string | null;
  actualDigest: string | null;
  /** The rerun's event at that index, when its trace was kept. */
  actual?: TraceEvent;
}

const hex = (n: number | undefined): string | null => (n === undefined ? null : (n >>> 0).toString(16).padStart(8, '0'));

/** The first index where two runs' digests differ, or null when one is a prefix of the other and they have the same length. */
export function firstDifferingEvent(expected: Int32Array, actual: Int32Array, trace?: readonly TraceEvent[]): DifferingEvent | null {
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    if (expected[i] !== actual[i]) {
      const ev = trace?.[i];
      return { index: i, expectedDigest: hex(expected[i]), actualDigest: hex(actual[i]), ...(ev ? { actual: ev } : {}) };
    }
  }
  return null;
}

/** One line naming the differing event. */
export function describeDifferingEvent(d: DifferingEvent): string {
  const e = d.actual;
  const what = e
    ? ` (${e.kind} at ${e.timeMs}ms on ${e.node}: ${e.label}${e.from ? ` from ${e.from}${e.fromActor ? '/' + e.fromActor : ''}` : ''}${e.toActor ? ` to ${e.toActor}` : ''}${e.digest ? `, value digest ${e.digest}` : ''})`
    : '';
  return `first differing event #${d.index}${what}: recorded digest ${d.expectedDigest ?? '(none: the recorded run ended)'}, this run ${d.actualDigest ?? '(none: this run ended)'}`;
}
