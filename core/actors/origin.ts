import type { ActorRecord } from './actor-record';
import type { Origin } from './handle';

// Where calls come from: driver code on a node, or an actor's incarnation.

/**
 * An origin the runtime made knows its actor's record (no lookup by id per
 * call), under a symbol key: origins are public (`handle.origin`), and JSON,
 * Object.keys and deep equality do not see it.
 */
export const ORIGIN_RECORD: unique symbol = Symbol('origin record');
export interface BoundOrigin extends Origin {
  readonly [ORIGIN_RECORD]: ActorRecord | null;
}

/** The incarnation number of driver code (and of calls from another process). */
export const DRIVER_INCARNATION = 0;

/** The origin of code running in an actor's incarnation. */
export function boundOrigin(rec: ActorRecord, incarnation: number): Origin {
  const o: BoundOrigin = { node: rec.node, actorId: rec.id, incarnation, [ORIGIN_RECORD]: rec };
  return o;
}

export function describeOrigin(o: Origin): string {
  return o.actorId ? `${o.actorId}@${o.node}` : `driver@${o.node}`;
}
