import { clientNode, final, linearizable, liveness, safety, type CheckContext, type Checker, type ScheduledFault } from '../../harness';
import {
  checkAgreement,
  checkForeignReads,
  checkLostWrites,
  checkReplication,
  checkStoreSamples,
  storeModel,
  type CheckViolation,
  type FaultSpanInput,
  type StoreInput,
  type StoreOutput,
  type StoreState,
} from '../../properties';
import { askStoreSample, peekStoreSample, type StoreSampleSource } from '../store-samples';
import { storeSettings, storeTiming } from './settings';
import type { StoreScenarioOptions } from './options';
import { disksOf, type StoreSystem } from './system';

// The store's checkers as values: phantom replicas sampled while faults
// rage, convergence after healing, and over the finished history (with the
// final reads in it) foreign reads, lost writes, availability, locatability
// and status truth (over the statuses sampled while faults raged, as runSwarm
// samples them) and linearizability against the store's model. As in runSwarm, unlimited mode (faults may destroy
// acknowledged data) checks only what no fault excuses: assertions and
// foreign reads.

type Ctx = CheckContext<StoreScenarioOptions, StoreSystem>;
type StoreChecker = Checker<StoreScenarioOptions, StoreSystem>;

/** A status call that failed because of the world (a timeout, a node down) is an outcome, not a checker error. */
const worldError = (err: unknown): err is Error & { code: string } => err instanceof Error && typeof (err as { code?: unknown }).code === 'string';

/** Where the sampled checkers read the disks: the store's nodes on this run's simulation. */
const sampleSource = (sim: Ctx['sim'], sys: StoreSystem): StoreSampleSource => ({ sim, storageNodes: sys.storageNodes, disks: () => disksOf(sys) });

/**
 * Safety: the name node may list a replica a disk does not hold only within
 * the bound (dead timeout + block reports). The status it asks is also a
 * sample for the sampled checkers (recoverable mode).
 */
export const phantomReplicas: StoreChecker = safety(
  'phantom replicas',
  ({ sim, sys }: Ctx): Promise<CheckViolation[]> =>
    new Promise((resolve, reject) => {
      askStoreSample(
        sampleSource(sim, sys),
        () => sys.status(),
        (sample) => {
          if (sys.recoverable) sys.samples.push(sample);
          // The status's own time: a reply delayed in the network still shows what the name node knew then.
          sys.phantoms.observe(sample.status.timeMs, sample.status, sample.disks, new Set(sample.up));
          const fresh = sys.phantoms.violations.slice(sys.phantomsReported);
          sys.phantomsReported = sys.phantoms.violations.length;
          resolve(sys.recoverable ? fresh : []);
        },
        (err) => (worldError(err) ? resolve([]) : reject(err)),
      );
    }),
);

/**
 * Safety (recorded, judged at the end): the name node's status read from its
 * memory, as runSwarm reads it between events every heartbeat: now and at
 * each heartbeat until the next sample point (the harness samples less often).
 */
export const nameNodeMemory: StoreChecker = safety('name node memory', ({ sim, system, sys, options }: Ctx): CheckViolation[] => {
  if (!sys.recoverable) return [];
  const src = sampleSource(sim, sys);
  const t = storeTiming(options);
  const until = Math.min(sim.now() + t.sampleEveryMs, t.startMs + t.faultPhaseMs);
  const peek = (): void => {
    const sample = peekStoreSample(src, system, sys.nameNode);
    if (sample !== null) sys.samples.push(sample);
  };
  peek();
  for (let at = sim.now() + options.heartbeatIntervalMs; at < until; at += options.heartbeatIntervalMs) sim.at(at, peek, 'peek');
  return [];
});

/** Liveness: once healed, every chunk is replicated R times on intact disks, map and disks agree, and safe mode is over. */
export const convergence: StoreChecker = liveness('convergence', async ({ sim, sys }: Ctx): Promise<CheckViolation[]> => {
  if (!sys.recoverable) return [];
  let status;
  try {
    status = await sys.status();
  } catch (err) {
    if (worldError(err)) return [{ kind: 'not-converged', message: `status unavailable: ${err.message}`, timeMs: sim.now() }];
    throw err;
  }
  const disks = disksOf(sys);
  const found = [...checkReplication(status, disks, [...sys.storageNodes], sim.now()), ...checkAgreement(status, disks, sim.now())];
  if (found.length > 0) return found.slice(0, 10);
  if (status.summary.safeMode) return [{ kind: 'not-converged', message: 'the name node is still in safe mode', timeMs: sim.now() }];
  sys.convergedAtMs ??= sim.now();
  return [];
});

/** No read returns content that no write wrote. */
export const foreignReads: StoreChecker = final('foreign reads', ({ history }: Ctx) => checkForeignReads(history));

/** The final read of each name shows its last acknowledged write (the final reader is process `clients`). */
export const lostWrites: StoreChecker = final('lost writes', ({ history, options, sys }: Ctx) => (sys.recoverable ? checkLostWrites(history, options.clients) : []));

/** What the fault timeline reads of a scheduled fault: the store's own kinds (crash-nn, disk, world) keep their names. */
export function faultSpan(f: ScheduledFault): FaultSpanInput {
  return { atMs: f.atMs, kind: f.kind, durationMs: f.durationMs, ...(f.node !== undefined ? { node: f.node } : {}), ...(f.group !== undefined ? { group: [...f.group] } : {}) };
}

/**
 * Availability, locatability and status truth over the samples recorded while
 * faults raged, judged by the schedule; healed when the harness healed (the
 * end of the fault phase).
 */
export const sampledStore: StoreChecker = final('availability, locatability, status truth', ({ sys, history, options }: Ctx): CheckViolation[] => {
  if (!sys.recoverable) return [];
  const t = storeTiming(options);
  return checkStoreSamples({
    samples: sys.samples,
    history,
    schedule: sys.schedule.map(faultSpan),
    store: storeSettings(options),
    nameNode: sys.nameNode,
    storageNodes: sys.storageNodes,
    clientNode,
    healedAtMs: t.startMs + t.faultPhaseMs,
    convergedAtMs: sys.convergedAtMs,
  });
});

const linearizableStore = linearizable<StoreState, StoreInput, StoreOutput, StoreScenarioOptions, StoreSystem>(storeModel);

/** The history is linearizable against the store's model (per artifact name). */
export const linearizability: StoreChecker = final(linearizableStore.name, (ctx: Ctx) => (ctx.sys.recoverable ? linearizableStore.check(ctx) : []));

export const STORE_CHECKERS: readonly StoreChecker[] = [phantomReplicas, nameNodeMemory, convergence, foreignReads, lostWrites, sampledStore, linearizability];
