import { ActorsimError } from '../errors';
import type { Disk, LogLevel, RandomStream, TimerId } from './host';
import type { ActorHandle } from './handle';
import type { FaultPoints } from './fault-points';
import type { Ref } from './ref';
import type { ActorClass, SpawnOptions, WaitOptions, WaitResult } from './system';

/** What an actor sees of the world. Everything time-, randomness- or disk-related goes through here. */
export interface ActorContext extends FaultPoints {
  readonly id: string;
  readonly name: string | null;
  readonly node: string;
  /** 0 for the first construction, then +1 per restart. */
  readonly incarnation: number;
  /** Seeded per actor and incarnation. */
  readonly random: RandomStream;
  /** The node's disk: survives crashes of this node, not wipes. */
  readonly disk: Disk;
  /** The node's wall clock: it may be skewed, drift and jump (as a real machine's does). */
  now(): number;
  /** The node's monotonic clock: it may drift but never jumps; for timeouts and failure detection. */
  monotonicNow(): number;
  sleep(ms: number): Promise<void>;
  setTimer(ms: number, fn: () => unknown): TimerId;
  setInterval(ms: number, fn: () => unknown): TimerId; // determinism-ok: a Host timer (virtual time in simulation), not the global
  clearTimer(id: TimerId): void;
  spawn<C extends ActorClass>(cls: C, args: ConstructorParameters<C>, options?: SpawnOptions): ActorHandle<InstanceType<C>>;
  getActor<T extends object>(name: string): ActorHandle<T>;
  /** A handle to this actor, held by itself. */
  self<T extends object>(): ActorHandle<T>;
  put<T>(value: T): Ref<T>;
  /** Awaits a Ref with an optional virtual-time timeout (GetTimeoutError). */
  get<T>(ref: Ref<T>, options?: { timeoutMs?: number }): Promise<T>;
  wait<T>(refs: readonly Ref<T>[], options?: WaitOptions): Promise<WaitResult<T>>;
  /** False once this incarnation has crashed or been killed: long-running loops should stop. */
  alive(): boolean;
  /** Tells the operator of a decision (the node's log on the real host); never changes the run. */
  log(level: LogLevel, message: string): void;
}

let constructing: ActorContext | null = null;

/** @internal Runs an actor constructor with its context available to the Actor base class. */
export function constructWith<T>(ctx: ActorContext, make: () => T): T {
  const outer = constructing;
  constructing = ctx;
  try {
    return make();
  } finally {
    constructing = outer;
  }
}

/**
 * Base class for actors: gives `this.ctx`. Actors are ordinary classes whose
 * methods (sync or async) are called through handles; state stays private.
 */
export abstract class Actor {
  protected readonly ctx: ActorContext;
  constructor() {
    if (!constructing) {
      throw new ActorsimError('NOT_SPAWNED', `Actor: ${new.target.name} must be created with system.spawn or ctx.spawn, not new`);
    }
    this.ctx = constructing;
  }
}
