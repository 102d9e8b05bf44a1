import { final, linearizable, liveness, safety, type CheckContext, type Checker } from '../../harness';
import { checkAgreement, checkForeignReads, checkLostWrites, checkReplication, storeModel, type CheckViolation, type StoreInput, type StoreOutput, type StoreState } from '../../properties';
import type { StoreScenarioOptions } from './options';
import { disksOf, type StoreSystem } from './system';

// The store's checkers as values: phantom replicas sampled while faults
// rage, convergence after healing, and over the finished history (with the
// final reads in it) foreign reads, lost writes and linearizability against
// the store's model. As in runSwarm, unlimited mode (faults may destroy
// acknowledged data) checks only what no fault excuses: assertions and
// foreign reads.

type Ctx = CheckContext<StoreScenarioOptions, StoreSystem>;
type StoreChecker = Checker<StoreScenarioOptions, StoreSystem>;

/** A status call that failed because of the world (a timeout, a node down) is an outcome, not a checker error. */
const worldError = (err: unknown): err is Error & { code: string } => err instanceof Error && typeof (err as { code?: unknown }).code === 'string';

/** Safety: the name node may list a replica a disk does not hold only within the bound (dead timeout + block reports). */
export const phantomReplicas: StoreChecker = safety('phantom replicas', async ({ sim, sys }: Ctx): Promise<CheckViolation[]> => {
  let status;
  try {
    status = await sys.status();
  } catch (err) {
    if (worldError(err)) return [];
    throw err;
  }
  // The status's own time: a reply delayed in the network still shows what the name node knew then.
  sys.phantoms.observe(status.timeMs, status, disksOf(sys), new Set(sys.storageNodes.filter((n) => sim.isUp(n))));
  const fresh = sys.phantoms.violations.slice(sys.phantomsReported);
  sys.phantomsReported = sys.phantoms.violations.length;
  return sys.recoverable ? fresh : [];
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
  return [];
});

/** No read returns content that no write wrote. */
export const foreignReads: StoreChecker = final('foreign reads', ({ history }: Ctx) => checkForeignReads(history));

/** The final read of each name shows its last acknowledged write (the final reader is process `clients`). */
export const lostWrites: StoreChecker = final('lost writes', ({ history, options, sys }: Ctx) => (sys.recoverable ? checkLostWrites(history, options.clients) : []));

const linearizableStore = linearizable<StoreState, StoreInput, StoreOutput, StoreScenarioOptions, StoreSystem>(storeModel);

/** The history is linearizable against the store's model (per artifact name). */
export const linearizability: StoreChecker = final(linearizableStore.name, (ctx: Ctx) => (ctx.sys.recoverable ? linearizableStore.check(ctx) : []));

export const STORE_CHECKERS: readonly StoreChecker[] = [phantomReplicas, convergence, foreignReads, lostWrites, linearizability];
