import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, show } from '../core/errors';
import type { Disk } from '../core/actors/host';
import { decodeValue, encodeValue, NO_HANDLES } from './codec';

// A node's disk on real files, in its data folder:
//
//   kv/<sha256(key)>.json     one file per key: {"key", "seq", "value"}
//   logs/<sha256(log)>.jsonl  one line per record of an append-only log
//
// File names are hashes of the keys, so no key (chunk ids, and through them
// nothing an artifact name controls) can reach outside the folder. Values are
// in the tagged JSON of codec.ts (copies in and out, as the Disk contract
// asks). Every write is durable before it returns: a key file is written to
// a temporary file, fsynced and renamed over the old one, then the folder is
// fsynced; a log record is appended and the log fsynced. A record torn by a
// crash mid-append was never acknowledged: it is cut off when the log is
// next opened. `keys` keeps insertion order across restarts (the `seq` of a
// key's first write).

/** Modes of what a node writes: only the owner may read data, logs and secrets. */
export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;

export class FileDisk implements Disk {
  private readonly kvDir: string;
  private readonly logDir: string;
  private readonly index = new Map<string, number>();
  private nextSeq = 1;
  private readonly logFds = new Map<string, number>();

  constructor(readonly dir: string, private readonly log: (line: string) => void = () => {}) {
    this.kvDir = join(dir, 'kv');
    this.logDir = join(dir, 'logs');
    mkdirSync(this.kvDir, { recursive: true, mode: PRIVATE_DIR });
    mkdirSync(this.logDir, { recursive: true, mode: PRIVATE_DIR });
    this.load();
  }

  /** The file name a key or log name maps to. */
  static fileName(name: string): string {
    return createHash('sha256').update(name, 'utf8').digest('hex');
  }

  get(key: string): unknown {
    checkKey('disk.get', key);
    if (!this.index.has(key)) return undefined;
    const record = this.readKeyFile(join(this.kvDir, `${FileDisk.fileName(key)}.json`));
    if (!record || record.key !== key) {
      // Never left in place for ever: moved aside (kept for inspection) and forgotten, so the
      // next block report no longer lists it and the name node re-replicates the chunk.
      const where = this.quarantine(`${FileDisk.fileName(key)}.json`);
      this.index.delete(key);
      this.log(`disk: the file of key ${show(key)} is unreadable; quarantined as ${where}, treated as missing`);
      return undefined;
    }
    return record.value;
  }

  has(key: string): boolean {
    checkKey('disk.has', key);
    return this.index.has(key);
  }

  put(key: string, value: unknown): void {
    checkKey('disk.put', key);
    const seq = this.index.get(key) ?? this.nextSeq++;
    const text = JSON.stringify({ key, seq, value: encodeValue(value, `disk.put ${key}`) });
    writeDurably(this.kvDir, `${FileDisk.fileName(key)}.json`, text);
    this.index.set(key, seq);
  }

  delete(key: string): boolean {
    checkKey('disk.delete', key);
    if (!this.index.has(key)) return false;
    const path = join(this.kvDir, `${FileDisk.fileName(key)}.json`);
    if (existsSync(path)) unlinkSync(path);
    fsyncDir(this.kvDir);
    this.index.delete(key);
    return true;
  }

  keys(prefix?: string): string[] {
    const out: string[] = [];
    for (const k of this.index.keys()) if (prefix === undefined || k.startsWith(prefix)) out.push(k);
    return out;
  }

