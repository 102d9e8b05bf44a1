// The trace: every delivery, drop, duplicate, timer and fault, folded into a
// running 64-bit hash (two 32-bit lanes) and, when asked, kept in full for
// replay and reports. Strings are hashed by content, so the hash depends only
// on what happened, never on object identity or process.

export type TraceKind =
  | 'deliver'
  | 'drop'
  | 'dup'
  | 'defer'
  | 'timer'
  | 'action'
  | 'crash'
  | 'restart'
  | 'pause'
  | 'resume'
  | 'wipe'
  | 'partition'
  | 'heal'
  | 'corrupt'
  | 'network'
  | 'violation'
  | 'write'
  | 'clock'
  | 'clog'
  | 'disk';

const KIND_CODE: Record<TraceKind, number> = {
  deliver: 1, drop: 2, dup: 3, defer: 4, timer: 5, action: 6, crash: 7, restart: 8,
  pause: 9, resume: 10, wipe: 11, partition: 12, heal: 13, corrupt: 14, network: 15, violation: 16,
  write: 17, clock: 18, clog: 19,
  disk: 40, // disk faults and crash losses
};

const DELIVER_CODE = KIND_CODE.deliver;

export interface TraceEvent {
  /** Position in the trace, from 0. */
  i: number;
  timeMs: number;
  kind: TraceKind;
  /** The node where it happened (delivery target, timer owner, faulted node). */
  node: string;
  /** For messages: sender node and actors, message kind and label (method). */
  from?: string;
  fromActor?: string | null;
  toActor?: string | null;
  message?: string;
  label: string;
  /** Message id; duplicates share it. */
  id?: number;
  detail?: string;
  /** Digest (8 hex digits) of the values the event carries: a message's payload, sender and receiving actor; a disk write's key and value. */
  digest?: string;
}

export const CHECKPOINT_EVERY = 256;

export class Trace {
  private h1 = 0x811c9dc5;
  private h2 = 0x9747b28c;
  private readonly strCache = new Map<string, number>();
  count = 0;
  readonly events: TraceEvent[] | null;
  /** The hash after every CHECKPOINT_EVERY events: a replay that diverges names the first window that differs. */
  readonly checkpoints: string[] = [];

  /** The running hash after each event (when kept): the first index where two runs differ is their first differing event. */
  private running: Int32Array | null;

  constructor(keep: boolean, private readonly keepLimit = 2_000_000, keepDigests = keep) {
    this.events = keep ? [] : null;
    this.running = keepDigests ? new Int32Array(1024) : null;
  }

  /** The running hash after each event so far (empty unless kept). */
  eventDigests(): Int32Array {
    return this.running === null ? new Int32Array(0) : this.running.slice(0, Math.min(this.count, this.running.length));
  }

  private keepRunning(): void {
    let r = this.running!;
    if (this.count >= r.length) {
      if (r.length >= this.keepLimit) return;
      const grown = new Int32Array(r.length * 2);
      grown.set(r);
      this.running = r = grown;
    }
    r[this.count] = this.h1;
  }

  private mix(v: number): void {
    this.h1 = Math.imul(this.h1 ^ (v | 0), 0x01000193);
    let k = Math.imul(v | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    this.h2 = Math.imul(this.h2 ^ Math.imul(k, 0x1b873593), 5) + 0xe6546b64;
    this.h2 = (this.h2 << 13) | (this.h2 >>> 19);
  }

  // The last label hashed: consecutive events mostly share one (a label is one string per method).
  private lastStr = '';
  private lastStrHash = 0x811c9dc5;

  /** The content hash of a string (FNV-1a), as folded into the trace. */
  str(s: string): number {
    if (s === this.lastStr) return this.lastStrHash;
    let h = this.strCache.get(s);
    if (h === undefined) {
      h = 0x811c9dc5;
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
      this.strCache.set(s, h);
    }
    this.lastStr = s;
    this.lastStrHash = h;
    return h;
  }

  /** Hot path: folds one event in; builds the record only when the trace is kept. */
  record(timeMs: number, kind: TraceKind, node: string, label: string, id: number, extra?: Omit<TraceEvent, 'i' | 'timeMs' | 'kind' | 'node' | 'label' | 'id'>): void {
    this.mix(timeMs);
    this.mix(KIND_CODE[kind]);
    this.mix(this.str(node));
    this.mix(this.str(label));
    this.mix(id);
    if (extra?.detail) this.mix(this.str(extra.detail));
    if (extra?.digest !== undefined) this.mix(parseInt(extra.digest, 16));
    if (this.events && this.events.length < this.keepLimit) {
      this.events.push({ i: this.count, timeMs, kind, node, label, id, ...extra });
    }
    if (this.running !== null) this.keepRunning();
    this.count += 1;
    if ((this.count & (CHECKPOINT_EVERY - 1)) === 0) this.checkpoints.push(this.hash());
  }

  /**
   * Hot path of a kept-less trace: a delivery whose node hash the caller
   * keeps (`str(node)`). Folds exactly what `record(timeMs, 'deliver', node, label, id, { digest })` folds.
   */
  deliver(timeMs: number, nodeHash: number, label: string, id: number, digest: number): void {
    this.mix(timeMs);
    this.mix(DELIVER_CODE);
    this.mix(nodeHash);
    this.mix(this.str(label));
    this.mix(id);
    this.mix(digest);
    if (this.running !== null) this.keepRunning();
    this.count += 1;
    if ((this.count & (CHECKPOINT_EVERY - 1)) === 0) this.checkpoints.push(this.hash());
  }

  /** Hex digest of everything recorded so far. */
  hash(): string {
    const a = (this.h1 >>> 0).toString(16).padStart(8, '0');
    const b = ((this.h2 ^ this.count) >>> 0).toString(16).padStart(8, '0');
    return a + b;
  }
}
