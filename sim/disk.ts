import { copyValue } from '../core/actors/copy';
import { DiskError } from '../core/actors/disk-error';
import type { Disk } from '../core/actors/host';

// A node's simulated disk: a key/value store and named append-only logs, as
// harsh as a real one. Two states: what reads see (the page cache) and what
// survives a crash (the platter). A write reaches the first at once and the
// second only when a `sync` completes; a crash drops every unsynced write
// and, drawn from the seed, tears the last unsynced append or leaves the last
// unsynced put partly written (FoundationDB's AsyncFileNonDurable and
// TigerBeetle's storage faults do the same). Hardware faults the nemesis
// switches on: read errors on a key, a missing value (the key stays listed),
// garbage in place of a value (a latent sector error), bit rot of values and
// of log records, slow syncs that take virtual time, a full disk. Values are
// copied in and out so actor memory and disk never alias; `clear` is a wipe.

type Op =
  | { kind: 'put'; key: string; value: unknown }
  | { kind: 'delete'; key: string }
  | { kind: 'append'; log: string; record: unknown }
  | { kind: 'rewrite'; log: string; records: unknown[] };

/** A key whose file is gone but still listed (an unlinked file, a lost inode). */
const MISSING = Symbol('missing');

export interface SimDiskHooks {
  /** Resolves after `ms` of the node's virtual time (never, if the node crashes first). */
  delay(ms: number): Promise<void>;
}

/** What a crash did to the unsynced writes, for the trace and tests. */
export interface CrashLoss {
  lost: number;
  torn: 'none' | 'append' | 'put';
  key?: string;
}

const IMMEDIATE: SimDiskHooks = { delay: () => Promise.resolve() };

export class SimDisk implements Disk {
  private kv = new Map<string, unknown>();
  private logs = new Map<string, unknown[]>();
  private readonly durableKv = new Map<string, unknown>();
  private readonly durableLogs = new Map<string, unknown[]>();
  private unsynced: Op[] = [];
  /** Ops ever written, and the count made durable: a sync covers the writes before it. */
  private written = 0;
  private flushed = 0;
  private readonly readErrors = new Set<string>();
  /** Virtual ms every sync takes while > 0 (a slow disk). */
  slowSyncMs = 0;
  /** Writes fail with DISK_FULL while set. */
  full = false;

  constructor(private readonly hooks: SimDiskHooks = IMMEDIATE) {}

  get(key: string): unknown {
    if (this.readErrors.has(key)) throw new DiskError('DISK_READ_ERROR', `disk.get ${JSON.stringify(key)}: read error (EIO)`);
    const v = this.kv.get(key);
    return v === undefined || v === MISSING ? undefined : copyValue(v, 'disk.get');
  }

  has(key: string): boolean {
    return this.kv.has(key);
  }

  put(key: string, value: unknown): void {
    this.checkSpace(`disk.put ${JSON.stringify(key)}`);
    const v = copyValue(value, `disk.put ${key}`);
    this.kv.set(key, v);
    this.record({ kind: 'put', key, value: v });
  }

  delete(key: string): boolean {
    if (!this.kv.delete(key)) return false;
    this.record({ kind: 'delete', key });
    return true;
  }

  keys(prefix?: string): string[] {
    const out: string[] = [];
    for (const k of this.kv.keys()) if (prefix === undefined || k.startsWith(prefix)) out.push(k);
    return out;
  }

  append(log: string, record: unknown): void {
    this.checkSpace(`disk.append ${JSON.stringify(log)}`);
    const r = copyValue(record, `disk.append ${log}`);
    let l = this.logs.get(log);
    if (!l) this.logs.set(log, (l = []));
    l.push(r);
    this.record({ kind: 'append', log, record: r });
  }

  readLog(log: string): unknown[] {
    return copyValue(this.logs.get(log) ?? [], 'disk.readLog');
  }

