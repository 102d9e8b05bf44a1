import { InvalidArgumentError, show } from '../core/errors';
import type { SeededStream } from './random';

// Per-node clocks. Each node's wall clock (what `ctx.now()` reads) is the
// virtual time scaled by the node's drift, plus a seeded offset, plus any
// jump a clock fault applied; its monotonic clock (`ctx.monotonicNow()`, and
// what timers count) has the drift but never the offset or jumps, as
// CLOCK_MONOTONIC and Node's timers behave under an NTP step or Jepsen's
// clock nemesis.
//
// The documented bound (clocks within it are what well-run NTP gives):
// |offset| <= maxOffsetMs and |drift| <= maxDriftPpm parts per million.

export interface ClockOptions {
  /** Largest absolute offset of a node's wall clock from virtual time, ms (default 0: perfect clocks). */
  maxOffsetMs: number;
  /** Largest absolute drift rate, parts per million (default 0). */
  maxDriftPpm: number;
}

export const DEFAULT_CLOCKS: ClockOptions = { maxOffsetMs: 0, maxDriftPpm: 0 };

/** The bound the store is built for (and that swarm runs draw within). */
export const STORE_CLOCK_BOUND: ClockOptions = { maxOffsetMs: 500, maxDriftPpm: 1000 };

export function checkClockOptions(api: string, o: Partial<ClockOptions>): ClockOptions {
  if (o === null || typeof o !== 'object') throw new InvalidArgumentError(`${api}: clocks must be an object, got ${show(o)}`);
  for (const key of Object.keys(o)) if (!(key in DEFAULT_CLOCKS)) throw new InvalidArgumentError(`${api}: unknown clocks option ${show(key)}`);
  const c = { ...DEFAULT_CLOCKS, ...o };
  if (!Number.isInteger(c.maxOffsetMs) || c.maxOffsetMs < 0) throw new InvalidArgumentError(`${api}: clocks.maxOffsetMs must be an integer >= 0, got ${show(c.maxOffsetMs)}`);
  if (!Number.isInteger(c.maxDriftPpm) || c.maxDriftPpm < 0 || c.maxDriftPpm >= 1_000_000) {
    throw new InvalidArgumentError(`${api}: clocks.maxDriftPpm must be an integer in 0..999999, got ${show(c.maxDriftPpm)}`);
  }
  return c;
}

export class NodeClock {
  /** Added to the wall clock by clock faults (jumps, strobes); 0 when none is active. */
  jumpMs = 0;
  /** The monotonic clock read `baseLocal` at virtual time `baseT` (drift changes keep it continuous). */
  private baseT = 0;
  private baseLocal = 0;
  constructor(
    readonly offsetMs: number,
    /** Drift rate in parts per million: positive runs fast. */
    private drift: number,
  ) {}

  get driftPpm(): number {
    return this.drift;
  }

  /** Changes the drift rate from virtual time `t` on, without a step in the monotonic clock. */
  setDrift(t: number, ppm: number): void {
    this.baseLocal = this.monotonic(t);
    this.baseT = t;
    this.drift = ppm;
  }

  static draw(stream: SeededStream, o: ClockOptions): NodeClock {
    const offset = o.maxOffsetMs === 0 ? 0 : stream.int(2 * o.maxOffsetMs + 1) - o.maxOffsetMs;
    const drift = o.maxDriftPpm === 0 ? 0 : stream.int(2 * o.maxDriftPpm + 1) - o.maxDriftPpm;
    return new NodeClock(offset, drift);
  }

  /** The node's monotonic time at virtual time `t`. */
  monotonic(t: number): number {
    const d = t - this.baseT;
    return this.baseLocal + d + (this.drift === 0 ? 0 : Math.floor((d * this.drift) / 1_000_000));
  }

  /** The node's wall clock at virtual time `t`. */
  wall(t: number): number {
    return this.monotonic(t) + this.offsetMs + this.jumpMs;
  }

  /** Virtual ms a timer of `localMs` on this node takes (its oscillator runs fast or slow). */
  toVirtualMs(localMs: number): number {
    return this.drift === 0 ? localMs : Math.ceil((localMs * 1_000_000) / (1_000_000 + this.drift));
  }
}
