import { assertionViolations } from '../result';
import type { NameNode, StorageNode, StoreClient, StoreOptions, StoreStatus } from '../../core/store';
import { checkAgreement } from '../../properties/agreement';
import { checkForeignReads } from '../../properties/foreign-reads';
import type { History, HistoryEvent } from '../../properties/history';
import { checkLinearizability } from '../../properties/linearizability';
import { checkLostWrites } from '../../properties/lost-writes';
import { storeModel } from '../../properties/models/store-model';
import { checkReplication } from '../../properties/replication';
import type { CheckViolation } from '../../properties/violation';
import type { TraceEvent } from '../../sim';
import { atlas, diskView } from '../swarm';
import { NAME_NODE_NODE, StoreWorld } from '../store-world';
import { clientIndex, Command, ModelConfig, nodeName, storageNodeName } from './commands';
import { ReferenceModel } from './reference-model';

// Runs one command list against a fresh simulated cluster (once its storage
// nodes have reported): each command at the current virtual time, the reference model checked after every command;
// then the end phase: heal everything, let outstanding operations finish, wait
// for the cluster to converge (replication and agreement), read every name
// once more, and run the history checkers (foreign reads, lost writes,
// linearizability). Recoverable fault model: corrupt and wipe are skipped when
// they would destroy the last intact copy of a chunk (the swarm's fault
// atlas), and the name node's disk is never touched.

export interface StoreVariant {
  /** Bug catalogue name, for reports. */
  name?: string;
  nameNodeClass?: typeof NameNode;
  storageNodeClass?: typeof StorageNode;
  clientClass?: typeof StoreClient;
}

export interface CommandRunResult {
  ok: boolean;
  violations: CheckViolation[];
  /** Index of the command after which the first violation was seen; null when it was found in the end phase (or none). */
  failedAtCommand: number | null;
  /** Commands run (the run stops at the first violation). */
  commandsRun: number;
  /** Fault commands that changed the world (skipped ones not counted). */
  faultsApplied: number;
  /** Commands that had nothing to do (restart of an up node) or were vetoed by the atlas. */
  skipped: number;
  history: History;
  /** The simulator's trace, when kept. */
  trace: readonly TraceEvent[];
  traceHash: string;
  virtualTimeMs: number;
}

export const NAMES: readonly string[] = ['a', 'b'];

/** Timing of the simulated store: small chunks so that contents span several. */
export function modelStoreOptions(config: ModelConfig): Partial<StoreOptions> {
  return {
    replicationFactor: config.replicationFactor,
    chunkSizeBytes: 16,
    heartbeatIntervalMs: 100,
    deadTimeoutMs: 500,
    blockReportIntervalMs: 400,
    safeModeMs: 700,
    rpcTimeoutMs: 300,
    clientTimeoutMs: 3000,
  };
}

/** Unique content of exactly `chunks` chunks of 16 bytes: `a#7|....`. */
export function contentFor(name: string, serial: number, chunks: number): string {
  const head = `${name}#${serial}|`;
  return head + '.'.repeat(Math.max(0, (Math.max(1, chunks) - 1) * 16 + 8 - head.length));
}

