// A binary min-heap of events ordered by (time, tie, seq): time is virtual
// milliseconds, tie comes from the scheduling strategy, seq makes the order total.
//
// Hot path of the simulator (one push and one pop per message), laid out for
// speed: an event stays in one slot of `slots` while queued, and the heap
// itself is two typed arrays, the slot number and a key per position, so
// sifting moves plain numbers (no pointer stores, no GC write barriers). The
// key, `key(t, tie)`, is a single number monotone in (t, tie): most
// comparisons are one float compare, and only equal keys (same time, ties
// equal or outside the key's range) compare the events' fields. Keys are
// taken at push: an event's t, tie and seq must not change while queued.

export interface Keyed {
  t: number;
  tie: number;
  seq: number;
}

const TWO_32 = 4294967296;
const TWO_31 = 2147483648;

/**
 * Monotone non-decreasing in (t, tie) taken lexicographically, for integer
 * times: t scaled by 2^32 plus the tie shifted into [0, 2^32) and clamped
 * (an out-of-range tie only makes keys equal, never misordered). Rounding of
 * large values is monotone too, so `key(a) < key(b)` implies a before b.
 * Other times get NaN: they always compare by fields.
 */
function key(t: number, tie: number): number {
  if (!Number.isInteger(t)) return Number.NaN;
  let c = tie + TWO_31;
  if (!(c >= 0)) c = 0;
  else if (c > TWO_32 - 1) c = TWO_32 - 1;
  return t * TWO_32 + c;
}

function less(a: Keyed, b: Keyed): boolean {
  if (a.t !== b.t) return a.t < b.t;
  if (a.tie !== b.tie) return a.tie < b.tie;
  return a.seq < b.seq;
}

const INITIAL_CAPACITY = 1024;

export class EventQueue<E extends Keyed> {
  /** Queued events by slot; a slot is free (undefined) once its event is popped. */
  private readonly slots: (E | undefined)[] = [];
  private free = new Int32Array(INITIAL_CAPACITY);
  private freeCount = 0;
  /** The heap: slot and key per position, positions 0..n-1. */
  private ids = new Int32Array(INITIAL_CAPACITY);
  private keys = new Float64Array(INITIAL_CAPACITY);
  private n = 0;

  get size(): number {
    return this.n;
  }

  peek(): E | undefined {
    return this.n > 0 ? this.slots[this.ids[0]!] : undefined;
  }

  push(e: E): void {
    if (this.n === this.keys.length) this.grow();
    const slots = this.slots;
    let id: number;
    if (this.freeCount > 0) {
      id = this.free[--this.freeCount]!;
      slots[id] = e;
    } else {
      id = slots.length;
      slots.push(e);
    }
    const k = key(e.t, e.tie);
    const keys = this.keys;
    const ids = this.ids;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const kp = keys[parent]!;
      if (kp < k) break;
      if (!(kp > k) && !less(e, slots[ids[parent]!]!)) break;
      keys[i] = kp;
      ids[i] = ids[parent]!;
      i = parent;
    }
    keys[i] = k;
    ids[i] = id;
  }

  pop(): E | undefined {
    const n = this.n - 1;
    if (n < 0) return undefined;
    const slots = this.slots;
    const keys = this.keys;
    const ids = this.ids;
    const topId = ids[0]!;
    const top = slots[topId];
    slots[topId] = undefined;
    this.free[this.freeCount++] = topId;
    this.n = n;
    if (n === 0) return top;
    const k = keys[n]!;
    const lastId = ids[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let kc = keys[c]!;
      const r = c + 1;
      if (r < n) {
        const kr = keys[r]!;
        if (kr < kc || (!(kr > kc) && less(slots[ids[r]!]!, slots[ids[c]!]!))) {
          c = r;
          kc = kr;
        }
      }
      if (kc > k || (!(kc < k) && !less(slots[ids[c]!]!, slots[lastId]!))) break;
      keys[i] = kc;
      ids[i] = ids[c]!;
      i = c;
    }
    keys[i] = k;
    ids[i] = lastId;
    return top;
  }

  private grow(): void {
    const capacity = this.keys.length * 2;
    const keys = new Float64Array(capacity);
    keys.set(this.keys);
    this.keys = keys;
    const ids = new Int32Array(capacity);
    ids.set(this.ids);
    this.ids = ids;
    const free = new Int32Array(capacity);
    free.set(this.free);
    this.free = free;
  }
}
