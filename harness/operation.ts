import { ActorsimError, InvalidArgumentError, show } from '../core/errors';
import type { SeededStream } from '../sim';

// The workload: plain JSON operations drawn from the seed's `workload` stream,
// so they can be printed, saved in a repro file and cut down by the shrinker.
// Each becomes one invoke and one completion in the history (op, args).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Operation {
  /** The client process that runs it (0-based); each client runs its operations in order. */
  client: number;
  /** Virtual time it is invoked at, or as soon as the client's previous operation completed. Absolute, so cutting one operation out does not move the others. */
  atMs: number;
  /** Optional think time after the client's previous operation completed (and after atMs), for workloads that pace by think time. */
  delayMs?: number;
  /** The history's operation name (`read`, `write`, ...). */
  op: string;
  args: Json[];
}

export interface WorkloadSpec<O> {
  /** How many client processes run. */
  clients(options: O): number;
  /** Draws the whole list instead of one operation at a time (a system keeping its own draw order); atMs may be 0 with delayMs pacing. */
  drawAll?(stream: SeededStream, options: O, window: { startMs: number; endMs: number }): Operation[];
  /** How many operations a seed draws. */
  count(options: O): number;
  /** One operation's name and arguments (make written values unique, so a read names the write it saw). */
  draw(stream: SeededStream, options: O, index: number): { op: string; args: Json[] };
  /**
   * Jepsen's final reads: operations one more client process (number
   * `clients(options)`) runs in order once every fault healed and the liveness
   * checkers had their turn, before the final checkers; recorded in the
   * history like the rest. Derived from the workload that ran, so a shrunk
   * workload gets its own.
   */
  final?(options: O, workload: readonly Operation[]): Array<{ op: string; args: Json[] }>;
}

/** Thrown by a scenario's `perform` when an operation definitely did not take effect: recorded as `fail`. */
export class OperationFailed extends ActorsimError {
  constructor(readonly reason: string) {
    super('OPERATION_FAILED', `operation failed: ${reason}`);
  }
}

/** One operation at a time drawn uniformly in [startMs, endMs). */
export function drawOperation<O>(spec: WorkloadSpec<O>, stream: SeededStream, options: O, index: number, window: { startMs: number; endMs: number }): Operation {
  const clients = spec.clients(options);
  const client = stream.int(clients);
  const atMs = window.startMs + stream.int(Math.max(1, window.endMs - window.startMs));
  const { op, args } = spec.draw(stream, options, index);
  return { client, atMs, op, args };
}

/** The seed's operations, spread over the window (the fault phase), in time order. */
export function drawWorkload<O>(spec: WorkloadSpec<O>, stream: SeededStream, options: O, window: { startMs: number; endMs: number }): Operation[] {
  if (spec.drawAll) return spec.drawAll(stream, options, window);
  const n = spec.count(options);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`workload.count must be an integer >= 0, got ${show(n)}`);
  return sortByTime(Array.from({ length: n }, (_, i) => drawOperation(spec, stream, options, i, window)));
}

/** Stable by time: ties keep list order, never object identity. */
export function sortByTime<T extends { atMs: number }>(items: readonly T[]): T[] {
  return items.map((e, i) => ({ e, i })).sort((a, b) => a.e.atMs - b.e.atMs || a.i - b.i).map(({ e }) => e);
}

/** What is wrong with one (hand-edited or corrupt) operation, or null. */
export function operationProblem(o: unknown, clients: number): string | null {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return 'is not an object';
  const w = o as Partial<Operation>;
  if (!Number.isInteger(w.client) || w.client! < 0 || w.client! >= clients) return `has client ${show(w.client)}, expected an integer in 0..${clients - 1}`;
  if (typeof w.atMs !== 'number' || !(w.atMs >= 0) || !Number.isFinite(w.atMs)) return `has atMs ${show(w.atMs)}, expected a number >= 0`;
  if (w.delayMs !== undefined && (typeof w.delayMs !== 'number' || !(w.delayMs >= 0) || !Number.isFinite(w.delayMs))) return `has delayMs ${show(w.delayMs)}, expected a number >= 0`;
  if (typeof w.op !== 'string' || w.op.length === 0) return `has op ${show(w.op)}, expected a non-empty string`;
  if (!Array.isArray(w.args)) return `has args ${show(w.args)}, expected an array`;
  return null;
}

/** Thrown by `perform` when an operation may or may not have taken effect: recorded as `unknown`. */
export class OperationIndeterminate extends ActorsimError {
  constructor(readonly reason: string) {
    super('OPERATION_UNKNOWN', `operation outcome unknown: ${reason}`);
  }
}
