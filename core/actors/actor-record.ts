import type { TimerId } from './host';
import type { CallRecord } from './call-record';

// An actor's books: one record per spawn, kept for the life of the system
// (records are never removed, so handles and bound call sites stay valid).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActorClass = new (...args: any[]) => object;

export type ActorState = 'ALIVE' | 'RESTARTING' | 'DEAD' | 'PENDING_CREATION';

/** One row of the actors table (as Ray's dashboard shows it). */
export interface ActorInfo {
  id: string;
  className: string;
  name: string | null;
  node: string;
  state: ActorState;
  restarts: number;
  startedAtMs: number | null;
  diedAtMs: number | null;
  deathCause: string | null;
}

export interface ActorRecord {
  readonly id: string;
  readonly className: string;
  readonly cls: ActorClass;
  readonly args: unknown[];
  readonly name: string | null;
  readonly node: string;
  readonly maxRestarts: number;
  readonly maxTaskRetries: number;
  readonly maxConcurrency: number;
  state: ActorState;
  incarnation: number;
  restarts: number;
  instance: Record<string, unknown> | null;
  running: number;
  queue: CallRecord[];
  /** Some call to it waits for it to (re)start (CallRecord.waitingRestart): construct looks for them. */
  callsWaiting: boolean;
  timers: Map<number, TimerId>;
  /** `Class.method` per method, built once (labels go on every message). */
  readonly labels: Map<string, string>;
  startedAtMs: number | null;
  diedAtMs: number | null;
  deathCause: string | null;
}

/** The actors-table row of a record. */
export function actorInfo(r: ActorRecord): ActorInfo {
  return {
    id: r.id,
    className: r.className,
    name: r.name,
    node: r.node,
    state: r.state,
    restarts: r.restarts,
    startedAtMs: r.startedAtMs,
    diedAtMs: r.diedAtMs,
    deathCause: r.deathCause,
  };
}

export function labelOf(rec: ActorRecord, method: string): string {
  let label = rec.labels.get(method);
  if (label === undefined) {
    label = `${rec.className}.${method}`;
    rec.labels.set(method, label);
  }
  return label;
}
