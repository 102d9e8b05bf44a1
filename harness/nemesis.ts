import { startWorldFault, worldNetworkPatch, type NetworkOptions, type Simulation, type WorldFault } from '../sim';
import { isBuiltin, type ScheduledFault } from './faults';
import { CLIENT_ROLE, topologyNodes, type Topology } from './topology';
import { applyPartitions, overlayNetwork, type ActivePartition } from '../sim/fault-overlay';

// Applies a schedule to the simulation: the built-in kinds on the world's
// primitives, targets resolved when a fault fires, scenario kinds through the
// scenario's own start and end. A fault that cannot apply (its node is down,
// its target resolves to nobody) is counted as vetoed, never half-applied.

/** What a scenario's fault kind may do besides its own actions: cut links in step with the built-in partitions. */
export interface NemesisTools {
  /** Drops messages from `from` to `to` (and back unless oneWay) until the fault ends or everything heals. */
  cut(from: readonly string[], to: readonly string[], oneWay: boolean): void;
  /** Lays a network patch (reordering, duplicated calls, loss) over the world until the fault ends or everything heals; overlapping patches merge, the harshest wins. */
  network(patch: Partial<NetworkOptions>): void;
}

export interface FaultKindSpec<C> {
  name: string;
  /** Applies the fault to `node` (null when the kind names none); false = could not apply (vetoed). */
  start(ctx: C, fault: ScheduledFault, node: string | null, tools: NemesisTools): boolean;
  /** Ends it (called after durationMs when that is > 0, and at heal for those still active). */
  end?(ctx: C, fault: ScheduledFault, node: string | null): void;
}

/** One fault as it fired: the node a target resolved to, or why it was vetoed. */
export interface AppliedFault {
  index: number;
  atMs: number;
  kind: string;
  node: string | null;
  applied: boolean;
  target?: string;
}

export class RoleNemesis<C> {
  readonly applied: AppliedFault[] = [];
  readonly injected: Record<string, number> = {};
  readonly vetoed: Record<string, number> = {};
  private readonly baseNetwork: NetworkOptions;
  private readonly activeNetwork = new Map<number, Partial<NetworkOptions>>();
  private readonly activePartitions = new Map<number, ActivePartition>();
  private readonly activeCustom = new Map<number, { spec: FaultKindSpec<C>; fault: ScheduledFault; node: string | null }>();
  /** Which fault took a node down: only that fault's end restarts it. */
  private readonly downBy = new Map<string, number>();
  private readonly resolvedNode = new Map<number, string | null>();
  /** Swizzle-clogs and clock faults running their own steps: what heal must undo. */
  private readonly activeWorld = new Map<number, { clock?: string; clogged?: string[] }>();
  /** Bumped by healAll: world faults' scheduled steps started before it do nothing after. */
  private healGeneration = 0;
  private readonly all: string[];
  private readonly servers: string[];

  constructor(
    private readonly sim: Simulation,
    readonly schedule: readonly ScheduledFault[],
    topology: Topology,
    private readonly ctx: C,
    private readonly kinds: ReadonlyMap<string, FaultKindSpec<C>>,
    private readonly resolve: (target: string) => string | null,
    private readonly allow: (fault: ScheduledFault, node: string | null) => boolean = () => true,
    /** The scenario's own healing (NemesisSpec.heal), run first. */
    private readonly onHeal: () => void = () => undefined,
  ) {
    this.baseNetwork = sim.networkOptions();
    this.all = topologyNodes(topology);
    const clients = topology[CLIENT_ROLE] ?? [];
    this.servers = this.all.filter((n) => !clients.includes(n));
  }

  install(): void {
    this.schedule.forEach((f, i) => {
      const label = `${f.kind}${f.node ? ' ' + f.node : f.target ? ' ' + f.target : ''}`;
      this.sim.at(f.atMs, () => this.start(f, i), `fault ${label}`);
      if (f.durationMs > 0) this.sim.at(f.atMs + f.durationMs, () => this.end(f, i), `end ${label}`);
    });
  }

  private record(f: ScheduledFault, i: number, node: string | null, applied: boolean): void {
    this.applied.push({ index: i, atMs: this.sim.now(), kind: f.kind, node, applied, ...(f.target !== undefined ? { target: f.target } : {}) });
    const counts = applied ? this.injected : this.vetoed;
    counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  }

  private others(group: readonly string[]): string[] {
    return this.all.filter((n) => !group.includes(n));
  }

