// A replica's durable state in two slots, each sealed with a checksum and a
// write counter. A crash can tear the slot being written (an unsynced put
// lands partly, as on a real disk), never the other, so the newest intact
// slot is the state: TigerBeetle's superblock copies in miniature. One slot
// overwritten in place would leave garbage that a restarted replica serves.

export type Value = number | string | null;
/** [view, sequence]: orders every write ever made, across views. */
export type Version = [number, number];

export interface Stored {
  view: number;
  version: Version;
  value: Value;
}

interface Slot extends Stored {
  n: number;
  sum: number;
}

const SLOTS = ['pb/0', 'pb/1'] as const;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function sumOf(s: Stored, n: number): number {
  return fnv1a(JSON.stringify([n, s.view, s.version, s.value]));
}

/** The newest intact slot (the initial state when neither is), and the counter of the last write. */
export function loadState(read: (key: string) => unknown): { state: Stored; n: number } {
  let best: Slot | null = null;
  for (const key of SLOTS) {
    const v = read(key) as Partial<Slot> | undefined;
    if (v === null || typeof v !== 'object' || typeof v.n !== 'number' || !Array.isArray(v.version) || typeof v.view !== 'number') continue;
    const slot = v as Slot;
    if (sumOf(slot, slot.n) !== slot.sum) continue; // torn by a crash
    if (best === null || slot.n > best.n) best = slot;
  }
  if (best === null) return { state: { view: 0, version: [0, 0], value: null }, n: 0 };
  return { state: { view: best.view, version: [best.version[0], best.version[1]], value: best.value }, n: best.n };
}

/** The key and sealed record of write number `n` (slots alternate). */
export function sealState(s: Stored, n: number): { key: string; record: Slot } {
  const record: Slot = { view: s.view, version: [s.version[0], s.version[1]], value: s.value, n, sum: 0 };
  record.sum = sumOf(record, n);
  return { key: SLOTS[n % 2]!, record };
}
