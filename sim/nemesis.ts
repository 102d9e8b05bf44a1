import { InvalidArgumentError, show } from '../core/errors';
import { DiskFaults, drawDiskFault, isDiskFaultKind, DISK_FAULT_KINDS } from './disk-faults';
import type { NetworkOptions } from './network';
import type { SeededStream } from './random';
import type { Simulation } from './simulation';
import { drawWorldFault, isWorldFaultKind, startWorldFault, worldNetworkPatch, WORLD_FAULT_KINDS } from './world-faults';
import { applyPartitions, overlayNetwork, type ActivePartition } from './fault-overlay';

// The nemesis: an explicit fault schedule drawn from the seed's `faults`
// stream, applied on virtual time. Explicit so that a failing run's faults can
// be printed, saved and cut down. In `recoverable` mode a guard (the fault
// atlas) vetoes any fault that would destroy the last intact copy of data;
// vetoed faults are counted, not applied.

export const FAULT_KINDS = ['crash', 'crash-nn', 'pause', 'wipe', 'isolate', 'split', 'one-way', 'loss', 'duplicate', 'delay', 'bitrot', ...DISK_FAULT_KINDS, ...WORLD_FAULT_KINDS] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultMode = 'recoverable' | 'unlimited';

export interface FaultEvent {
  atMs: number;
  kind: FaultKind;
  durationMs: number;
  /** The faulted node (crash, pause, wipe, isolate, bitrot). */
  node?: string;
  /** Group A of a split or the senders of a one-way partition; group B is every other node. */
  group?: string[];
  /** Chooses among candidate keys for bitrot; the unclog order of a swizzle-clog. */
  pick?: number;
  /** Clock faults: the jump, ms. */
  deltaMs?: number;
  /** slow-disk: virtual ms each sync takes. */
  delayMs?: number;
}

export interface FaultTopology {
  storageNodes: string[];
  nameNode: string;
  /** Client nodes: partitioned like the rest, never crashed. */
  clientNodes: string[];
}

export interface FaultGuard {
  /** May `node`'s disk (key null) or one key be destroyed without losing the last intact copy of anything? */
  canDestroy(node: string, key: string | null): boolean;
  /** Keys eligible for bit rot on a node. */
  rotKeys(node: string): string[];
  /** Durable log records eligible for rot on a node, newest first (disk-faults.ts). */
  logRecords?(node: string): Array<{ log: string; index: number }>;
  /** May this durable log record be rotted without losing the last intact copy of what it says? */
  canRotLog?(node: string, log: string, index: number): boolean;
}

export function isFaultKind(s: string): s is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(s);
}

