import type { ActorRecord } from './actor-record';
import { CallBook } from './call-book';
import type { CallRecord } from './call-record';
import type { Rebind } from './copy';
import { ActorHandle, type HandleRuntime, type Origin } from './handle';
import type { Envelope, Host } from './host';
import { EnvelopeObject } from './messages';
import { DRIVER_INCARNATION, ORIGIN_RECORD, type BoundOrigin } from './origin';
import { RefTransfer } from './ref-transfer';

// The actor runtime's state, shared explicitly by its collaborators (calls,
// call delivery, tasks, lifecycle): each reads and writes it here, never
// another's privates. Also the few lookups they all need (origins, envelopes,
// re-binding received handles).

export class RuntimeState {
  readonly actors = new Map<string, ActorRecord>();
  readonly byName = new Map<string, ActorRecord>();
  readonly byNode = new Map<string, ActorRecord[]>();
  /** The calls in flight. */
  readonly calls: CallBook;
  /** The host runs some nodes in another process (it has `runsHere`). */
  readonly multiProcess: boolean;
  /** Task attempts per node they run on (a node's death retries or fails them). */
  readonly tasksByNode = new Map<string, Set<CallRecord>>();
  /** +1 per death of a node: a task whose node died meanwhile does not reply. */
  readonly nodeEpoch = new Map<string, number>();
  nextActorNumber = 1;
  nextCallId = 1;
  nextEnvelopeId = 1;
  nextLocalTimer = 1;
  /** Ref values travelling from their owners (null across processes: there a Ref settles in process). */
  readonly refs: RefTransfer | null;
  /** Calls delivered plus replies delivered: grows while calls make progress (stall detection). */
  progressCount = 0;
  readonly driver: Origin;

  /** `handles` is the runtime the handles it makes call through (the ActorSystem). */
  constructor(
    readonly host: Host,
    readonly handles: HandleRuntime,
  ) {
    this.multiProcess = host.runsHere !== undefined;
    this.calls = new CallBook(this.multiProcess);
    this.driver = this.origin(host.driverNode, null, DRIVER_INCARNATION);
    this.refs = this.multiProcess
      ? null
      : new RefTransfer(host, (kind, fromNode, toNode, label, body) => this.host.send(this.envelope(kind, fromNode, toNode, null, null, label, body)));
  }

  envelope(kind: Envelope['kind'], fromNode: string, toNode: string, fromActor: string | null, toActor: string | null, label: string, body: unknown): Envelope {
    return new EnvelopeObject(this.nextEnvelopeId++, kind, fromNode, toNode, fromActor, toActor, label, body);
  }

  runsHere(node: string): boolean {
    return !this.multiProcess || this.host.runsHere!(node);
  }

  originAlive(origin: Origin): boolean {
    if (origin.actorId === null) return true;
    const a = this.originRecord(origin);
    return !!a && a.state === 'ALIVE' && a.incarnation === origin.incarnation;
  }

  /** The record of the actor an origin calls from: null for driver code, undefined for an unknown actor. */
  originRecord(origin: Origin): ActorRecord | null | undefined {
    const bound = (origin as Partial<BoundOrigin>)[ORIGIN_RECORD];
    if (bound !== undefined) return bound;
    return origin.actorId === null ? null : this.actors.get(origin.actorId);
  }

  /** An origin that carries its actor's record. */
  origin(node: string, actorId: string | null, incarnation: number): Origin {
    const rec = actorId === null ? null : this.actors.get(actorId) ?? null;
    if (actorId !== null && rec === null) return { node, actorId, incarnation };
    const o: BoundOrigin = { node, actorId, incarnation, [ORIGIN_RECORD]: rec };
    return o;
  }

  /** Handles inside a received value are re-bound to their new holder, so calls through them come from it. */
  rebindTo(origin: Origin): Rebind {
    const rebind: Rebind = (h) => new ActorHandle<object>(this.handles, h.actorId, h.name, origin);
    const refs = this.refs;
    if (refs !== null) rebind.refFor = (r) => refs.holderFor(r, origin.node, rebind);
    return rebind;
  }
}
