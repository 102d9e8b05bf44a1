import { checksum, NameNode, StorageNode, StoreClient, StoredChunk, StoreStatus } from '../core/store';
import { checkAgreement } from '../properties/agreement';
import type { DiskView } from '../properties/disk-view';
import { checkForeignReads } from '../properties/foreign-reads';
import { checkLinearizability } from '../properties/linearizability';
import { checkLostWrites } from '../properties/lost-writes';
import { storeModel } from '../properties/models/store-model';
import { PhantomTracker } from '../properties/phantom-tracker';
import { checkReplication } from '../properties/replication';
import { checkStoreSamples } from '../properties/store-checks';
import type { StoreSample } from '../properties/store-sample';
import type { CheckViolation } from '../properties/violation';
import { drawFaultSchedule, FaultEvent, FaultGuard, FaultKind, Nemesis, Seed, Streams, TraceEvent } from '../sim';
import { assertionViolations, type RunResult } from './result';
import { NAME_NODE_NODE, StoreWorld } from './store-world';
import { EDIT_LOGS, parseRecord } from '../core/store/edit-log';
import { reportData } from './report-data';
import { convergenceBoundMs, faultStartMs, phantomBoundMs, sampleEveryMs, settledMs, storeSettings } from './store-settings';
import { describeSwarmOptions, drawSwarmOptions, SwarmOptions } from './swarm-options';
import { drawWorkload, WorkloadOp } from './workload';
import { encodeDigests } from '../harness/event-digests';
import { STORE_CLOCK_BOUND } from '../sim/clock';
import { askStoreSample, peekStoreSample, type StoreSampleSource } from './store-samples';

// One chaos run, VOPR style: the seed draws the cluster, the workload and the
// fault mix; clients run while the nemesis injects faults and safety is
// watched; then every fault ends, and the cluster must converge (liveness)
// within a bound derived from its options; finally every checker reads the
// history, the name node's map and the disks.

export interface SwarmRunOptions {
  seed: Seed;
  overrides?: Partial<SwarmOptions>;
  keepTrace?: boolean;
  /** Value digests in the trace hash (default true; the benchmark turns them off for its baseline). */
  traceValues?: boolean;
  /** Include the per-event digests in the result even when it passes (replay). */
  keepDigests?: boolean;
  /** Explicit workload and faults (replay, shrink); drawn from the seed when absent. */
  workload?: WorkloadOp[];
  schedule?: FaultEvent[];
  /** A store variant (bug catalogue). */
  nameNodeClass?: typeof NameNode;
  storageNodeClass?: typeof StorageNode;
  clientClass?: typeof StoreClient;
  /** Label for repro lines. */
  bug?: string;
}

export interface SwarmRunResult extends RunResult {
  swarm: SwarmOptions;
  workload: WorkloadOp[];
  schedule: FaultEvent[];
  faults: Record<FaultKind, number>;
  vetoed: Record<FaultKind, number>;
  converged: boolean;
  convergedAfterMs: number | null;
  /** Trace hash every CHECKPOINT_EVERY events, for divergence reports. */
  checkpoints: string[];
  /** Every trace event, when the run kept its trace. */
  trace?: TraceEvent[];
  /** The running trace hash after every event (base64 of int32s): in failing runs and when asked, for replay's first differing event. */
  eventDigests?: string;
  /** Coverage marks reached (ctx.mark): hits per name, sorted by name. */
  marks: Record<string, number>;
  /** BUGGIFY sites that fired, and how often (empty when the run had buggify off). */
  buggified: Record<string, number>;
}

