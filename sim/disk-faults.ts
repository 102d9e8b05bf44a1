import type { SeededStream } from './random';
import type { SimDisk } from './disk';

// The nemesis's disk faults (issue 12), drawn and applied here so that
// nemesis.ts only routes to them. What each does to a node's SimDisk:
//
//   read-error  reads of one chunk fail (EIO) for a while, then work again
//   lost-file   one chunk's value is gone; its key is still listed
//   garbage     one chunk reads back as garbage (a latent sector error)
//   logrot      one of the newest durable edit-log records gets a flipped character
//   slow-disk   every sync takes 20-200 ms of virtual time for a while
//   full-disk   every write fails with ENOSPC for a while
//
// In recoverable mode the guard (the fault atlas) vetoes lost-file, garbage
// and logrot when they would destroy the last durable intact copy.

/** logrot picks among this many newest durable records (both copies counted). */
export const RECENT_LOG_RECORDS = 6;

export const DISK_FAULT_KINDS = ['read-error', 'lost-file', 'garbage', 'logrot', 'slow-disk', 'full-disk'] as const;
export type DiskFaultKind = (typeof DISK_FAULT_KINDS)[number];

export function isDiskFaultKind(kind: string): kind is DiskFaultKind {
  return (DISK_FAULT_KINDS as readonly string[]).includes(kind);
}

/** The fields of a FaultEvent a disk fault uses. */
export interface DiskFaultEvent {
  kind: string;
  node?: string;
  durationMs: number;
  pick?: number;
  /** slow-disk: how long each sync takes. */
  delayMs?: number;
}

export interface DiskFaultGuard {
  /** Keys eligible for value faults on a node. */
  rotKeys(node: string): string[];
  canDestroy(node: string, key: string | null): boolean;
  /** Durable log records eligible for rot on a node, newest first. */
  logRecords?(node: string): Array<{ log: string; index: number }>;
  /** May this durable record be rotted without losing the last intact copy of what it says? */
  canRotLog?(node: string, log: string, index: number): boolean;
}

/** Fills in a drawn disk fault's target and extent. */
export function drawDiskFault(e: DiskFaultEvent, kind: DiskFaultKind, stream: SeededStream, topo: { storageNodes: string[]; nameNode: string }): void {
  switch (kind) {
    case 'read-error':
      e.node = stream.pick(topo.storageNodes);
      e.pick = stream.int(1 << 30);
      e.durationMs = stream.range(100, 1500);
      break;
    case 'lost-file':
    case 'garbage':
      e.node = stream.pick(topo.storageNodes);
      e.pick = stream.int(1 << 30);
      break;
    case 'logrot':
      e.node = topo.nameNode;
      e.pick = stream.int(1 << 30);
      break;
    case 'slow-disk':
      e.node = stream.pick([topo.nameNode, ...topo.storageNodes]);
      e.delayMs = stream.range(20, 200);
      e.durationMs = stream.range(200, 1500);
      break;
    case 'full-disk':
      e.node = stream.pick([topo.nameNode, ...topo.storageNodes]);
      e.durationMs = stream.range(100, 1000);
      break;
  }
}

export interface DiskWorld {
  disk(node: string): SimDisk;
  /** Records what a fault did, in the trace. */
  note(node: string, what: string): void;
  /** The seed's fault stream, for where a flip lands. */
  draw(n: number): number;
}

/** Applies and ends disk faults; remembers which event holds a disk slow or full, so only its end clears it. */
export class DiskFaults {
  private readonly slowBy = new Map<string, number>();
  private readonly fullBy = new Map<string, number>();
  private readonly readErrors = new Map<number, { node: string; key: string }>();

  constructor(
    private readonly world: DiskWorld,
    private readonly guard: DiskFaultGuard,
    private readonly recoverable: boolean,
  ) {}

  /** Applies the fault; false when there is nothing to apply it to or the atlas vetoes it. */
  start(e: DiskFaultEvent, i: number): boolean {
    const node = e.node!;
    const disk = this.world.disk(node);
    switch (e.kind as DiskFaultKind) {
      case 'read-error': {
        const key = this.pickKey(node, e.pick!);
        if (key === null) return false;
        disk.failReads(key);
        this.readErrors.set(i, { node, key });
        this.world.note(node, `read errors on ${key}`);
        return true;
      }
      case 'lost-file':
      case 'garbage': {
        const key = this.pickKey(node, e.pick!);
        if (key === null) return false;
        if (this.recoverable && !this.guard.canDestroy(node, key)) return false;
        const ok = e.kind === 'lost-file' ? disk.loseValue(key) : disk.garble(key, (n) => this.world.draw(n));
        if (ok) this.world.note(node, `${e.kind} ${key}`);
        return ok;
      }
      case 'logrot': {
        // One of the most recent records (the guard lists them newest first): where the log is
        // being written, and what still matters to replay; stable when a shrinker drops earlier operations.
        const records = (this.guard.logRecords?.(node) ?? []).slice(0, RECENT_LOG_RECORDS);
        if (records.length === 0) return false;
        const r = records[e.pick! % records.length]!;
        if (this.recoverable && !(this.guard.canRotLog?.(node, r.log, r.index) ?? false)) return false;
        const ok = disk.corruptLogRecord(r.log, r.index, (n) => this.world.draw(n));
        if (ok) this.world.note(node, `logrot ${r.log}#${r.index + 1}`);
        return ok;
      }
      case 'slow-disk':
        disk.slowSyncMs = Math.max(disk.slowSyncMs, e.delayMs ?? 50);
        this.slowBy.set(node, i);
        this.world.note(node, `slow disk: syncs take ${disk.slowSyncMs}ms`);
        return true;
      case 'full-disk':
        disk.full = true;
        this.fullBy.set(node, i);
        this.world.note(node, 'disk full');
        return true;
    }
    return false;
  }

  end(e: DiskFaultEvent, i: number): void {
    const node = e.node!;
    switch (e.kind as DiskFaultKind) {
      case 'read-error': {
        const r = this.readErrors.get(i);
        if (r) {
          this.readErrors.delete(i);
          if (![...this.readErrors.values()].some((x) => x.node === r.node && x.key === r.key)) this.world.disk(r.node).healReads(r.key);
        }
        break;
      }
      case 'slow-disk':
        if (this.slowBy.get(node) === i) {
          this.slowBy.delete(node);
          this.world.disk(node).slowSyncMs = 0;
        }
        break;
      case 'full-disk':
        if (this.fullBy.get(node) === i) {
          this.fullBy.delete(node);
          this.world.disk(node).full = false;
        }
        break;
      default:
        break;
    }
  }

  /** Ends every lasting disk fault now. */
  healAll(): void {
    for (const r of this.readErrors.values()) this.world.disk(r.node).healReads(r.key);
    this.readErrors.clear();
    for (const node of this.slowBy.keys()) this.world.disk(node).slowSyncMs = 0;
    this.slowBy.clear();
    for (const node of this.fullBy.keys()) this.world.disk(node).full = false;
    this.fullBy.clear();
  }

  private pickKey(node: string, pick: number): string | null {
    const keys = this.guard.rotKeys(node);
    return keys.length === 0 ? null : keys[pick % keys.length]!;
  }
}
