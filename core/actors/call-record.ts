import type { ActorRecord } from './actor-record';
import type { Origin } from './handle';
import type { Ref } from './ref';
import type { RemoteFunction } from './remote';

// A call or task. Its bookkeeping costs no Set or Map work per message: the
// runtime keeps the calls sent and not yet answered in one array (each record
// knows its index, removal swaps the last one in; see call-book.ts). An
// actor's incoming calls (pending calls to it that have not finished there)
// and outgoing calls (the pending calls its current incarnation made) are
// found by scanning that array, which only crashes, kills and restarts do.
export class CallRecord {
  // Declared, not defined: the constructor assigns each field once.
  declare readonly id: number;
  declare readonly ref: Ref<unknown>;
  declare readonly origin: Origin;
  declare readonly label: string;
  declare readonly method: string;
  declare readonly args: unknown[];
  declare readonly sentAtMs: number;
  /** Actor target; null for tasks. */
  declare readonly target: ActorRecord | null;
  declare readonly task: RemoteFunction<unknown[], unknown> | null;
  declare retriesLeft: number;
  declare attempt: number;
  declare started: boolean;
  declare waitingRestart: boolean;
  /** Node a task attempt runs on. */
  declare node: string;
  /** An inbound call from another process: the caller's call id, which the reply carries. Null for calls made here. */
  declare readonly remoteCallId: number | null;
  /** The calling actor (its incarnation that made the call); null for driver code, tasks and inbound calls. */
  declare readonly caller: ActorRecord | null;
  /** Index in the runtime's pending calls (sent, not yet answered); -1 when not pending. */
  declare pendingIndex: number;
  /** Index in the runtime's inbound calls (from another process, not yet finished here); -1 when not there. */
  declare inboundIndex: number;
  /** Among its target's incoming calls: sent (or waiting for a restart) and not yet finished there. */
  declare incoming: boolean;
  /** Its caller's incarnation died after sending it: it still runs (it is on the wire), its reply goes nowhere. */
  declare orphan: boolean;

  constructor(
    id: number,
    ref: Ref<unknown>,
    origin: Origin,
    label: string,
    method: string,
    args: unknown[],
    sentAtMs: number,
    target: ActorRecord | null,
    task: RemoteFunction<unknown[], unknown> | null,
    retriesLeft: number,
    attempt: number,
    started: boolean,
    waitingRestart: boolean,
    node: string,
    remoteCallId: number | null,
    caller: ActorRecord | null,
  ) {
    this.id = id;
    this.ref = ref;
    this.origin = origin;
    this.label = label;
    this.method = method;
    this.args = args;
    this.sentAtMs = sentAtMs;
    this.target = target;
    this.task = task;
    this.retriesLeft = retriesLeft;
    this.attempt = attempt;
    this.started = started;
    this.waitingRestart = waitingRestart;
    this.node = node;
    this.remoteCallId = remoteCallId;
    this.caller = caller;
    this.pendingIndex = -1;
    this.inboundIndex = -1;
    this.incoming = target !== null;
    this.orphan = false;
  }
}

/** Orders call records by id: the order they were made in. */
export function byId(a: CallRecord, b: CallRecord): number {
  return a.id - b.id;
}