  rewriteLog(log: string, records: unknown[]): void {
    this.checkSpace(`disk.rewriteLog ${JSON.stringify(log)}`);
    const rs = copyValue(records, `disk.rewriteLog ${log}`);
    this.logs.set(log, [...rs]);
    this.record({ kind: 'rewrite', log, records: rs });
  }

  sync(): Promise<void> {
    const upTo = this.written;
    if (this.slowSyncMs <= 0) {
      this.flush(upTo);
      return Promise.resolve();
    }
    return this.hooks.delay(this.slowSyncMs).then(() => this.flush(upTo));
  }

  // ------------------------------------------------------ the world's side

  /** Writes not yet durable. */
  get unsyncedWrites(): number {
    return this.unsynced.length;
  }

  /**
   * The process died: reads now see only what was synced. With `draw`
   * (the seed's disk stream), the last unsynced append may survive torn, or
   * the last unsynced put partly written, as a real disk leaves them.
   */
  crash(draw?: (n: number) => number): CrashLoss {
    const lost = this.unsynced.length;
    let torn: CrashLoss = { lost, torn: 'none' };
    if (lost > 0 && draw) {
      const how = draw(3);
      const last = findLast(this.unsynced, how === 1 ? 'append' : 'put');
      if (how === 1 && last?.kind === 'append') {
        const t = tear(last.record, draw);
        if (t !== NOTHING) {
          let l = this.durableLogs.get(last.log);
          if (!l) this.durableLogs.set(last.log, (l = []));
          // Where the torn bytes land: after the durable records (a rewrite since then was lost too).
          l.push(t);
          torn = { lost, torn: 'append', key: last.log };
        }
      } else if (how === 2 && last?.kind === 'put') {
        const t = tear(last.value, draw);
        if (t !== NOTHING) {
          this.durableKv.set(last.key, t);
          torn = { lost, torn: 'put', key: last.key };
        }
      }
    }
    this.unsynced = [];
    this.flushed = this.written;
    this.rebuild();
    return torn;
  }

  /** Checkers read without copying. Never mutate the result. */
  peek(key: string): unknown {
    const v = this.kv.get(key);
    return v === MISSING ? undefined : v;
  }

  /** What survives a crash now (the atlas counts only this as durable). Never mutate the result. */
  peekDurable(key: string): unknown {
    const v = this.durableKv.get(key);
    return v === MISSING ? undefined : v;
  }

  /** The durable records of a log, without copying. Never mutate the result. */
  peekDurableLog(log: string): readonly unknown[] {
    return this.durableLogs.get(log) ?? [];
  }

  /** A wipe: everything is gone. */
  clear(): void {
    this.kv.clear();
    this.logs.clear();
    this.durableKv.clear();
    this.durableLogs.clear();
    this.unsynced = [];
    this.flushed = this.written;
    this.readErrors.clear();
    this.slowSyncMs = 0;
    this.full = false;
  }

  /** Bit rot: flips one character of the longest string inside the durable value at `key`. Returns false if nothing to rot. */
  corrupt(key: string, pick: (n: number) => number): boolean {
    return this.damage(key, (v) => rot(v, pick));
  }

  /** A latent sector error: the durable value at `key` reads back as garbage of about its size. */
  garble(key: string, pick: (n: number) => number): boolean {
    return this.damage(key, (v) => {
      const n = Math.max(1, Math.min(64, approxSize(v)));
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode(0x21 + pick(94));
      return s;
    });
  }

  /** The value's file is gone; the key is still listed and `get` returns undefined. */
  loseValue(key: string): boolean {
    return this.damage(key, () => MISSING);
  }

  /** Bit rot of the durable log record at `index`. */
  corruptLogRecord(log: string, index: number, pick: (n: number) => number): boolean {
    const l = this.durableLogs.get(log);
    if (!l || index < 0 || index >= l.length) return false;
    const rotted = rot(l[index], pick);
    if (rotted === NOTHING) return false;
    l[index] = rotted;
    this.rebuild();
    return true;
  }

  /** Reads of `key` fail with a read error until `healReads`. */
  failReads(key: string): void {
    this.readErrors.add(key);
  }