export async function runCommands(config: ModelConfig, commands: readonly Command[], variant: StoreVariant = {}, options: { keepTrace?: boolean } = {}): Promise<CommandRunResult> {
  const store = modelStoreOptions(config);
  const world = new StoreWorld({
    seed: config.simSeed,
    storageNodes: config.storageNodes,
    clients: config.clients + 1, // the last one makes the final reads
    store,
    keepTrace: options.keepTrace ?? false,
    ...(variant.nameNodeClass ? { nameNodeClass: variant.nameNodeClass } : {}),
    ...(variant.storageNodeClass ? { storageNodeClass: variant.storageNodeClass } : {}),
    ...(variant.clientClass ? { clientClass: variant.clientClass } : {}),
  });
  const sim = world.sim;
  const opts = world.storeOptions;
  const guard = atlas(world);
  const baseNetwork = sim.networkOptions();
  const model = new ReferenceModel();
  const violations: CheckViolation[] = [];
  const busy: boolean[] = world.clients.map(() => false);
  let pending = 0;
  let serial = 0;
  let faultsApplied = 0;
  let skipped = 0;
  let failedAtCommand: number | null = null;
  const opBoundMs = 4 * opts.clientTimeoutMs;

  const issue = (k: number, c: Extract<Command, { kind: 'op' }>): Promise<HistoryEvent> => {
    const client = world.client(k);
    busy[k] = true;
    pending += 1;
    const p = c.op === 'get' || c.op === 'delete' ? client[c.op](c.name) : client[c.op](c.name, contentFor(c.name, serial++, c.chunks));
    return p.finally(() => {
      busy[k] = false;
      pending -= 1;
    });
  };
  const driveUntil = async (done: () => boolean, boundMs: number): Promise<boolean> => {
    if (!done()) await sim.runUntil(done, { untilMs: sim.now() + boundMs });
    return done();
  };
  const stuck = (what: string): void => {
    violations.push({ kind: 'stuck-client', message: `${what} still pending at ${sim.now()}ms (every op has a ${opts.clientTimeoutMs}ms deadline)`, timeMs: sim.now() });
  };

  const apply = async (c: Command): Promise<void> => {
    switch (c.kind) {
      case 'op': {
        const k = clientIndex(c.client, config.clients);
        if (c.sync) {
          if (!(await driveUntil(() => pending === 0, opBoundMs))) return stuck(`${pending} operations`);
          let done = false;
          void issue(k, c).then(() => (done = true));
          if (!(await driveUntil(() => done, opBoundMs))) return stuck(`c${k + 1} ${c.op} ${c.name}`);
        } else {
          if (!(await driveUntil(() => !busy[k], opBoundMs))) return stuck(`c${k + 1}'s previous operation`);
          void issue(k, c);
        }
        return;
      }
      case 'wait':
        await sim.run({ untilMs: sim.now() + c.ms });
        return;
      case 'crash':
      case 'restart': {
        const node = nodeName(c.node, config.storageNodes);
        if (sim.isUp(node) === (c.kind === 'restart')) {
          skipped += 1;
          return;
        }
        if (c.kind === 'crash') sim.crash(node);
        else sim.restart(node);
        break;
      }
      case 'isolate':
        sim.isolate(nodeName(c.node, config.storageNodes));
        break;
      case 'heal':
        sim.heal();
        sim.setNetwork(baseNetwork);
        break;
      case 'lossy':
        sim.setNetwork({ lossRate: 0.3 });
        break;
      case 'corrupt': {
        const node = storageNodeName(c.node, config.storageNodes);
        const keys = guard.rotKeys(node);
        const key = keys[c.pick % Math.max(1, keys.length)];
        if (key === undefined || !guard.canDestroy(node, key) || !sim.corrupt(node, key)) {
          skipped += 1;
          return;
        }
        break;
      }
      case 'wipe': {
        const node = storageNodeName(c.node, config.storageNodes);
        if (!guard.canDestroy(node, null)) {
          skipped += 1;
          return;
        }
        sim.wipe(node);
        break;
      }
      case 'lose': {
        const node = storageNodeName(c.node, config.storageNodes);
        const keys = guard.rotKeys(node);
        const key = keys[c.pick % Math.max(1, keys.length)];
        if (key === undefined || !guard.canDestroy(node, key) || !sim.disk(node).loseValue(key)) {
          skipped += 1;
          return;
        }
        break;
      }
      case 'logrot': {
        const records = guard.logRecords?.(NAME_NODE_NODE) ?? [];
        const r = records[c.pick % Math.max(1, records.length)];
        // Where the flip lands: a function of pick, so the command alone says what happens.
        if (r === undefined || !guard.canRotLog?.(NAME_NODE_NODE, r.log, r.index) || !sim.disk(NAME_NODE_NODE).corruptLogRecord(r.log, r.index, (n) => (c.pick * 7919) % n)) {
          skipped += 1;
          return;
        }
        break;
      }
    }
    faultsApplied += 1;
  };

  // As the swarm does: two heartbeats for the storage nodes to report, so that the first commands find a cluster.
  await world.settle(2 * opts.heartbeatIntervalMs);
  let commandsRun = 0;
  for (const [i, c] of commands.entries()) {
    await apply(c);
    commandsRun += 1;
    violations.push(...model.observeNew(world.history, 'faults'));
    if (violations.length > 0) {
      failedAtCommand = i;
      break;
    }
  }

  if (violations.length === 0) await endPhase();

  async function endPhase(): Promise<void> {
    // Heal: partitions and network faults end, every down node restarts.
    sim.heal();
    sim.setNetwork(baseNetwork);
    for (const node of ['nn', ...world.storageNodes]) if (!sim.isUp(node)) sim.restart(node);
    if (!(await driveUntil(() => pending === 0, 20 * opts.clientTimeoutMs))) stuck(`${pending} operations`);
    violations.push(...model.observeNew(world.history, 'faults'));

    // Liveness: the cluster converges within a bound derived from its options.
    const healedAt = sim.now();
    const boundMs = 10 * opts.deadTimeoutMs + opts.safeModeMs + 2 * opts.blockReportIntervalMs;
    let liveness: CheckViolation[] = [];
    let last: StoreStatus | null = null;
    let converged = false;
    while (sim.now() - healedAt <= boundMs) {
      await world.settle(opts.heartbeatIntervalMs * 2);
      try {
        last = await world.status();
      } catch {
        continue;
      }
      const disks = diskView(world);
      liveness = [...checkReplication(last, disks, world.storageNodes, sim.now()), ...checkAgreement(last, disks, sim.now())];
      if (liveness.length === 0 && !last.summary.safeMode) {
        converged = true;
        break;
      }
    }
    if (!converged) {
      for (const v of liveness.slice(0, 10)) violations.push({ ...v, message: `not converged ${boundMs}ms after healing: ${v.message}` });
      if (liveness.length === 0) violations.push({ kind: 'not-converged', message: `status unavailable or in safe mode ${boundMs}ms after healing`, timeMs: sim.now() });
    }

    // Final reads: the durability evidence, checked by the model too.
    const finalReader = world.client(config.clients);
    for (const name of NAMES) await world.do(finalReader.get(name));
    violations.push(...model.observeNew(world.history, 'final'));

    violations.push(...assertionViolations(sim.violations));
    violations.push(...checkForeignReads(world.history));
    violations.push(...checkLostWrites(world.history, config.clients));
    const lin = checkLinearizability(world.history, storeModel, { maxSteps: 200_000, minimizeMaxSteps: 100_000 });
    if (lin.verdict === 'violation' && lin.violation) {
      violations.push({ kind: 'linearizability', message: `${lin.violation.summary}\n${lin.violation.timeline}`, timeMs: sim.now(), name: lin.violation.partition });
    }
  }

  return {
    ok: violations.length === 0,
    violations,
    failedAtCommand,
    commandsRun,
    faultsApplied,
    skipped,
    history: world.history,
    trace: sim.traceEvents(),
    traceHash: sim.traceHash(),
    virtualTimeMs: sim.now(),
  };
}
