import type { NetworkOptions } from './network';
import type { Simulation } from './simulation';
import { mergeWorldPatch } from './world-faults';

// What a nemesis lays over the world while faults are active: the partitions
// in force and the network options with every active patch merged in (the
// harshest wins). Recomputed from the active set whenever one starts or ends,
// so overlapping faults end cleanly. Shared by the store's nemesis and the
// harness's.

export interface ActivePartition {
  a: string[];
  b: string[];
  oneWay: boolean;
}

/** Heals, then re-applies every active partition. */
export function applyPartitions(sim: Simulation, active: Iterable<ActivePartition>): void {
  sim.heal();
  for (const p of active) {
    if (p.b.length === 0) continue;
    if (p.oneWay) sim.partitionOneWay(p.a, p.b);
    else sim.partition(p.a, p.b);
  }
}

/** The base network with every active patch merged in. */
export function overlayNetwork(base: NetworkOptions, patches: Iterable<Partial<NetworkOptions>>): NetworkOptions {
  const n: NetworkOptions = { ...base };
  for (const patch of patches) {
    if (patch.lossRate !== undefined) n.lossRate = Math.max(n.lossRate, patch.lossRate);
    if (patch.duplicateRate !== undefined) n.duplicateRate = Math.max(n.duplicateRate, patch.duplicateRate);
    if (patch.latencyMsMean !== undefined) n.latencyMsMean = Math.max(n.latencyMsMean, patch.latencyMsMean);
    mergeWorldPatch(n, patch);
  }
  return n;
}
