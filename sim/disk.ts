import { copyValue } from '../core/actors/copy';
import type { Disk } from '../core/actors/host';

// A node's simulated disk: a key/value store and named append-only logs.
// Writes are durable the moment they return (the simulated fsync); values are
// copied in and out so actor memory and disk never alias. Survives crashes;
// `clear` is a wipe.

export class SimDisk implements Disk {
  private readonly kv = new Map<string, unknown>();
  private readonly logs = new Map<string, unknown[]>();

  get(key: string): unknown {
    const v = this.kv.get(key);
    return v === undefined ? undefined : copyValue(v, 'disk.get');
  }

  has(key: string): boolean {
    return this.kv.has(key);
  }

  put(key: string, value: unknown): void {
    this.kv.set(key, copyValue(value, `disk.put ${key}`));
  }

  delete(key: string): boolean {
    return this.kv.delete(key);
  }

  keys(prefix?: string): string[] {
    const out: string[] = [];
    for (const k of this.kv.keys()) if (prefix === undefined || k.startsWith(prefix)) out.push(k);
    return out;
  }

  append(log: string, record: unknown): void {
    let l = this.logs.get(log);
    if (!l) this.logs.set(log, (l = []));
    l.push(copyValue(record, `disk.append ${log}`));
  }

  readLog(log: string): unknown[] {
    return copyValue(this.logs.get(log) ?? [], 'disk.readLog');
  }

  rewriteLog(log: string, records: unknown[]): void {
    this.logs.set(log, copyValue(records, `disk.rewriteLog ${log}`));
  }

  /** Checkers read without copying. Never mutate the result. */
  peek(key: string): unknown {
    return this.kv.get(key);
  }

  /** A wipe: everything is gone. */
  clear(): void {
    this.kv.clear();
    this.logs.clear();
  }

  /** Bit rot: flips one character of the longest string inside the value at `key`. Returns false if nothing to rot. */
  corrupt(key: string, pick: (n: number) => number): boolean {
    const v = this.kv.get(key);
    if (v === undefined) return false;
    const rotted = rot(v, pick);
    if (rotted === NOTHING) return false;
    this.kv.set(key, rotted);
    return true;
  }

  /** Rough bytes held: string lengths plus log records, for reports. */
  sizeBytes(): number {
    let n = 0;
    for (const v of this.kv.values()) n += approxSize(v);
    return n;
  }
}

const NOTHING = Symbol('nothing');

function rot(v: unknown, pick: (n: number) => number): unknown {
  if (typeof v === 'string') {
    if (v.length === 0) return NOTHING;
    const i = pick(v.length);
    const c = v.charCodeAt(i);
    return v.slice(0, i) + String.fromCharCode(c === 0x7e ? 0x21 : c + 1) + v.slice(i + 1);
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    let best: string | null = null;
    let bestLen = 0;
    for (const [k, x] of Object.entries(v)) if (typeof x === 'string' && x.length > bestLen) [best, bestLen] = [k, x.length];
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
