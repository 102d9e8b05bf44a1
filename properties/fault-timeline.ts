// Who could reach whom, and when, as a fault schedule says: the plain-data
// view the availability, locatability and status-truth checkers judge by.
//
// Two readings of one schedule:
// - "disturbed" (may have been affected): used to EXCUSE. Any fault that names
//   the node (crash, wipe, pause, isolate, bitrot, disk and clock faults), any
//   partition or clog that may cut a link, and any network-wide fault (loss,
//   duplication, delay, reordering, duplicated calls) counts over its whole
//   span, vetoed or not. Conservative on purpose: a checker never blames the
//   store for what the world may have done.
// - "surely silent" (certainly could not be heard by the name node): used as
//   EVIDENCE. Only faults whose effect is certain over their whole span: a
//   pause, an isolation of either side, a split or one-way cut from the node
//   to the name node; a node down is the caller's to prove from observations
//   (a crash may be vetoed, a wipe refused by the fault atlas).
//
// Spans are [atMs, atMs + durationMs]; a fault of no duration is an instant.
// Unknown kinds count as network-wide disturbances: a new fault kind can only
// make the checkers more forgiving, never wrong.

/** A fault as the schedule lists it (structurally the nemesis's FaultEvent). */
export interface FaultSpanInput {
  atMs: number;
  kind: string;
  durationMs: number;
  node?: string;
  group?: string[];
}

export interface FaultTimelineTopology {
  nameNode: string;
  /** When every fault was healed and every down node restarted, if within the run. */
  healAtMs?: number;
}

type Span = readonly [number, number];

const NODE_KINDS = new Set(['crash', 'crash-nn', 'wipe', 'pause', 'isolate', 'bitrot', 'read-error', 'lost-file', 'garbage', 'logrot', 'slow-disk', 'full-disk', 'clock-jump', 'clock-strobe']);
const CUT_KINDS = new Set(['isolate', 'split', 'one-way', 'swizzle-clog']);
const DOWN_KINDS = new Set(['crash', 'crash-nn', 'wipe']);
/** Network-wide kinds that deliver every message, on time: extra copies (the name node's retry cache and stamps handle them) or another order. */
const HARMLESS_TO_DELIVERY = new Set(['duplicate', 'duplicate-call', 'reorder']);

const overlaps = (s: Span, from: number, to: number): boolean => s[0] <= to && s[1] >= from;

export class FaultTimeline {
  private readonly byNode = new Map<string, Span[]>();
  private readonly global: Span[] = [];
  /** Network-wide faults that can drop or slow a message (not duplication or reordering). */
  private readonly lossy: Span[] = [];
  private readonly cuts: Array<{ span: Span; from: (n: string) => boolean; to: (n: string) => boolean; clog?: true }> = [];
  private readonly silent = new Map<string, Span[]>();
  private readonly downSpans = new Map<string, Span[]>();
  private readonly clogs: Array<{ span: Span; group: ReadonlySet<string> }> = [];

  constructor(
    schedule: readonly FaultSpanInput[],
    private readonly topo: FaultTimelineTopology,
  ) {
    for (const e of schedule) {
      const span: Span = [e.atMs, e.atMs + Math.max(0, e.durationMs)];
      const known = NODE_KINDS.has(e.kind) || CUT_KINDS.has(e.kind);
      if (e.node !== undefined && NODE_KINDS.has(e.kind)) this.push(this.byNode, e.node, span);
      if (!known || (e.node === undefined && !CUT_KINDS.has(e.kind) && NODE_KINDS.has(e.kind))) {
        this.global.push(span);
        if (!HARMLESS_TO_DELIVERY.has(e.kind)) this.lossy.push(span);
      }
      if (DOWN_KINDS.has(e.kind) && e.node !== undefined) this.push(this.downSpans, e.node, span);
      if (e.kind === 'pause' && e.node !== undefined) this.push(this.silent, e.node, span);
      if (e.kind === 'isolate' && e.node !== undefined) {
        const n = e.node;
        this.cuts.push({ span, from: (x) => x === n, to: (x) => x !== n });
        this.cuts.push({ span, from: (x) => x !== n, to: (x) => x === n });
      } else if ((e.kind === 'split' || e.kind === 'one-way') && e.group) {
        const a = new Set(e.group);
        this.cuts.push({ span, from: (x) => a.has(x), to: (x) => !a.has(x) });
        if (e.kind === 'split') this.cuts.push({ span, from: (x) => !a.has(x), to: (x) => a.has(x) });
      } else if (e.kind === 'swizzle-clog' && e.group) {
        // A clogged node's links hold messages in both directions: a cut while it lasts, not certain at any instant.
        const a = new Set(e.group);
        this.clogs.push({ span, group: a });
        this.cuts.push({ span, from: (x) => a.has(x), to: () => true, clog: true });
        this.cuts.push({ span, from: () => true, to: (x) => a.has(x), clog: true });
      }
    }
  }

  private push(m: Map<string, Span[]>, node: string, s: Span): void {
    const list = m.get(node);
    if (list) list.push(s);
    else m.set(node, [s]);
  }

