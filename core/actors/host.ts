// The Host seam: everything the actor runtime needs from the world. The
// simulator (sim/) implements it deterministically on a virtual clock; a real
// adapter implements it with processes, sockets, files and the wall clock.
// core/ never imports an implementation.

import type { ActorHandle } from './handle';
import type { ActorErrorDetail } from './report-actor-error';

/** A seeded random stream. Integer draws only in decisions; no floats needed by callers. */
export interface RandomStream {
  /** Uniform integer in [0, n). n is a positive safe integer. */
  int(n: number): number;
  /** True with probability numerator/denominator. */
  chance(numerator: number, denominator: number): boolean;
  /** Uniform float in [0, 1): for distributions (latency), not for decisions. */
  float(): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
}

/**
 * A node's storage: key/value and append-only logs. Values are copied in and
 * out. Durability (the same on both hosts): a write is visible to reads at
 * once but durable only once a later `sync()` has resolved, as with write(2)
 * and fsync(2). A crash of the node's process may lose every write not yet
 * synced, tear the last unsynced log record or leave a partly written value;
 * synced data survives crashes, not wipes. Hardware faults surface as
 * `DiskError` (read errors, a full disk); a value may also be missing (the
 * key is listed, `get` returns undefined) or read back as garbage: callers
 * validate what they read.
 */
export interface Disk {
  get(key: string): unknown;
  has(key: string): boolean;
  put(key: string, value: unknown): void;
  delete(key: string): boolean;
  /** Keys in insertion order, optionally those starting with `prefix`. */
  keys(prefix?: string): string[];
  /** Appends a record to the named append-only log. */
  append(log: string, record: unknown): void;
  /** Every record of the named log, oldest first. */
  readLog(log: string): unknown[];
  /** Replaces a log's records (compaction). */
  rewriteLog(log: string, records: unknown[]): void;
  /**
   * Makes every earlier write of this disk durable (fsync of the files and
   * their folders on the real host). Resolves once they are; may take time
   * (a slow disk), during which other messages run. Acknowledge nothing
   * before it resolves.
   */
  sync(): Promise<void>;
}

/** What travels between nodes. The runtime fills it; the host only routes it and traces its labels. */
export interface Envelope {
  /** Unique per send (duplicates share it). */
  readonly id: number;
  readonly kind: 'call' | 'reply' | 'tell' | 'task' | 'task-reply' | 'ref-value';
  readonly fromNode: string;
  readonly toNode: string;
  /** Sending actor id, or null for driver code and tasks. */
  readonly fromActor: string | null;
  /** Receiving actor id, or null for replies to driver code and tasks. */
  readonly toActor: string | null;
  /** Method or task name, for traces. */
  readonly label: string;
  readonly body: unknown;
}

/** Callbacks the runtime gives the host. */
export interface HostHandlers {
  deliver(envelope: Envelope): void;
  nodeDown(node: string, wiped: boolean): void;
  nodeUp(node: string): void;
  /** Calls still waiting for a reply, for deadlock reports. */
  pending(): { count: number; oldest: string | null };
  /** A count that grows whenever a call is delivered or answered: the host's stall detector samples it. */
  progress?(): number;
  /**
   * A handle to the actor `actorId`, bound to this runtime: for a host that
   * decodes a message from another process, where a handle travels as its id
   * and name. The runtime re-binds it to its receiver on delivery.
   */
  handle(actorId: string, name: string | null): ActorHandle<object>;
}

export type TimerId = number;

/** How much an operator wants to hear: `warn` (something is wrong), `info` (a decision), `debug` (every step). */
export type LogLevel = 'warn' | 'info' | 'debug';
export const LOG_LEVELS: readonly LogLevel[] = ['warn', 'info', 'debug'];

export interface Host {
  now(): number;
  /** `node`'s wall clock (skewed, drifting, may jump). Absent: now(). */
  nodeNow?(node: string): number;
  /** `node`'s monotonic clock (may drift, never jumps). Absent: now(). */
  monotonicNow?(node: string): number;
  /** The node that driver code (outside any actor) calls from. */
  readonly driverNode: string;
  nodes(): string[];
  isUp(node: string): boolean;
  /**
   * Whether this process runs `node`'s actors. Absent: every node (the
   * simulator runs a whole cluster in one process). A real host runs one node
   * per process and every process performs the same spawns (a static layout,
   * so actor ids agree): an actor on a node another process runs is a
   * stand-in here that calls are addressed to; calls from such a node arrive
   * without a local call record, and replies from it carry decoded values.
   */
  runsHere?(node: string): boolean;
  send(envelope: Envelope): void;
  /** Runs `fn` on `node` after `delayMs`, unless the node crashes first. `owner` names the actor, for scheduling. */
  setTimer(node: string, delayMs: number, fn: () => void, owner: string | null, label: string): TimerId;
  clearTimer(id: TimerId): void;
  disk(node: string): Disk;
  random(stream: string): RandomStream;
  attach(handlers: HostHandlers): void;
  /**
   * Lets time pass until `done()` holds or nothing is left to run. The simulator
   * runs its event loop here; a real host just waits. When the loop is already
   * running (another get, or actor code), waits until `done()` holds or it stops.
   */
  drive(done: () => boolean): Promise<void>;
  /** Why the last drive stopped without `done()` holding (drive limit, stall, deadlock), when the host knows. */
  driveStopReason?(): string | null;
  /**
   * Records an internal invariant violation: an assertion in actor code, or
   * (with `detail`) an error actor code threw that nobody receives.
   */
  reportViolation(where: string, message: string, detail?: ActorErrorDetail): void;
  /**
   * An actor refused on purpose with nobody to tell (a coded error from a
   * constructor at restart, such as a corrupt edit log): not a bug, but an
   * operator must see it. Optional: the simulator keeps it as the death cause.
   */
  noteActorFailure?(actor: string, where: string, message: string): void;
  /**
   * A decision an actor tells its operator (a report received, a replica
   * dropped, a repair started). The real host writes it to the node's log at
   * or above its level; the simulator keeps it beside the trace (never hashed).
   */
  log?(node: string, actorId: string, level: LogLevel, message: string): void;
  /**
   * BUGGIFY: whether fault point `site`, asked by code on `node`, fires now
   * (see fault-points.ts). Absent: never (the real host). Seeded in simulation.
   */
  buggify?(node: string, site: string): boolean;
  /** A coverage mark: code on `node` reached the rare path `name`. Absent: not counted. Never changes the run. */
  mark?(node: string, name: string): void;
}
