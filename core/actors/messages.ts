import type { CallRecord } from './call-record';
import type { Envelope } from './host';

// What the runtime puts on the wire: envelopes and the bodies of calls,
// replies and tells.

/**
 * The call record a body belongs to, on bodies that stay in this process: a
 * symbol key, so encoders (Object.keys, JSON) never see it; a body decoded
 * from another process has none and is looked up by its call id.
 */
export const REC: unique symbol = Symbol('call record');

export interface CallBody {
  callId: number;
  attempt: number;
  args: unknown[];
  [REC]?: CallRecord;
}
export interface ReplyBody {
  callId: number;
  attempt: number;
  ok: boolean;
  value: unknown;
  [REC]?: CallRecord;
}
export interface TellBody {
  args: unknown[];
}

/**
 * Constructors of plain objects: their prototype is Object.prototype, as a
 * literal's, so encoders (real/codec accepts plain objects only), spreads and
 * deep equality see no difference. They exist because V8 may pretenure an
 * object literal site (allocate all its objects in the old generation) after
 * a burst of them survived a young GC, which made the kernel's speed depend on
 * GC timing during setup; objects made by `new` are never pretenured.
 */
function plainConstructor<A extends unknown[], T extends object>(init: (this: T, ...args: A) => void): new (...args: A) => T {
  init.prototype = Object.prototype;
  return init as unknown as new (...args: A) => T;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

export const EnvelopeObject = plainConstructor(function (
  this: Writable<Envelope>,
  id: number,
  kind: Envelope['kind'],
  fromNode: string,
  toNode: string,
  fromActor: string | null,
  toActor: string | null,
  label: string,
  body: unknown,
) {
  this.id = id;
  this.kind = kind;
  this.fromNode = fromNode;
  this.toNode = toNode;
  this.fromActor = fromActor;
  this.toActor = toActor;
  this.label = label;
  this.body = body;
});

export const CallBodyObject = plainConstructor(function (this: CallBody, callId: number, attempt: number, args: unknown[], rec: CallRecord | undefined) {
  this.callId = callId;
  this.attempt = attempt;
  this.args = args;
  this[REC] = rec;
});

export const ReplyBodyObject = plainConstructor(function (this: ReplyBody, callId: number, attempt: number, ok: boolean, value: unknown, rec: CallRecord | undefined) {
  this.callId = callId;
  this.attempt = attempt;
  this.ok = ok;
  this.value = value;
  this[REC] = rec;
});