  /** A fault that names `node` overlaps [fromMs, toMs]. */
  nodeDisturbed(node: string, fromMs: number, toMs: number): boolean {
    return (this.byNode.get(node) ?? []).some((s) => overlaps(s, fromMs, toMs));
  }

  /** A network-wide fault overlaps [fromMs, toMs]. */
  networkDisturbed(fromMs: number, toMs: number): boolean {
    return this.global.some((s) => overlaps(s, fromMs, toMs));
  }

  /** A network-wide fault that can drop or slow messages (loss, delay, unknown kinds) overlaps [fromMs, toMs]. */
  networkLossy(fromMs: number, toMs: number): boolean {
    return this.lossy.some((s) => overlaps(s, fromMs, toMs));
  }

  /** Some fault may have cut or held messages from `a` to `b` during [fromMs, toMs]. */
  linkDisturbed(a: string, b: string, fromMs: number, toMs: number): boolean {
    return this.cuts.some((c) => overlaps(c.span, fromMs, toMs) && c.from(a) && c.to(b) && !(a === b));
  }

  /** Either direction between `a` and `b` may have been cut. */
  pairDisturbed(a: string, b: string, fromMs: number, toMs: number): boolean {
    return this.linkDisturbed(a, b, fromMs, toMs) || this.linkDisturbed(b, a, fromMs, toMs);
  }

  /**
   * Spans, merged, during which `node` may have gone unheard by the name node
   * (paused, down, or a cut from it to the name node). Used with a length
   * limit: a silence shorter than the limit cannot get a correct failure
   * detector to declare the node dead.
   */
  maybeSilences(node: string, fromMs: number, toMs: number): Span[] {
    const spans: Span[] = [...(this.silent.get(node) ?? []), ...(this.downSpans.get(node) ?? [])];
    for (const c of this.cuts) if (c.from(node) && c.to(this.topo.nameNode)) spans.push(c.span);
    return merge(spans.filter((s) => overlaps(s, fromMs, toMs)));
  }

  /**
   * `node` certainly could not be heard by the name node over all of
   * [fromMs, toMs]: `downThroughout` (the caller's observations show it down
   * from before the window to its end, with no restart between: see
   * `restartsWithin`), or a pause (not one that began while the node may have
   * been down: the nemesis vetoes it; cut short by a crash, after which the
   * node restarts unpaused), an isolation, a split or one-way cut from it to
   * the name node, merged end to end. Never while a clog of the node or the
   * name node overlaps: a clog releases held heartbeats later.
   */
  surelySilent(node: string, fromMs: number, toMs: number, downThroughout: boolean): boolean {
    if (this.clogs.some((c) => overlaps(c.span, fromMs, toMs) && (c.group.has(node) || c.group.has(this.topo.nameNode)))) return false;
    if (downThroughout) return true;
    // Healing ends every cut and restarts every downed node (a pause runs its course): no evidence of silence past it.
    const heal = this.topo.healAtMs ?? Number.POSITIVE_INFINITY;
    const healed = (s: Span): Span => [s[0], Math.min(s[1], heal)];
    const downs = (this.downSpans.get(node) ?? []).map(healed);
    const spans: Span[] = [];
    for (const p of this.silent.get(node) ?? []) {
      if (downs.some((d) => d[0] <= p[0] && p[0] <= d[1])) continue;
      const cut = Math.min(p[1], ...downs.filter((d) => d[0] > p[0] && d[0] < p[1]).map((d) => d[0]));
      spans.push([p[0], cut]);
    }
    for (const c of this.cuts) {
      // Clogs hold messages rather than drop them, at steps not in the schedule: never evidence.
      if (c.from(node) && c.to(this.topo.nameNode) && !c.clog) spans.push(healed(c.span));
    }
    return merge(spans).some((s) => s[0] <= fromMs && s[1] >= toMs);
  }

  /**
   * A time at or before which `node` last restarted (its memory reset) before
   * `beforeMs`, or null: the end of the first fault of the last group of
   * overlapping crash or wipe faults that ended by then. The first of a group
   * found the node up, so it was applied and its end restarted the node;
   * later ones may have been vetoed.
   */
  restartedBy(node: string, beforeMs: number): number | null {
    const spans = [...(this.downSpans.get(node) ?? [])].sort((a, b) => a[0] - b[0]);
    let best: number | null = null;
    let groupEnd = -Infinity;
    for (const s of spans) {
      if (s[0] > groupEnd) {
        // A new group: its first fault found the node up.
        if (s[1] <= beforeMs) best = s[1];
      }
      groupEnd = Math.max(groupEnd, s[1]);
    }
    return best;
  }

  /**
   * A down node can come back only when the fault that took it down ends (or
   * at the heal): is there such an end in (fromMs, toMs]? Vetoed faults count
   * too, which can only make the answer yes.
   */
  restartsWithin(node: string, fromMs: number, toMs: number): boolean {
    if (this.topo.healAtMs !== undefined && this.topo.healAtMs > fromMs && this.topo.healAtMs <= toMs) return true;
    return (this.downSpans.get(node) ?? []).some((s) => s[1] > fromMs && s[1] <= toMs);
  }
}

function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
