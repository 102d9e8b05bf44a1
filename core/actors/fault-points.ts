import { InvalidArgumentError, show } from '../errors';
import type { Host } from './host';

// Fault points and coverage marks, as every context (actor, task, client)
// offers them. BUGGIFY (FoundationDB): `buggify(site)` lets the system's own
// code take a rare but correct path on purpose (a late report, a shortened
// timeout), so that the simulator reaches it often; the host decides, seeded,
// and the real host never fires. Marks (TigerBeetle's coverage marks,
// FoundationDB's code probes): `mark(name)` says a rare path ran, so that a
// test can assert that the swarm reaches it; it never changes the run.

/** What a context offers for fault points and coverage marks. */
export interface FaultPoints {
  /**
   * A seeded fault point: true when the code should take the rare path named
   * `site` now. In simulation each site is enabled or not once per run (when
   * the run has buggify on at all), then fires on some of the asks; always
   * false on the real host. Every buggified path must be correct behaviour.
   */
  buggify(site: string): boolean;
  /** Counts that the rare path `name` ran (per run; see the host). Never changes the run. */
  mark(name: string): void;
}

/** A site or mark name: a non-empty string of printable characters, at most 200. */
export function checkPointName(api: string, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 200 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new InvalidArgumentError(`${api}: name must be 1..200 printable characters, got ${show(name)}`);
  }
  return name;
}

/** The fault points of code running on `node`, delegating to the host (absent: never fire, count nothing). */
export function faultPointsOn(host: Host, node: string): FaultPoints {
  return {
    buggify: (site: string) => {
      checkPointName('ctx.buggify', site);
      return host.buggify !== undefined && host.buggify(node, site) === true;
    },
    mark: (name: string) => {
      checkPointName('ctx.mark', name);
      host.mark?.(node, name);
    },
  };
}
