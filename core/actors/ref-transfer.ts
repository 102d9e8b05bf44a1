import { copyValue, Rebind } from './copy';
import { OwnerDiedError } from './errors';
import type { Envelope, Host, TimerId } from './host';
import { Ref } from './ref';

// Refs travel as messages from their owner (Ray's ownership): a Ref that
// reaches another node is a new Ref there, settled when the owner's node
// sends the value, so partitions, pauses, loss and crashes apply to it as
// to any message. The owner resends until the value arrives (a lost message
// is retried, as Ray's object pulls are); if the owner's node dies first,
// the holder's Ref fails with OwnerDiedError. It never hangs on a dead owner.

/** Virtual ms between resends of a value not yet delivered. */
export const REF_RESEND_MS = 250;

const ENTRY: unique symbol = Symbol('ref transfer');

interface Transfer {
  readonly holder: Ref<unknown>;
  readonly src: Ref<unknown>;
  readonly owner: string;
  readonly to: string;
  readonly rebind: Rebind;
  done: boolean;
  timer: TimerId | null;
}

export interface RefValueBody {
  ok: boolean;
  value: unknown;
  [ENTRY]?: Transfer;
}

export class RefTransfer {
  /** Transfers not yet delivered, per owner node and per holder node. */
  private readonly open = new Set<Transfer>();

  constructor(
    private readonly host: Host,
    private readonly send: (kind: Envelope['kind'], fromNode: string, toNode: string, label: string, body: unknown) => void,
  ) {}

  /** The holder's Ref for `src` on `holderNode` (values copied with `rebind` on arrival). */
  holderFor(src: Ref<unknown>, holderNode: string, rebind: Rebind): Ref<unknown> {
    const owner = src.owner;
    if (owner === null || owner === holderNode) return src.forward((v) => copyValue(v, `ref ${src.label}`, rebind));
    const holder = new Ref<unknown>(src.label, owner);
    if (!this.host.isUp(owner)) {
      holder.reject(new OwnerDiedError(owner, `${src}: its owner's node ${owner} is down, so its value cannot reach ${holderNode}`));
      return holder;
    }
    const t: Transfer = { holder, src, owner, to: holderNode, rebind, done: false, timer: null };
    this.open.add(t);
    src.onSettle(() => this.ship(t));
    return holder;
  }

  private ship(t: Transfer): void {
    if (t.done || !this.host.isUp(t.owner)) return; // a dead owner's transfers were failed by nodeDown
    const s = t.src.peek()!;
    const body: RefValueBody = s.ok ? { ok: true, value: s.value, [ENTRY]: t } : { ok: false, value: s.error, [ENTRY]: t };
    this.send('ref-value', t.owner, t.to, `ref ${t.src.label}`, body);
    t.timer = this.host.setTimer(t.owner, REF_RESEND_MS, () => this.ship(t), null, 'ref resend');
  }

  deliver(env: Envelope): void {
    const body = env.body as RefValueBody;
    const t = body[ENTRY];
    if (t === undefined || t.done) return; // a duplicate or a late resend
    this.finish(t);
    if (body.ok) {
      let v: unknown;
      try {
        v = copyValue(body.value, `ref ${t.src.label}`, t.rebind);
      } catch (err) {
        t.holder.reject(err);
        return;
      }
      t.holder.resolve(v);
    } else t.holder.reject(body.value);
  }

  /** A node died: Refs it owned that had not reached their holders fail; Refs held there are gone with it. */
  nodeDown(node: string): void {
    for (const t of [...this.open]) {
      if (t.owner === node) {
        this.finish(t);
        t.holder.reject(new OwnerDiedError(node, `${t.src}: its owner's node ${node} died before the value reached ${t.to}`));
      } else if (t.to === node) {
        this.finish(t);
      }
    }
  }

  private finish(t: Transfer): void {
    t.done = true;
    this.open.delete(t);
    if (t.timer !== null) this.host.clearTimer(t.timer);
    t.timer = null;
  }
}