  append(log: string, record: unknown): void {
    checkKey('disk.append', log);
    const line = JSON.stringify(encodeValue(record, `disk.append ${log}`)) + '\n';
    const fd = this.logFd(log);
    const bytes = Buffer.from(line, 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  }

  readLog(log: string): unknown[] {
    checkKey('disk.readLog', log);
    this.logFd(log); // repairs a torn tail
    const text = readFileSync(this.logPath(log), 'utf8');
    const out: unknown[] = [];
    const lines = text.split('\n');
    lines.pop(); // after the last newline: nothing (a torn tail was cut off)
    lines.forEach((line, i) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new InvalidArgumentError(`disk.readLog ${show(log)}: record ${i + 1} of ${this.logPath(log)} is corrupt`);
      }
      out.push(decodeValue(json, `disk.readLog ${log}`, NO_HANDLES));
    });
    return out;
  }

  rewriteLog(log: string, records: unknown[]): void {
    checkKey('disk.rewriteLog', log);
    const text = records.map((r) => JSON.stringify(encodeValue(r, `disk.rewriteLog ${log}`)) + '\n').join('');
    const fd = this.logFds.get(log);
    if (fd !== undefined) {
      closeSync(fd);
      this.logFds.delete(log);
    }
    writeDurably(this.logDir, `${FileDisk.fileName(log)}.jsonl`, text);
  }

  /** Closes open log files (the process is ending). */
  close(): void {
    for (const fd of this.logFds.values()) closeSync(fd);
    this.logFds.clear();
  }

  // ----------------------------------------------------------------- internal

  private logPath(log: string): string {
    return join(this.logDir, `${FileDisk.fileName(log)}.jsonl`);
  }

  /** The log's file, opened for appending; a torn last record is cut off first. */
  private logFd(log: string): number {
    let fd = this.logFds.get(log);
    if (fd !== undefined) return fd;
    const path = this.logPath(log);
    const created = !existsSync(path);
    fd = openSync(path, 'a+', PRIVATE_FILE);
    if (created) fsyncDir(this.logDir);
    const size = fstatSync(fd).size;
    if (size > 0) {
      const tail = Buffer.alloc(Math.min(size, 64 * 1024));
      let end = size;
      let keep = -1;
      // Find the last newline, reading backwards in blocks.
      while (end > 0 && keep < 0) {
        const start = Math.max(0, end - tail.length);
        const n = readSync(fd, tail, 0, end - start, start);
        const i = tail.subarray(0, n).lastIndexOf(0x0a);
        if (i >= 0) keep = start + i + 1;
        end = start;
      }
      if (keep < 0) keep = 0;
      if (keep !== size) {
        this.log(`disk: cut a torn record (${size - keep} bytes) off the end of log ${show(log)}`);
        ftruncateSync(fd, keep);
        fsyncSync(fd);
      }
    }
    this.logFds.set(log, fd);
    return fd;
  }

  private readKeyFile(path: string): { key: string; seq: number; value: unknown } | null {
    try {
      const json = JSON.parse(readFileSync(path, 'utf8')) as { key?: unknown; seq?: unknown; value?: unknown };
      if (typeof json.key !== 'string' || typeof json.seq !== 'number') return null;
      return { key: json.key, seq: json.seq, value: decodeValue(json.value, `disk ${json.key}`, NO_HANDLES) };
    } catch {
      return null;
    }
  }

  /** Moves an unreadable key file to `quarantine/` (never read again, kept for inspection); returns its new path. */
  private quarantine(name: string): string {
    const qDir = join(this.dir, 'quarantine');
    mkdirSync(qDir, { recursive: true, mode: PRIVATE_DIR });
    const to = join(qDir, `${name}.${Date.now()}`); // determinism-ok: real host (a unique name)
    try {
      renameSync(join(this.kvDir, name), to);
      fsyncDir(this.kvDir);
    } catch (err) {
      this.log(`disk: could not quarantine ${name}: ${(err as Error).message}`);
    }
    return to;
  }

  private load(): void {
    const found: Array<{ key: string; seq: number }> = [];
    for (const name of readdirSync(this.kvDir)) {
      const path = join(this.kvDir, name);
      if (name.endsWith('.tmp')) {
        unlinkSync(path); // a write that never finished
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const record = this.readKeyFile(path);
      if (!record || `${FileDisk.fileName(record.key)}.json` !== name) {
        this.log(`disk: quarantined unreadable file ${path} as ${this.quarantine(name)}`);
        continue;
      }
      found.push({ key: record.key, seq: record.seq });
    }
    found.sort((a, b) => a.seq - b.seq);
    for (const f of found) this.index.set(f.key, f.seq);
    this.nextSeq = found.length > 0 ? found[found.length - 1]!.seq + 1 : 1;
  }
}

function checkKey(api: string, key: unknown): void {
  if (typeof key !== 'string') throw new InvalidArgumentError(`${api}: key must be a string, got ${show(key)}`);
}

/** Writes `name` in `dir` so that it is either the old or the new content after a crash, and durable on return. */
export function writeDurably(dir: string, name: string, text: string): void {
  const path = join(dir, name);
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', PRIVATE_FILE);
  try {
    const bytes = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDir(dir);
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The keys held in a node's data folder, read without changing anything (for checkers and tests; the node may be running). */
export function readDiskKeys(dir: string): string[] {
  const kvDir = join(dir, 'kv');
  const out: Array<{ key: string; seq: number }> = [];
  let names: string[];
  try {
    names = readdirSync(kvDir);
  } catch {
    return [];
  }
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    try {
      const json = JSON.parse(readFileSync(join(kvDir, name), 'utf8')) as { key?: unknown; seq?: unknown };
      if (typeof json.key === 'string' && typeof json.seq === 'number' && `${FileDisk.fileName(json.key)}.json` === name) out.push({ key: json.key, seq: json.seq });
    } catch {
      // Deleted while listing, or unreadable: not held.
    }
  }
  return out.sort((a, b) => a.seq - b.seq).map((e) => e.key);
}
