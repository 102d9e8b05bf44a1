import type { Timing } from '../../harness';
import { convergenceBoundMs, faultStartMs, sampleEveryMs, storeSettings } from '../store-settings';
import type { StoreScenarioOptions } from './options';

// The run's phases on the harness, from the store's own derivation
// (scenarios/store-settings.ts, which runSwarm uses too).

export { phantomBoundMs, storeSettings } from '../store-settings';

/** Clients and faults start once the cluster settled; convergence has a bound derived from the timeouts. */
export function storeTiming(o: StoreScenarioOptions): Timing {
  return {
    startMs: faultStartMs(o),
    faultPhaseMs: o.faultPhaseMs,
    // Never before the store client's own deadline: an operation ends by its own timeout.
    clientDeadlineMs: 4 * storeSettings(o).clientTimeoutMs,
    livenessBoundMs: convergenceBoundMs(o),
    livenessEveryMs: o.heartbeatIntervalMs * 2,
    sampleEveryMs: sampleEveryMs(o),
  };
}