  private start(f: ScheduledFault, i: number): void {
    const node = f.target !== undefined ? this.resolve(f.target) : (f.node ?? null);
    this.resolvedNode.set(i, node);
    // Explicit schedules (shrunk, hand-edited) may name nodes this topology lacks.
    if (node !== null && !this.all.includes(node)) return this.record(f, i, node, false);
    if (!this.allow(f, node)) return this.record(f, i, node, false);
    const sim = this.sim;
    let ok = true;
    if (!isBuiltin(f.kind)) {
      const spec = this.kinds.get(f.kind);
      const tools: NemesisTools = {
        cut: (from, to, oneWay) => {
          this.activePartitions.set(i, { a: [...from], b: [...to], oneWay });
          this.applyPartitions();
        },
        network: (patch) => {
          this.activeNetwork.set(i, { ...patch });
          this.applyNetwork();
        },
      };
      ok = spec !== undefined && spec.start(this.ctx, f, node, tools);
      if (ok && spec) this.activeCustom.set(i, { spec, fault: f, node });
      return this.record(f, i, node, ok);
    }
    switch (f.kind) {
      case 'crash':
        if (node === null || !this.servers.includes(node) || !sim.isUp(node)) ok = false;
        else {
          sim.crash(node);
          this.downBy.set(node, i);
        }
        break;
      case 'wipe':
        if (node === null || !this.servers.includes(node)) ok = false;
        else {
          if (sim.isUp(node)) this.downBy.set(node, i);
          sim.wipe(node);
        }
        break;
      case 'pause':
        if (node === null || !sim.isUp(node) || f.durationMs <= 0) ok = false;
        else sim.pause(node, f.durationMs);
        break;
      case 'isolate':
        if (node === null) ok = false;
        else {
          this.activePartitions.set(i, { a: [node], b: this.others([node]), oneWay: false });
          this.applyPartitions();
        }
        break;
      case 'split':
      case 'one-way': {
        const a = (f.group ?? []).filter((n) => this.all.includes(n));
        if (a.length === 0 || this.others(a).length === 0) ok = false;
        else {
          this.activePartitions.set(i, { a, b: this.others(a), oneWay: f.kind === 'one-way' });
          this.applyPartitions();
        }
        break;
      }
      case 'loss':
        this.activeNetwork.set(i, { lossRate: (f.amount ?? 300_000) / 1_000_000 });
        this.applyNetwork();
        break;
      case 'duplicate':
        this.activeNetwork.set(i, { duplicateRate: (f.amount ?? 300_000) / 1_000_000 });
        this.applyNetwork();
        break;
      case 'delay':
        this.activeNetwork.set(i, { latencyMsMean: this.baseNetwork.latencyMsMean + (f.amount ?? 50) });
        this.applyNetwork();
        break;
      case 'reorder':
        this.activeNetwork.set(i, { ...worldNetworkPatch('reorder') });
        this.applyNetwork();
        break;
      case 'duplicate-call':
        this.activeNetwork.set(i, { duplicateCallRate: (f.amount ?? 300_000) / 1_000_000 });
        this.applyNetwork();
        break;
      case 'swizzle-clog':
      case 'clock-jump':
      case 'clock-strobe':
        ok = this.startWorld(f, i, node);
        break;
    }
    this.record(f, i, node, ok);
  }

  /** The world's own steps (clog order, strobe flips, the jump's undo), stopped by healAll. */
  private startWorld(f: ScheduledFault, i: number, node: string | null): boolean {
    const kind = f.kind as 'swizzle-clog' | 'clock-jump' | 'clock-strobe';
    const e: WorldFault = { atMs: f.atMs, kind, durationMs: f.durationMs };
    if (kind === 'swizzle-clog') {
      e.group = (f.group ?? []).filter((n) => this.all.includes(n));
      if (f.amount !== undefined) e.pick = f.amount;
    } else {
      if (node === null) return false;
      e.node = node;
      if (f.amount !== undefined) e.deltaMs = f.amount;
    }
    const generation = this.healGeneration;
    if (!startWorldFault(this.sim, e, this.all, () => generation === this.healGeneration)) return false;
    this.activeWorld.set(i, kind === 'swizzle-clog' ? { clogged: e.group ?? [] } : { clock: node! });
    return true;
  }

  private end(f: ScheduledFault, i: number): void {
    const node = this.resolvedNode.get(i) ?? null;
    const custom = this.activeCustom.get(i);
    if (custom) {
      this.activeCustom.delete(i);
      custom.spec.end?.(this.ctx, f, node);
      if (this.activePartitions.delete(i)) this.applyPartitions();
      if (this.activeNetwork.delete(i)) this.applyNetwork();
      return;
    }
    switch (f.kind) {
      case 'crash':
      case 'wipe':
        if (node !== null && this.downBy.get(node) === i) {
          this.downBy.delete(node);
          if (!this.sim.isUp(node)) this.sim.restart(node);
        }
        break;
      case 'isolate':
      case 'split':
      case 'one-way':
        if (this.activePartitions.delete(i)) this.applyPartitions();
        break;
      case 'loss':
      case 'duplicate':
      case 'delay':
      case 'reorder':
      case 'duplicate-call':
        if (this.activeNetwork.delete(i)) this.applyNetwork();
        break;
      case 'swizzle-clog':
      case 'clock-jump':
      case 'clock-strobe':
        // Their own last step (scheduled by startWorldFault for this same time) undoes them.
        this.activeWorld.delete(i);
        break;
      default:
        break;
    }
  }

  private applyPartitions(): void {
    applyPartitions(this.sim, this.activePartitions.values());
  }

  private applyNetwork(): void {
    this.sim.setNetwork(overlayNetwork(this.baseNetwork, this.activeNetwork.values()));
  }

  /** Ends every fault now: the scenario's heal hook runs, scenario kinds end, world faults stop (clocks stepped back, clogs released), partitions heal, the network is restored, every down server restarts. */
  healAll(): void {
    this.onHeal();
    this.healGeneration++;
    for (const w of this.activeWorld.values()) {
      if (w.clock !== undefined) this.sim.resetClock(w.clock);
      for (const n of w.clogged ?? []) this.sim.unclogNode(n);
    }
    this.activeWorld.clear();
    for (const [i, c] of [...this.activeCustom]) {
      this.activeCustom.delete(i);
      c.spec.end?.(this.ctx, c.fault, c.node);
    }
    this.activePartitions.clear();
    this.sim.heal();
    this.activeNetwork.clear();
    this.sim.setNetwork(this.baseNetwork);
    this.downBy.clear();
    for (const node of this.servers) if (!this.sim.isUp(node)) this.sim.restart(node);
  }
}