/** What each storage node's disk holds, as reads see it (or, with `durable`, as a crash would leave it). */
export function diskView(world: StoreWorld, durable = false): DiskView {
  const view: DiskView = {};
  for (const node of world.storageNodes) {
    const disk = world.sim.disk(node);
    const chunks: DiskView[string] = {};
    for (const key of disk.keys('chunk/')) {
      const id = key.slice('chunk/'.length);
      const c = (durable ? disk.peekDurable(key) : disk.peek(key)) as Partial<StoredChunk> | undefined;
      if (durable && c === undefined) continue; // not durable yet: a crash loses it
      // A missing value or garbage (disk faults) holds nothing intact.
      const sound = !!c && typeof c === 'object' && typeof c.data === 'string' && typeof c.checksum === 'string' && c.id === id;
      chunks[id] = { checksum: sound ? c.checksum! : '', intact: sound && checksum(c.data!) === c.checksum && c.data!.length === c.size };
    }
    view[node] = chunks;
  }
  return view;
}

/** The fault atlas: never destroy the last intact copy of a chunk, never the name node's disk. */
export function atlas(world: StoreWorld): FaultGuard {
  return {
    rotKeys: (node) => world.sim.disk(node).keys('chunk/'),
    // Most recent first, the copies interleaved: a pick then names the same recent record however many came before.
    logRecords: (node) => {
      if (node !== NAME_NODE_NODE) return [];
      const disk = world.sim.disk(node);
      const out: Array<{ log: string; index: number }> = [];
      const longest = Math.max(0, ...EDIT_LOGS.map((log) => disk.peekDurableLog(log).length));
      for (let index = longest - 1; index >= 0; index--) for (const log of EDIT_LOGS) if (index < disk.peekDurableLog(log).length) out.push({ log, index });
      return out;
    },
    // The edit log is kept twice: a record may rot only while the other copy holds it durable and intact.
    canRotLog: (node, log, index) => {
      if (node !== NAME_NODE_NODE) return false;
      const disk = world.sim.disk(node);
      return EDIT_LOGS.filter((l) => l !== log).some((other) => {
        const p = parseRecord(disk.peekDurableLog(other)[index]);
        return p.ok && p.seq === index + 1;
      });
    },
    canDestroy: (node, key) => {
      if (!world.storageNodes.includes(node)) return false;
      // Only synced data counts: an unsynced copy is not a copy.
      const view = diskView(world, true);
      const mine = view[node] ?? {};
      const ids = key === null ? Object.keys(mine) : [key.slice('chunk/'.length)];
      return ids.every((id) => {
        const c = mine[id];
        if (!c || !c.intact) return true;
        return world.storageNodes.some((n) => n !== node && view[n]?.[id]?.intact && view[n]![id]!.checksum === c.checksum);
      });
    },
  };
}

/** How long `node` was paused by the schedule within [fromMs, toMs) (overlapping pauses counted once). */
export function pausedWithin(schedule: readonly FaultEvent[], node: string): (fromMs: number, toMs: number) => number {
  const spans = schedule
    .filter((e) => e.kind === 'pause' && e.node === node)
    .map((e) => [e.atMs, e.atMs + e.durationMs] as const)
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [a, b] of spans) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return (fromMs, toMs) => merged.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b, toMs) - Math.max(a, fromMs)), 0);
}

