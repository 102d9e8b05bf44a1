import { InvalidArgumentError, show } from '../core/errors';

// Clogging (FoundationDB's clogInterface): a clogged link holds the messages
// that reach their destination over it, in arrival order, and releases them
// when the link unclogs; nothing is lost by the clog itself (a partition or a
// crash at release time still applies). Also the swizzle-clog schedule: clog
// a set of nodes' links one by one, unclog them in another order.

/** Held items per directed link, released in the order they arrived. */
export class LinkClogs<T> {
  private readonly clogged = new Map<string, Set<string>>();
  private readonly held = new Map<string, T[]>();
  /** Clogged directed links: the hot path checks this first. */
  count = 0;

  clog(from: string, to: string): void {
    if (from === to) return;
    let s = this.clogged.get(from);
    if (!s) this.clogged.set(from, (s = new Set()));
    if (!s.has(to)) {
      s.add(to);
      this.count += 1;
    }
  }

  isClogged(from: string, to: string): boolean {
    return this.count > 0 && (this.clogged.get(from)?.has(to) ?? false);
  }

  hold(from: string, to: string, item: T): void {
    const key = `${from}>${to}`;
    let q = this.held.get(key);
    if (!q) this.held.set(key, (q = []));
    q.push(item);
  }

  /** Unclogs one link; returns what it held, oldest first. */
  unclog(from: string, to: string): T[] {
    const s = this.clogged.get(from);
    if (s?.delete(to)) this.count -= 1;
    const key = `${from}>${to}`;
    const q = this.held.get(key) ?? [];
    this.held.delete(key);
    return q;
  }

  /** Drops what links into `to` hold (its process crashed: the connections broke). */
  dropTo(to: string): T[] {
    const out: T[] = [];
    for (const [key, q] of this.held) {
      if (key.slice(key.indexOf('>') + 1) !== to) continue;
      out.push(...q);
      this.held.delete(key);
    }
    return out;
  }

  /** Every clogged link, in the order they were clogged per sender. */
  links(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const [from, tos] of this.clogged) for (const to of tos) out.push([from, to]);
    return out;
  }

  heldCount(): number {
    let n = 0;
    for (const q of this.held.values()) n += q.length;
    return n;
  }
}

export interface SwizzleStep {
  /** Offset from the fault's start, ms. */
  atMs: number;
  node: string;
  clog: boolean;
}

/**
 * The swizzle-clog plan for `nodes` (already in clog order): each node's links
 * clog one step apart, and after `durationMs` unclog one step apart in an
 * order derived from `pick` (a seeded draw), so the two orders differ.
 */
export function swizzlePlan(nodes: readonly string[], durationMs: number, pick: number): SwizzleStep[] {
  if (!Array.isArray(nodes) || nodes.length === 0) throw new InvalidArgumentError(`swizzle-clog: needs a non-empty group of nodes, got ${show(nodes)}`);
  const step = Math.max(1, Math.floor(durationMs / (2 * nodes.length + 1)));
  const steps: SwizzleStep[] = nodes.map((node, i) => ({ atMs: i * step, node, clog: true }));
  // Fisher-Yates driven by a small LCG seeded with the pick: no extra stream draws at run time.
  const order = [...nodes];
  let x = (pick >>> 0) || 1;
  for (let i = order.length - 1; i > 0; i--) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const j = x % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  order.forEach((node, i) => steps.push({ atMs: durationMs + i * step, node, clog: false }));
  return steps;
}
