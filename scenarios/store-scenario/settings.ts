import type { StoreOptions } from '../../core/store';
import type { Timing } from '../../harness';
import type { StoreScenarioOptions } from './options';

// What the swarm options mean for the store and for the run's phases, as
// runSwarm (scenarios/swarm.ts) derives them: store timeouts from the
// heartbeat, a phantom bound and a convergence bound from the timeouts.
// (runSwarm keeps these inline; when it exports them, this file goes.)

export function storeSettings(o: StoreScenarioOptions): Partial<StoreOptions> & { clientTimeoutMs: number; blockReportIntervalMs: number; safeModeMs: number } {
  const hb = o.heartbeatIntervalMs;
  return {
    replicationFactor: o.replicationFactor,
    chunkSizeBytes: o.chunkSizeBytes,
    heartbeatIntervalMs: hb,
    deadTimeoutMs: o.deadTimeoutMs,
    blockReportIntervalMs: hb * 4,
    safeModeMs: o.deadTimeoutMs + hb * 2,
    rpcTimeoutMs: 300,
    clientTimeoutMs: 3000,
  };
}

/** The run's phases: clients and faults start once the cluster settled; convergence has a bound derived from the timeouts. */
export function storeTiming(o: StoreScenarioOptions): Timing {
  const s = storeSettings(o);
  const hb = o.heartbeatIntervalMs;
  return {
    startMs: hb * 2 + 50,
    faultPhaseMs: o.faultPhaseMs,
    // Never before the store client's own deadline: an operation ends by its own timeout.
    clientDeadlineMs: 4 * s.clientTimeoutMs,
    livenessBoundMs: 10 * o.deadTimeoutMs + s.safeModeMs + 2 * s.blockReportIntervalMs,
    livenessEveryMs: hb * 2,
    sampleEveryMs: Math.max(250, hb * 3),
  };
}

/** How long the name node may list a replica a disk does not hold. */
export function phantomBoundMs(o: StoreScenarioOptions): number {
  return o.deadTimeoutMs + 2 * storeSettings(o).blockReportIntervalMs + 500;
}