/** Draws `counts[kind]` faults of each kind, uniformly over [startMs, endMs). */
export function drawFaultSchedule(stream: SeededStream, counts: Partial<Record<FaultKind, number>>, topo: FaultTopology, startMs: number, endMs: number): FaultEvent[] {
  if (!(endMs > startMs)) throw new InvalidArgumentError(`drawFaultSchedule: endMs must exceed startMs, got ${startMs}..${endMs}`);
  const span = endMs - startMs;
  const events: FaultEvent[] = [];
  const all = [topo.nameNode, ...topo.storageNodes, ...topo.clientNodes];
  for (const kind of FAULT_KINDS) {
    const n = counts[kind] ?? 0;
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`drawFaultSchedule: count of ${kind} must be an integer >= 0, got ${show(n)}`);
    for (let i = 0; i < n; i++) {
      const atMs = startMs + stream.int(span);
      const e: FaultEvent = { atMs, kind, durationMs: 0 };
      switch (kind) {
        case 'crash':
        case 'wipe':
          e.node = stream.pick(topo.storageNodes);
          e.durationMs = stream.range(100, 1500);
          break;
        case 'crash-nn':
          e.node = topo.nameNode;
          e.durationMs = stream.range(100, 1200);
          break;
        case 'pause':
          e.node = stream.pick([topo.nameNode, ...topo.storageNodes]);
          e.durationMs = stream.range(50, 800);
          break;
        case 'isolate':
          e.node = stream.pick([topo.nameNode, ...topo.storageNodes]);
          e.durationMs = stream.range(100, 1500);
          break;
        case 'split':
        case 'one-way': {
          const group = all.filter(() => stream.chance(1, 2));
          if (group.length === 0 || group.length === all.length) group.splice(0, group.length, stream.pick(all));
          e.group = group;
          e.durationMs = stream.range(100, 1500);
          break;
        }
        case 'loss':
        case 'duplicate':
        case 'delay':
          e.durationMs = stream.range(100, 1000);
          break;
        case 'bitrot':
          e.node = stream.pick(topo.storageNodes);
          e.pick = stream.int(1 << 30);
          break;
        default:
          if (isWorldFaultKind(kind)) drawWorldFault(e as FaultEvent & { kind: typeof kind }, stream, [topo.nameNode, ...topo.storageNodes], all);
          else if (isDiskFaultKind(kind)) drawDiskFault(e, kind, stream, topo);
          break;
      }
      events.push(e);
    }
  }
  // Stable order by time; ties keep kind order (insertion), never object identity.
  return events.map((e, i) => ({ e, i })).sort((a, b) => a.e.atMs - b.e.atMs || a.i - b.i).map(({ e }) => e);
}

export class Nemesis {
  readonly injected: Record<FaultKind, number>;
  readonly vetoed: Record<FaultKind, number>;
  private readonly baseNetwork: NetworkOptions;
  private readonly activeNetwork = new Map<number, Partial<NetworkOptions>>();
  private readonly activePartitions = new Map<number, ActivePartition>();
  /** Which fault took a node down: only that fault's end restarts it. */
  private readonly downBy = new Map<string, number>();
  private healed = false;
  private readonly diskFaults: DiskFaults;

  constructor(
    private readonly sim: Simulation,
    readonly schedule: readonly FaultEvent[],
    private readonly topo: FaultTopology,
    readonly mode: FaultMode,
    private readonly guard: FaultGuard,
  ) {
    this.baseNetwork = sim.networkOptions();
    this.injected = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
    this.vetoed = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
    const faults = sim.streams.get('faults');
    this.diskFaults = new DiskFaults(
      { disk: (n) => sim.disk(n), note: (n, what) => sim.trace.record(sim.now(), 'disk', n, what, 0), draw: (n) => faults.int(n) },
      guard,
      mode === 'recoverable',
    );
  }

  /** Schedules every fault's start and end on the simulation. */
  install(): void {
    this.schedule.forEach((e, i) => {
      this.sim.at(e.atMs, () => this.start(e, i), `fault ${e.kind}${e.node ? ' ' + e.node : ''}`);
      if (e.durationMs > 0) this.sim.at(e.atMs + e.durationMs, () => this.end(e, i), `end ${e.kind}${e.node ? ' ' + e.node : ''}`);
    });
  }

  private others(group: string[]): string[] {
    return [this.topo.nameNode, ...this.topo.storageNodes, ...this.topo.clientNodes].filter((n) => !group.includes(n));
  }

