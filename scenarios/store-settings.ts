import type { StoreOptions } from '../core/store';
import type { SwarmOptions } from './swarm-options';

// What a seed's swarm options mean for the store and for the phases of its
// run: one derivation for both runners of the store (runSwarm, and the
// harness scenario in scenarios/store-scenario/).

export type StoreRunSettings = Required<Pick<StoreOptions, 'replicationFactor' | 'chunkSizeBytes' | 'heartbeatIntervalMs' | 'deadTimeoutMs' | 'blockReportIntervalMs' | 'safeModeMs' | 'rpcTimeoutMs' | 'clientTimeoutMs'>>;

export function storeSettings(o: SwarmOptions): StoreRunSettings {
  const hb = o.heartbeatIntervalMs;
  return {
    replicationFactor: o.replicationFactor,
    chunkSizeBytes: o.chunkSizeBytes,
    heartbeatIntervalMs: hb,
    deadTimeoutMs: o.deadTimeoutMs,
    // Drawn apart from the heartbeat, often past the dead timeout (as HDFS's). The bounds below that
    // wait on reports (phantoms, liveness) add the interval; safe mode need not: a restarted name
    // node asks each node for a report on its first heartbeat, whatever the interval.
    blockReportIntervalMs: o.blockReportIntervalMs,
    safeModeMs: o.deadTimeoutMs + hb * 2,
    rpcTimeoutMs: 300,
    clientTimeoutMs: 3000,
  };
}

/** When clients and faults start: once the cluster has settled (two heartbeats). */
export const settledMs = (o: SwarmOptions): number => o.heartbeatIntervalMs * 2;
export const faultStartMs = (o: SwarmOptions): number => settledMs(o) + 50;

/** How long the name node may list a replica a disk does not hold (a dead timeout and two block reports). */
export const phantomBoundMs = (o: SwarmOptions): number => o.deadTimeoutMs + 2 * o.blockReportIntervalMs + 500;

/** How long after healing the cluster has to converge. */
export const convergenceBoundMs = (o: SwarmOptions): number => 10 * o.deadTimeoutMs + storeSettings(o).safeModeMs + 2 * o.blockReportIntervalMs;

/** How often safety is sampled while faults rage. */
export const sampleEveryMs = (o: SwarmOptions): number => Math.max(250, o.heartbeatIntervalMs * 3);
