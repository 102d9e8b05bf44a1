import type { NetworkOptions } from './network';
import type { SeededStream } from './random';
import type { Simulation } from './simulation';
import { swizzlePlan } from './clog';

// The nemesis's fault kinds of the TCP-and-clocks world (see sim/nemesis.ts
// for the others): reordering (per-link FIFO off for a while), duplicated
// calls, swizzle-clogging, and Jepsen's clock faults (jumps, strobes).

export const WORLD_FAULT_KINDS = ['reorder', 'duplicate-call', 'swizzle-clog', 'clock-jump', 'clock-strobe'] as const;
export type WorldFaultKind = (typeof WORLD_FAULT_KINDS)[number];

/** Fields a world fault event carries (a subset of nemesis's FaultEvent). */
export interface WorldFault {
  atMs: number;
  kind: WorldFaultKind;
  durationMs: number;
  node?: string;
  group?: string[];
  pick?: number;
  /** Clock jump size, ms (negative: back). */
  deltaMs?: number;
}

export function isWorldFaultKind(k: string): k is WorldFaultKind {
  return (WORLD_FAULT_KINDS as readonly string[]).includes(k);
}

/** Kinds that name a node. */
export const WORLD_KINDS_WITH_NODE: readonly string[] = ['clock-jump', 'clock-strobe'];

/** Fills in the drawn fields of one world fault. */
export function drawWorldFault(e: WorldFault, stream: SeededStream, faultable: readonly string[], all: readonly string[]): void {
  switch (e.kind) {
    case 'reorder':
    case 'duplicate-call':
      e.durationMs = stream.range(100, 1000);
      break;
    case 'swizzle-clog': {
      // A random set of nodes, in a random clog order; the unclog order comes from pick.
      const pool = [...all];
      const n = stream.range(1, Math.min(4, pool.length));
      const group: string[] = [];
      for (let i = 0; i < n; i++) group.push(pool.splice(stream.int(pool.length), 1)[0]!);
      e.group = group;
      e.pick = stream.int(1 << 30);
      e.durationMs = stream.range(100, 1200);
      break;
    }
    case 'clock-jump':
      e.node = stream.pick(faultable);
      // Jepsen's bump: up to several seconds either way.
      e.deltaMs = (stream.chance(1, 2) ? 1 : -1) * stream.range(200, 8000);
      e.durationMs = stream.range(100, 1500);
      break;
    case 'clock-strobe':
      e.node = stream.pick(faultable);
      e.deltaMs = stream.range(50, 2000);
      e.durationMs = stream.range(100, 1000);
      break;
  }
}

/** Network patch of a reorder or duplicate-call fault. */
export function worldNetworkPatch(kind: WorldFaultKind): Partial<NetworkOptions> | null {
  if (kind === 'reorder') return { fifo: false };
  if (kind === 'duplicate-call') return { duplicateCallRate: 0.3 };
  return null;
}

/** Merges a patch into network options (the harshest of the active faults wins). */
export function mergeWorldPatch(n: NetworkOptions, patch: Partial<NetworkOptions>): void {
  if (patch.fifo === false) n.fifo = false;
  if (patch.duplicateCallRate !== undefined) n.duplicateCallRate = Math.max(n.duplicateCallRate, patch.duplicateCallRate);
}

/**
 * Starts a swizzle-clog or clock fault on the simulation, scheduling its own
 * steps (the clog order, the strobe's flips) and its end. Returns false when
 * it does not apply (a node this topology lacks).
 */
export function startWorldFault(sim: Simulation, e: WorldFault, known: readonly string[], live: () => boolean): boolean {
  // Steps scheduled here do nothing once the nemesis healed everything.
  const at = (t: number, fn: () => void, label: string) => sim.at(t, () => void (live() && fn()), label);
  switch (e.kind) {
    case 'swizzle-clog': {
      const group = (e.group ?? []).filter((n) => known.includes(n));
      if (group.length === 0) return false;
      const t0 = sim.now();
      for (const step of swizzlePlan(group, e.durationMs, e.pick ?? 1)) {
        at(t0 + step.atMs, () => (step.clog ? sim.clogNode(step.node) : sim.unclogNode(step.node)), `${step.clog ? 'clog' : 'unclog'} ${step.node}`);
      }
      return true;
    }
    case 'clock-jump': {
      if (e.node === undefined || !known.includes(e.node)) return false;
      const node = e.node;
      const delta = e.deltaMs ?? 1000;
      sim.jumpClock(node, delta);
      // NTP steps it back when the fault ends.
      at(sim.now() + e.durationMs, () => sim.resetClock(node), `end clock-jump ${node}`);
      return true;
    }
    case 'clock-strobe': {
      if (e.node === undefined || !known.includes(e.node)) return false;
      const node = e.node;
      const delta = e.deltaMs ?? 200;
      // Jepsen's strobe: flip between +delta and the true offset every few ms.
      const periodMs = 10;
      const t0 = sim.now();
      const flips = Math.max(1, Math.floor(e.durationMs / periodMs));
      for (let i = 0; i < flips; i++) at(t0 + i * periodMs, () => (i % 2 === 0 ? sim.jumpClock(node, delta) : sim.resetClock(node)), `strobe ${node}`);
      at(t0 + flips * periodMs, () => sim.resetClock(node), `end clock-strobe ${node}`);
      return true;
    }
    default:
      return true;
  }
}
