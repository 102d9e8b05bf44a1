import { InvalidArgumentError, show } from '../core/errors';
import type { SeededStream } from './random';

// The simulated network's behaviour per message: latency drawn as
// min + exponential(mean), loss and duplication as integer parts per million.

export interface NetworkOptions {
  /** Smallest one-way latency, virtual ms (default 1). */
  latencyMsMin: number;
  /** Mean of the exponential part added to the minimum, virtual ms (default 3). */
  latencyMsMean: number;
  /** Probability in [0, 1] that a message is lost (default 0). */
  lossRate: number;
  /**
   * Probability in [0, 1] that a tell, reply or task message is delivered
   * twice (default 0). A duplicated call is deduplicated by the runtime (as
   * Ray's per-caller sequence numbers do): see duplicateCallRate.
   */
  duplicateRate: number;
  /** Probability in [0, 1] that a call is delivered twice and runs twice (a retransmitted or zombie request; default 0). */
  duplicateCallRate: number;
  /**
   * Per-link FIFO as TCP gives it: messages from one node to another arrive in
   * send order while the link holds (default true). A crash or a partition
   * breaks the link (messages in flight are lost); false lets the network
   * reorder freely (the nemesis's `reorder` fault turns it off for a while).
   */
  fifo: boolean;
}

export const DEFAULT_NETWORK: NetworkOptions = { latencyMsMin: 1, latencyMsMean: 3, lossRate: 0, duplicateRate: 0, duplicateCallRate: 0, fifo: true };

export function checkNetworkOptions(api: string, o: Partial<NetworkOptions>, base: NetworkOptions = DEFAULT_NETWORK): NetworkOptions {
  if (o === null || typeof o !== 'object') throw new InvalidArgumentError(`${api}: network options must be an object, got ${show(o)}`);
  for (const key of Object.keys(o)) {
    if (!(key in DEFAULT_NETWORK)) throw new InvalidArgumentError(`${api}: unknown network option ${show(key)}`);
  }
  const n = { ...base, ...o };
  for (const key of ['latencyMsMin', 'latencyMsMean'] as const) {
    if (typeof n[key] !== 'number' || !Number.isFinite(n[key]) || n[key] < 0) {
      throw new InvalidArgumentError(`${api}: network.${key} must be a finite number >= 0, got ${show(n[key])}`);
    }
  }
  for (const key of ['lossRate', 'duplicateRate', 'duplicateCallRate'] as const) {
    if (typeof n[key] !== 'number' || !(n[key] >= 0 && n[key] <= 1)) {
      throw new InvalidArgumentError(`${api}: network.${key} must be a probability in [0, 1], got ${show(n[key])}`);
    }
  }
  if (typeof n.fifo !== 'boolean') throw new InvalidArgumentError(`${api}: network.fifo must be a boolean, got ${show(n.fifo)}`);
  return n;
}

export const PPM = 1_000_000;

export function toPpm(rate: number): number {
  return Math.round(rate * PPM);
}

/** One latency draw in whole virtual ms. */
export function drawLatencyMs(o: NetworkOptions, stream: SeededStream): number {
  if (o.latencyMsMean === 0) return Math.round(o.latencyMsMin);
  const u = stream.float();
  return Math.round(o.latencyMsMin + -Math.log(1 - u) * o.latencyMsMean);
}