  private start(e: FaultEvent, i: number): void {
    const sim = this.sim;
    if (e.node !== undefined && !this.others([]).includes(e.node)) return this.veto(e);
    switch (e.kind) {
      case 'crash':
      case 'crash-nn':
        if (!sim.isUp(e.node!)) return this.veto(e);
        sim.crash(e.node!);
        this.downBy.set(e.node!, i);
        break;
      case 'wipe':
        if (this.mode === 'recoverable' && !this.guard.canDestroy(e.node!, null)) return this.veto(e);
        if (sim.isUp(e.node!)) this.downBy.set(e.node!, i);
        sim.wipe(e.node!);
        break;
      case 'pause':
        if (!sim.isUp(e.node!)) return this.veto(e);
        sim.pause(e.node!, e.durationMs);
        break;
      case 'isolate':
        if (!this.others([]).includes(e.node!)) return this.veto(e);
        this.activePartitions.set(i, { a: [e.node!], b: this.others([e.node!]), oneWay: false });
        this.applyPartitions();
        break;
      case 'split':
      case 'one-way': {
        // Explicit schedules (shrunk, hand-edited) may name nodes this topology lacks.
        const a = e.group!.filter((n) => this.others([]).includes(n));
        if (a.length === 0 || this.others(a).length === 0) return this.veto(e);
        this.activePartitions.set(i, { a, b: this.others(a), oneWay: e.kind === 'one-way' });
        this.applyPartitions();
        break;
      }
      case 'loss':
        this.activeNetwork.set(i, { lossRate: 0.3 });
        this.applyNetwork();
        break;
      case 'duplicate':
        this.activeNetwork.set(i, { duplicateRate: 0.3 });
        this.applyNetwork();
        break;
      case 'delay':
        this.activeNetwork.set(i, { latencyMsMean: this.baseNetwork.latencyMsMean * 20 + 20 });
        this.applyNetwork();
        break;
      case 'bitrot': {
        const keys = this.guard.rotKeys(e.node!);
        if (keys.length === 0) return this.veto(e);
        const key = keys[e.pick! % keys.length]!;
        if (this.mode === 'recoverable' && !this.guard.canDestroy(e.node!, key)) return this.veto(e);
        if (!sim.corrupt(e.node!, key)) return this.veto(e);
        break;
      }
      default:
        if (isWorldFaultKind(e.kind)) {
          const patch = worldNetworkPatch(e.kind);
          if (patch !== null) {
            this.activeNetwork.set(i, patch);
            this.applyNetwork();
          } else if (!startWorldFault(sim, e as FaultEvent & { kind: typeof e.kind }, this.others([]), () => !this.healed)) return this.veto(e);
        } else if (!isDiskFaultKind(e.kind) || !this.diskFaults.start(e, i)) return this.veto(e);
        break;
    }
    this.injected[e.kind] += 1;
  }

  private end(e: FaultEvent, i: number): void {
    switch (e.kind) {
      case 'crash':
      case 'crash-nn':
      case 'wipe':
        if (this.downBy.get(e.node!) === i) {
          this.downBy.delete(e.node!);
          if (!this.sim.isUp(e.node!)) this.sim.restart(e.node!);
        }
        break;
      case 'isolate':
      case 'split':
      case 'one-way':
        if (this.activePartitions.delete(i)) this.applyPartitions();
        break;
      case 'loss':
      case 'duplicate':
      case 'delay':
      case 'reorder':
      case 'duplicate-call':
        if (this.activeNetwork.delete(i)) this.applyNetwork();
        break;
      default:
        if (isDiskFaultKind(e.kind)) this.diskFaults.end(e, i);
        break;
    }
  }

  private veto(e: FaultEvent): void {
    this.vetoed[e.kind] += 1;
  }

  private applyPartitions(): void {
    applyPartitions(this.sim, this.activePartitions.values());
  }

  private applyNetwork(): void {
    this.sim.setNetwork(overlayNetwork(this.baseNetwork, this.activeNetwork.values()));
  }

  /** Ends every fault now: partitions heal, the network is restored, every down node restarts. */
  healAll(): void {
    this.healed = true;
    this.sim.unclogAll();
    for (const node of this.others([])) this.sim.resetClock(node);
    this.activePartitions.clear();
    this.sim.heal();
    this.activeNetwork.clear();
    this.sim.setNetwork(this.baseNetwork);
    this.downBy.clear();
    this.diskFaults.healAll();
    for (const node of [this.topo.nameNode, ...this.topo.storageNodes]) if (!this.sim.isUp(node)) this.sim.restart(node);
  }
}
