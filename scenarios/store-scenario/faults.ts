import type { CheckContext, FaultKindSpec, NemesisSpec, ScheduledFault, Topology } from '../../harness';
import { topologyNodes } from '../../harness';
import {
  DISK_FAULT_KINDS,
  drawFaultSchedule,
  FAULT_KINDS,
  type DiskFaultEvent,
  type FaultEvent,
} from '../../sim';
import type { StoreScenarioOptions } from './options';
import type { StoreSystem } from './system';

// The store's nemesis on the harness: its own fault draw (drawFaultSchedule,
// every one of its kinds), the harness's built-in kinds where they mean the
// same (crash, pause, wipe, isolate, split, one-way, loss, duplicate, delay,
// with the store's rates, and the world kinds reorder, duplicate-call,
// swizzle-clog, clock-jump, clock-strobe), and the rest as the scenario's own
// kinds over the simulator's primitives: crash-nn, bitrot and the disk kinds. In recoverable mode the fault atlas vetoes whatever would destroy
// the last intact copy of data.

type Ctx = CheckContext<StoreScenarioOptions, StoreSystem>;

/** The store's loss and duplicate bursts: 30% of messages. */
const STORE_RATE_PPM = 300_000;

/** A drawn store fault as the harness schedules it: `amount` carries its pick, `params` its sizes. */
export function toScheduled(e: FaultEvent, o: StoreScenarioOptions): ScheduledFault {
  const f: ScheduledFault = { atMs: e.atMs, kind: e.kind, durationMs: e.durationMs };
  if (e.node !== undefined) f.node = e.node;
  if (e.group !== undefined) f.group = [...e.group];
  if (e.kind === 'loss' || e.kind === 'duplicate') f.amount = STORE_RATE_PPM;
  // The store's delay: mean latency 20 times the base plus 20 ms (the harness adds `amount` to the base).
  else if (e.kind === 'delay') f.amount = o.latencyMsMean * 19 + 20;
  // The harness's clock kinds step the clock by `amount` ms.
  else if (e.kind === 'clock-jump' || e.kind === 'clock-strobe') {
    if (e.deltaMs !== undefined) f.amount = e.deltaMs;
  } else if (e.pick !== undefined) f.amount = e.pick;
  const params: Record<string, number> = {};
  if (e.delayMs !== undefined) params.delayMs = e.delayMs;
  if (Object.keys(params).length > 0) f.params = params;
  return f;
}

const diskEvent = (f: ScheduledFault): DiskFaultEvent => ({
  kind: f.kind,
  node: f.node!,
  durationMs: f.durationMs,
  pick: f.amount ?? 0,
  ...(f.params?.delayMs !== undefined ? { delayMs: f.params.delayMs } : {}),
});

const isServer = (ctx: Ctx, node: string | null): node is string => node !== null && (node === ctx.sys.nameNode || ctx.sys.storageNodes.includes(node));

const crashNameNode: FaultKindSpec<Ctx> = {
  name: 'crash-nn',
  start: ({ sim, sys }, f, node) => {
    if (node !== sys.nameNode || !sim.isUp(node)) return false;
    sim.crash(node);
    sys.downBy.set(node, f);
    return true;
  },
  end: ({ sim, sys }, f, node) => {
    if (node === null || sys.downBy.get(node) !== f) return;
    sys.downBy.delete(node);
    if (!sim.isUp(node)) sim.restart(node);
  },
};

const bitrot: FaultKindSpec<Ctx> = {
  name: 'bitrot',
  start: (ctx, f, node) => {
    if (node === null || !ctx.sys.storageNodes.includes(node)) return false;
    const keys = ctx.sys.guard.rotKeys(node);
    if (keys.length === 0) return false;
    const key = keys[(f.amount ?? 0) % keys.length]!;
    if (ctx.sys.recoverable && !ctx.sys.guard.canDestroy(node, key)) return false;
    return ctx.sim.corrupt(node, key);
  },
};

const diskKinds: Array<FaultKindSpec<Ctx>> = DISK_FAULT_KINDS.map((name) => ({
  name,
  start: (ctx, f, node) => isServer(ctx, node) && ctx.sys.disks.start(diskEvent(f), ctx.sys.faultId(f)),
  end: (ctx, f, node) => {
    if (isServer(ctx, node)) ctx.sys.disks.end(diskEvent(f), ctx.sys.faultId(f));
  },
}));

export const STORE_FAULT_KINDS: ReadonlyArray<FaultKindSpec<Ctx>> = [crashNameNode, bitrot, ...diskKinds];

function faultTopology(topology: Topology) {
  return { storageNodes: [...(topology.storage ?? [])], nameNode: topology.namenode![0]!, clientNodes: [...(topology.clients ?? [])] };
}

export const storeNemesis: NemesisSpec<StoreScenarioOptions, StoreSystem> = {
  // Every kind the store knows, with the seed's counts; the schedule itself comes from the store's own draw.
  plan: (o) => FAULT_KINDS.map((kind) => ({ kind, count: o.faults[kind] ?? 0 })),
  kinds: STORE_FAULT_KINDS,
  draw: (stream, o, topology, window) => drawFaultSchedule(stream, o.faults, faultTopology(topology), window.startMs, window.endMs).map((e) => toScheduled(e, o)),
  // The atlas: a wipe may not take the last intact copy of a chunk (bitrot and the disk kinds ask it per key).
  allow: ({ sys }, f, node) => !(f.kind === 'wipe' && sys.recoverable && node !== null && !sys.guard.canDestroy(node, null)),
  heal: ({ sim, sys, topology }) => {
    sys.healed = true;
    sim.unclogAll();
    for (const node of topologyNodes(topology)) sim.resetClock(node);
    sys.disks.healAll();
  },
};

