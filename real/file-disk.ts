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
import { DiskError } from '../core/actors/disk-error';
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
// asks). Durability is the Disk contract's: writes go to the page cache and
// are durable once `sync()` returns. A key file is written to a temporary
// file and renamed over the old one (a crash leaves the old or the new
// content, never a mix); a log record is appended. `sync` fsyncs every file
// written since the last sync, then every folder in which a file was created,
// renamed or removed (without the folder's fsync a new name can vanish in a
// power loss). A record torn by a crash mid-append was never synced, so never
// acknowledged: it is cut off when the log is next opened. `keys` keeps
// insertion order across restarts (the `seq` of a key's first write).

/** Modes of what a node writes: only the owner may read data, logs and secrets. */
export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;

export class FileDisk implements Disk {
  private readonly kvDir: string;
  private readonly logDir: string;
  private readonly index = new Map<string, number>();
  private nextSeq = 1;
  private readonly logFds = new Map<string, number>();
  /** Written since the last sync: key files (by path), logs (by name) and folders whose entries changed. */
  private readonly dirtyFiles = new Set<string>();
  private readonly dirtyLogs = new Set<string>();
  private readonly dirtyDirs = new Set<string>();

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
    const name = `${FileDisk.fileName(key)}.json`;
    diskCall(`disk.put ${show(key)}`, () => writeAtomically(this.kvDir, name, text));
    this.dirtyFiles.add(join(this.kvDir, name));
    this.dirtyDirs.add(this.kvDir);
    this.index.set(key, seq);
  }

  delete(key: string): boolean {
    checkKey('disk.delete', key);
    if (!this.index.has(key)) return false;
    const path = join(this.kvDir, `${FileDisk.fileName(key)}.json`);
    if (existsSync(path)) unlinkSync(path);
    this.dirtyFiles.delete(path);
    this.dirtyDirs.add(this.kvDir);
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
    diskCall(`disk.append ${show(log)}`, () => {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    });
    this.dirtyLogs.add(log);
  }

  readLog(log: string): unknown[] {
    checkKey('disk.readLog', log);
    this.logFd(log); // repairs a torn tail
    const text = readFileSync(this.logPath(log), 'utf8');
    const out: unknown[] = [];
    const lines = text.split('\n');
    lines.pop(); // after the last newline: nothing (a torn tail was cut off)
    lines.forEach((line, i) => {
      // A damaged line is returned as its raw text: the reader's own checksums judge it (the edit log's do).
      let value: unknown;
      try {
        value = decodeValue(JSON.parse(line), `disk.readLog ${log}`, NO_HANDLES);
      } catch {
        this.log(`disk: record ${i + 1} of log ${show(log)} (${this.logPath(log)}) does not parse; returning its raw text`);
        value = line;
      }
      out.push(value);
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
    const name = `${FileDisk.fileName(log)}.jsonl`;
    diskCall(`disk.rewriteLog ${show(log)}`, () => writeAtomically(this.logDir, name, text));
    this.dirtyLogs.delete(log);
    this.dirtyFiles.add(join(this.logDir, name));
    this.dirtyDirs.add(this.logDir);
  }

  /** fsync of every file written since the last sync, then of the folders whose entries changed. */
  sync(): Promise<void> {
    try {
      for (const path of this.dirtyFiles) fsyncPath(path);
      for (const log of this.dirtyLogs) {
        const fd = this.logFds.get(log);
        if (fd !== undefined) fsyncSync(fd);
      }
      for (const dir of this.dirtyDirs) fsyncDir(dir);
    } catch (err) {
      return Promise.reject(asDiskError('disk.sync', err));
    }
    this.dirtyFiles.clear();
    this.dirtyLogs.clear();
    this.dirtyDirs.clear();
    return Promise.resolve();
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
    if (created) this.dirtyDirs.add(this.logDir);
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
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw asDiskError(`disk.get ${path}`, err);
    }
    try {
      const json = JSON.parse(text) as { key?: unknown; seq?: unknown; value?: unknown };
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
  writeAtomically(dir, name, text, true);
  fsyncDir(dir);
}

/** Writes `name` in `dir` through a temporary file and a rename: the old or the new content, never a mix. */
function writeAtomically(dir: string, name: string, text: string, fsyncFirst = false): void {
  const path = join(dir, name);
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', PRIVATE_FILE);
  try {
    const bytes = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    if (fsyncFirst) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

function fsyncPath(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // replaced or removed since: its folder's fsync covers it
    throw err;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Runs a write; a full disk or an I/O error becomes a DiskError naming the API. */
function diskCall(api: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    throw asDiskError(api, err);
  }
}

function asDiskError(api: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new DiskError('DISK_FULL', `${api}: no space left on device (${code})`);
  if (code === 'EIO') return new DiskError('DISK_READ_ERROR', `${api}: I/O error (EIO)`);
  return err;
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
