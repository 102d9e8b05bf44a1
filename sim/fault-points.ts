import { InvalidArgumentError, show } from '../core/errors';
import type { Streams } from './random';

// The simulator's side of BUGGIFY and coverage marks (see
// core/actors/fault-points.ts). A run has buggify on or off as a whole
// (SimulationOptions.buggify). When on, each site is enabled or not the first
// time it is asked (ENABLE_RATIO), drawn from the site's own stream
// `buggify:<site>`, so whether a site is enabled depends neither on which
// sites ran first nor on any other component's draws, and adding a site
// reshuffles nothing; an enabled site then fires on FIRE_RATIO of the asks,
// from the same stream. Marks are plain counters: they never touch a stream
// or the trace, so adding one changes no run.

/** A site is enabled in this share of the runs that have buggify on (FoundationDB: 1/4). */
export const BUGGIFY_ENABLE_RATIO = [1, 4] as const;
/** An enabled site fires on this share of its asks. */
export const BUGGIFY_FIRE_RATIO = [1, 4] as const;

export class SimFaultPoints {
  private readonly sites = new Map<string, boolean>();
  private readonly fires = new Map<string, number>();
  private readonly counts = new Map<string, number>();

  constructor(private readonly streams: Streams, readonly enabled: boolean) {
    if (typeof enabled !== 'boolean') throw new InvalidArgumentError(`Simulation: buggify must be true or false, got ${show(enabled)}`);
  }

  buggify(site: string): boolean {
    if (!this.enabled) return false;
    const stream = this.streams.get(`buggify:${site}`);
    let on = this.sites.get(site);
    if (on === undefined) {
      on = stream.chance(BUGGIFY_ENABLE_RATIO[0], BUGGIFY_ENABLE_RATIO[1]);
      this.sites.set(site, on);
    }
    if (!on || !stream.chance(BUGGIFY_FIRE_RATIO[0], BUGGIFY_FIRE_RATIO[1])) return false;
    this.fires.set(site, (this.fires.get(site) ?? 0) + 1);
    return true;
  }

  mark(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  /** Hits per mark name, names in sorted order (the same in any process). */
  marks(): Record<string, number> {
    return sortedRecord(this.counts);
  }

  /** The sites asked so far and whether each is enabled, sorted by name. */
  enabledSites(): Record<string, boolean> {
    return sortedRecord(this.sites);
  }

  /** How often each site fired, sorted by name. */
  firings(): Record<string, number> {
    return sortedRecord(this.fires);
  }
}

function sortedRecord<V>(m: ReadonlyMap<string, V>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const k of [...m.keys()].sort()) out[k] = m.get(k)!;
  return out;
}