  healReads(key: string): void {
    this.readErrors.delete(key);
  }

  /** Rough bytes held: string lengths plus log records, for reports. */
  sizeBytes(): number {
    let n = 0;
    for (const v of this.kv.values()) n += approxSize(v);
    return n;
  }

  // ---------------------------------------------------------------- internal

  private checkSpace(api: string): void {
    if (this.full) throw new DiskError('DISK_FULL', `${api}: no space left on device (ENOSPC)`);
  }

  private record(op: Op): void {
    this.unsynced.push(op);
    this.written += 1;
  }

  /** Makes the writes numbered below `upTo` durable, oldest first. */
  private flush(upTo: number): void {
    while (this.flushed < upTo && this.unsynced.length > 0) {
      applyOp(this.durableKv, this.durableLogs, this.unsynced.shift()!);
      this.flushed += 1;
    }
  }

  /** Applies a fault to the durable value at `key` (and to what reads see, unless an unsynced write covers it). */
  private damage(key: string, f: (v: unknown) => unknown): boolean {
    const v = this.durableKv.get(key);
    if (v === undefined || v === MISSING) return false;
    const out = f(v);
    if (out === NOTHING) return false;
    this.durableKv.set(key, out);
    this.rebuild();
    return true;
  }

  /** What reads see = the durable state with the unsynced writes replayed on it. */
  private rebuild(): void {
    const kv = new Map(this.durableKv);
    const logs = new Map<string, unknown[]>();
    for (const [k, l] of this.durableLogs) logs.set(k, [...l]);
    for (const op of this.unsynced) applyOp(kv, logs, op);
    this.kv = kv;
    this.logs = logs;
  }
}

function applyOp(kv: Map<string, unknown>, logs: Map<string, unknown[]>, op: Op): void {
  switch (op.kind) {
    case 'put':
      kv.set(op.key, op.value);
      break;
    case 'delete':
      kv.delete(op.key);
      break;
    case 'append': {
      let l = logs.get(op.log);
      if (!l) logs.set(op.log, (l = []));
      l.push(op.record);
      break;
    }
    case 'rewrite':
      logs.set(op.log, [...op.records]);
      break;
  }
}

function findLast(ops: readonly Op[], kind: 'append' | 'put'): Op | undefined {
  for (let i = ops.length - 1; i >= 0; i--) if (ops[i]!.kind === kind) return ops[i];
  return undefined;
}

const NOTHING = Symbol('nothing');

/** A partly written copy: a string cut short, or an object whose longest string is. */
function tear(v: unknown, draw: (n: number) => number): unknown {
  if (typeof v === 'string') return v.length === 0 ? NOTHING : v.slice(0, draw(v.length));
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const best = longestString(v as Record<string, unknown>);
    if (best === null) return NOTHING;
    const out = { ...(v as Record<string, unknown>) };
    out[best] = tear(out[best], draw);
    return out;
  }
  return NOTHING;
}

function longestString(v: Record<string, unknown>): string | null {
  let best: string | null = null;
  let bestLen = 0;
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string' && x.length > bestLen) [best, bestLen] = [k, x.length];
  return best;
}

function rot(v: unknown, pick: (n: number) => number): unknown {
  if (typeof v === 'string') {
    if (v.length === 0) return NOTHING;
    const i = pick(v.length);
    const c = v.charCodeAt(i);
    return v.slice(0, i) + String.fromCharCode(c === 0x7e ? 0x21 : c + 1) + v.slice(i + 1);
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const best = longestString(v as Record<string, unknown>);
    if (best === null) return NOTHING;
    const out = { ...(v as Record<string, unknown>) };
    out[best] = rot(out[best], pick);
    return out;
  }
  return NOTHING;
}

function approxSize(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (v && typeof v === 'object') {
    let n = 0;
    for (const x of Object.values(v)) n += typeof x === 'string' ? x.length : 8;
    return n;
  }
  return 8;
}