export async function runSwarm(o: SwarmRunOptions): Promise<SwarmRunResult> {
  const swarm = drawSwarmOptions(o.seed, o.overrides ?? {});
  const hb = swarm.heartbeatIntervalMs;
  const store = storeSettings(swarm);

  const world = new StoreWorld({
    seed: o.seed,
    storageNodes: swarm.storageNodes,
    clients: swarm.clients + 1, // the last one makes the final reads
    store,
    network: { latencyMsMean: swarm.latencyMsMean },
    strategy: swarm.strategy,
    // Every node's clock skewed and drifting within the bound the store is built for.
    clocks: STORE_CLOCK_BOUND,
    buggify: swarm.buggify === true,
    keepTrace: o.keepTrace ?? false,
    // The benchmark's baseline is the trace as it was before values: no digests, no per-event running hash.
    ...(o.traceValues === false ? { traceValues: false, keepDigests: false } : {}),
    ...(o.nameNodeClass ? { nameNodeClass: o.nameNodeClass } : {}),
    ...(o.storageNodeClass ? { storageNodeClass: o.storageNodeClass } : {}),
    ...(o.clientClass ? { clientClass: o.clientClass } : {}),
  });
  const streams = new Streams(o.seed);
  const workload = o.workload ?? drawWorkload(streams.get('workload'), swarm);
  const t0 = settledMs(swarm);
  const faultStart = faultStartMs(swarm);
  const faultEnd = faultStart + swarm.faultPhaseMs;
  const topo = { storageNodes: world.storageNodes, nameNode: 'nn', clientNodes: world.clients.map((_, i) => `c${i + 1}`) };
  const schedule = o.schedule ?? drawFaultSchedule(streams.get('faults'), swarm.faults, topo, faultStart, faultEnd);
  const nemesis = new Nemesis(world.sim, schedule, topo, swarm.mode, atlas(world));
  nemesis.install();
  // Explicit lists (replay, shrink) are what runs: describe those, not the draw.
  const counts = Object.fromEntries(Object.keys(swarm.faults).map((k) => [k, schedule.filter((f) => f.kind === k).length])) as Record<FaultKind, number>;
  const output = describeSwarmOptions(o.seed, { ...swarm, operations: workload.length, faults: o.schedule ? counts : swarm.faults });
  const violations: CheckViolation[] = [];
  const recoverable = swarm.mode === 'recoverable';

  // Safety while faults rage: phantom replicas sampled on virtual time.
  const phantoms = new PhantomTracker(phantomBoundMs(swarm), { pausedMs: pausedWithin(schedule, topo.nameNode) });
  const sampleEvery = sampleEveryMs(swarm);
  const samples: StoreSample[] = []; // for the availability, locatability and status-truth checkers
  const source: StoreSampleSource = { sim: world.sim, storageNodes: world.storageNodes, disks: () => diskView(world) };
  for (let t = faultStart; t < faultEnd; t += sampleEvery) {
    world.sim.at(t, () => {
      askStoreSample(source, () => world.statusRaw(), (sample) => {
        samples.push(sample);
        // The status's own time: a reply delayed in the network still shows what the name node knew then.
        phantoms.observe(sample.status.timeMs, sample.status, sample.disks, new Set(sample.up));
      });
    }, 'sample');
  }

  await world.settle(t0);
  let clientsDone = 0;
  // Each client runs its ops in order; clientsDone counts the finished ones.
  world.clients.slice(0, swarm.clients).forEach((c, i) => {
    const ops = workload.filter((w) => w.client === i);
    const ctx = world.system.clientAt(`c${i + 1}`);
    return (async () => {
      for (const w of ops) {
        if (w.delayMs > 0) await ctx.sleep(w.delayMs);
        if (w.op === 'status') await c.status();
        else if (w.op === 'get' || w.op === 'delete') await c[w.op](w.name!);
        else await c[w.op](w.name!, w.content!);
      }
      clientsDone += 1;
    })();
  });
  // Between events, every heartbeat interval: the name node's status read from its memory (no message, so
  // the run is the same event for event) beside the disks, for the sampled checkers.
  let peekAt = faultStart;
  const peek = (): boolean => {
    if (world.sim.now() < peekAt) return false;
    peekAt = world.sim.now() + hb;
    const sample = peekStoreSample(source, world.system, NAME_NODE_NODE);
    if (sample !== null) samples.push(sample);
    return false;
  };
  await world.sim.runUntil(peek, { untilMs: faultEnd });
  if (world.sim.now() < faultEnd) await world.sim.run({ untilMs: faultEnd }); // the queue ran dry: as run() does, reach faultEnd
  nemesis.healAll();
  // Healing cannot cut a pause short (the node's events wait for its end): liveness starts when the
  // last one ends. A paused node still looks alive to the name node, so the cluster could seem to
  // converge and the final read then find the only replica (R = 1) frozen: a false lost write.
  const pausedUntilMs = Math.max(0, ...[topo.nameNode, ...world.storageNodes].map((n) => world.sim.nodeInfo(n).pausedUntilMs));
  if (pausedUntilMs > world.sim.now()) await world.settle(pausedUntilMs - world.sim.now());
  const opsBound = faultEnd + 20 * store.clientTimeoutMs;
  await world.sim.runUntil(() => clientsDone === swarm.clients, { untilMs: opsBound });
  if (clientsDone !== swarm.clients) {
    violations.push({ kind: 'stuck-client', message: `${swarm.clients - clientsDone} clients still had operations pending at ${world.sim.now()}ms (every op has a ${store.clientTimeoutMs}ms deadline)`, timeMs: world.sim.now() });
  }

  // Liveness: healed, the cluster must converge within the bound.
  const healedAt = world.sim.now();
  const boundMs = convergenceBoundMs(swarm);
  let converged = false;
  let convergedAfterMs: number | null = null;
  let last: StoreStatus | null = null;
  let liveness: CheckViolation[] = [];
  while (world.sim.now() - healedAt <= boundMs) {
    await world.settle(hb * 2);
    try {
      last = await world.status();
    } catch {
      continue;
    }
    const disks = diskView(world);
    liveness = [...checkReplication(last, disks, world.storageNodes, world.sim.now()), ...checkAgreement(last, disks, world.sim.now())];
    if (liveness.length === 0 && !last.summary.safeMode) {
      converged = true;
      convergedAfterMs = world.sim.now() - healedAt;
      break;
    }
  }

  // Final reads of every name: the durability check's evidence.
  const finalReader = world.clients[swarm.clients]!;
  const names = [...new Set(workload.filter((w) => w.name !== undefined).map((w) => w.name!))];
  for (const name of names) await world.do(finalReader.get(name));

  violations.push(...assertionViolations(world.sim.violations));
  violations.push(...checkForeignReads(world.history));
  if (recoverable) {
    violations.push(...phantoms.violations);
    if (!converged) {
      for (const v of liveness.slice(0, 10)) violations.push({ ...v, message: `not converged ${boundMs}ms after healing: ${v.message}` });
      if (liveness.length === 0) violations.push({ kind: 'not-converged', message: `status unavailable or in safe mode ${boundMs}ms after healing`, timeMs: world.sim.now() });
    }
    violations.push(...checkLostWrites(world.history, swarm.clients));
    violations.push(
      ...checkStoreSamples({ samples, history: world.history, schedule, store, nameNode: topo.nameNode, storageNodes: world.storageNodes, clientNode: (p) => `c${p + 1}`, healedAtMs: faultEnd, convergedAtMs: converged ? healedAt + convergedAfterMs! : null }),
    );
    const lin = checkLinearizability(world.history, storeModel, { maxSteps: 500_000, minimizeMaxSteps: 200_000 });
    if (lin.verdict === 'violation' && lin.violation) {
      violations.push({ kind: 'linearizability', message: `${lin.violation.summary}\n${lin.violation.timeline}`, timeMs: world.sim.now(), name: lin.violation.partition });
    }
  }
  return {
    scenario: 'swarm',
    seed: o.seed,
    ok: violations.length === 0,
    traceHash: world.sim.traceHash(),
    events: world.sim.eventCount,
    virtualTimeMs: world.sim.now(),
    violations,
    options: { ...swarm, ...(o.bug ? { bug: o.bug } : {}) },
    status: last,
    output,
    history: world.history,
    report: reportData(world, schedule, violations),
    swarm,
    workload,
    schedule,
    faults: { ...nemesis.injected },
    vetoed: { ...nemesis.vetoed },
    converged,
    convergedAfterMs,
    checkpoints: [...world.sim.trace.checkpoints],
    marks: world.sim.marks(),
    buggified: world.sim.faultPoints.firings(),
    ...(o.keepTrace ? { trace: [...world.sim.traceEvents()] } : {}),
    ...(violations.length > 0 || o.keepDigests ? { eventDigests: encodeDigests(world.sim.trace.eventDigests()) } : {}),
  };
}
