import type { ActorRecord } from './actor-record';
import { byId, type CallRecord } from './call-record';
import { REC, type CallBody, type ReplyBody } from './messages';
import { describeOrigin } from './origin';

// The calls in flight: those sent and not yet answered (pending) and those
// from another process running or queued here (inbound). Arrays with
// swap-in removal: no hashing, no linked neighbours to touch per message.

export class CallBook {
  /** Calls and tasks sent and not yet answered, in no particular order (CallRecord.pendingIndex). */
  private readonly pendingCalls: CallRecord[] = [];
  /** Calls from another process running or queued here (CallRecord.inboundIndex). */
  private readonly inboundCalls: CallRecord[] = [];
  /**
   * Pending calls by id, for replies decoded from another process (no record
   * reference on their bodies); only on a host that spans processes.
   */
  private readonly callsById: Map<number, CallRecord> | null;

  constructor(multiProcess: boolean) {
    this.callsById = multiProcess ? new Map() : null;
  }

  addPending(rec: CallRecord): void {
    rec.pendingIndex = this.pendingCalls.length;
    this.pendingCalls.push(rec);
    if (this.callsById !== null) this.callsById.set(rec.id, rec);
  }

  removePending(rec: CallRecord): void {
    const i = rec.pendingIndex;
    if (i < 0) return;
    const last = this.pendingCalls.pop()!;
    if (last !== rec) {
      this.pendingCalls[i] = last;
      last.pendingIndex = i;
    }
    rec.pendingIndex = -1;
    if (this.callsById !== null) this.callsById.delete(rec.id);
  }

  addInbound(rec: CallRecord): void {
    rec.inboundIndex = this.inboundCalls.length;
    this.inboundCalls.push(rec);
  }

  /** No longer among its target's incoming calls (it finished there, or will never run). */
  removeIncoming(rec: CallRecord): void {
    rec.incoming = false;
    const i = rec.inboundIndex;
    if (i < 0) return;
    const last = this.inboundCalls.pop()!;
    if (last !== rec) {
      this.inboundCalls[i] = last;
      last.inboundIndex = i;
    }
    rec.inboundIndex = -1;
  }

  /** The calls to `target` not yet finished there, in the order they were made (ids grow). */
  incomingOf(target: ActorRecord): CallRecord[] {
    const out: CallRecord[] = [];
    for (const c of this.pendingCalls) if (c.target === target && c.incoming) out.push(c);
    for (const c of this.inboundCalls) if (c.target === target && c.incoming) out.push(c);
    return out.sort(byId);
  }

  /** The pending calls `caller`'s current incarnation made, in the order it made them. */
  outgoingOf(caller: ActorRecord): CallRecord[] {
    const out: CallRecord[] = [];
    for (const c of this.pendingCalls) if (c.caller === caller) out.push(c);
    return out.sort(byId);
  }

  /** The pending call a call, task or reply body is about (null when it is no longer pending). */
  pendingCall(body: CallBody | ReplyBody): CallRecord | null {
    const rec = body[REC] ?? (this.callsById !== null ? this.callsById.get(body.callId) : undefined);
    return rec !== undefined && rec.pendingIndex >= 0 && rec.id === body.callId ? rec : null;
  }

  /** Calls and tasks sent and not yet answered (orphans aside: nobody waits for them). */
  summary(): { count: number; oldest: string | null } {
    let c: CallRecord | null = null;
    let count = 0;
    for (const p of this.pendingCalls) {
      if (p.orphan) continue; // nobody waits for it
      count += 1;
      if (c === null || p.id < c.id) c = p;
    }
    const oldest = c === null ? null : `${c.label} (call ${c.id}) from ${describeOrigin(c.origin)} sent at ${c.sentAtMs}ms`;
    return { count, oldest };
  }
}
