import fc from 'fast-check';
import { FAULT_KINDS, FaultKind, STRATEGIES, StrategyName } from '../../sim';
import { runSwarm, SwarmRunResult } from '../swarm';
import type { SwarmOptions } from '../swarm-options';
import type { HistoryCounter } from './model-property';
import type { StoreVariant } from './run-commands';

// Properties over swarm seeds: for any seed and any overrides the CLI can
// express, a swarm run breaks no invariant; and a seed replays the same run,
// event for event. Overrides are limited to what `actorsim run swarm` takes as
// flags, so every counterexample comes with an exact repro line.

/** The overrides `npx actorsim run swarm` can express as flags. */
export type SwarmOverrides = Pick<Partial<SwarmOptions>, 'storageNodes' | 'replicationFactor' | 'clients' | 'operations' | 'mode' | 'faults' | 'strategy'>;

export const seedArb: fc.Arbitrary<number> = fc.integer({ min: 0, max: 0x7fffffff });

const cluster = fc.integer({ min: 3, max: 9 }).chain((storageNodes) =>
  fc.record({ storageNodes: fc.constant(storageNodes), replicationFactor: fc.integer({ min: 2, max: Math.min(5, storageNodes) }) }, { requiredKeys: ['storageNodes'] }),
);

const faultsArb: fc.Arbitrary<Record<FaultKind, number>> = fc.tuple(...FAULT_KINDS.map(() => fc.integer({ min: 0, max: 3 }))).map(
  (counts) => Object.fromEntries(FAULT_KINDS.map((k, i) => [k, counts[i]!])) as Record<FaultKind, number>,
);

export const swarmOverridesArb: fc.Arbitrary<SwarmOverrides> = fc
  .tuple(
    fc.option(cluster, { nil: undefined }),
    fc.record(
      {
        clients: fc.integer({ min: 1, max: 5 }),
        operations: fc.integer({ min: 1, max: 40 }),
        mode: fc.constantFrom<SwarmOptions['mode']>('recoverable', 'unlimited'),
        faults: faultsArb,
        strategy: fc.constantFrom<StrategyName>(...STRATEGIES),
      },
      { requiredKeys: [] },
    ),
  )
  .map(([c, rest]) => ({ ...(c ?? {}), ...rest }));

/** The exact command that reruns `runSwarm({ seed, overrides })` (with a bug variant when named). */
export function swarmRepro(seed: number, overrides: SwarmOverrides, bug?: string): string {
  const words = ['npx', 'actorsim', 'run', 'swarm', '--seed', String(seed)];
  // `run swarm` draws the strategy from the seed unless --strategy overrides it, as runSwarm does.
  if (overrides.strategy !== undefined) words.push('--strategy', overrides.strategy);
  if (overrides.mode !== undefined && overrides.mode !== 'recoverable') words.push('--mode', overrides.mode);
  if (overrides.faults !== undefined) {
    const on = FAULT_KINDS.filter((k) => (overrides.faults![k] ?? 0) > 0).map((k) => `${k}=${overrides.faults![k]}`);
    words.push('--faults', on.length ? on.join(',') : 'none');
  }
  if (overrides.storageNodes !== undefined) words.push('--storage-nodes', String(overrides.storageNodes));
  if (overrides.replicationFactor !== undefined) words.push('--replication', String(overrides.replicationFactor));
  if (overrides.clients !== undefined) words.push('--clients', String(overrides.clients));
  if (overrides.operations !== undefined) words.push('--operations', String(overrides.operations));
  if (bug !== undefined) words.push('--bug', bug);
  return words.join(' ');
}

export interface SwarmPropertyOptions {
  variant?: StoreVariant;
  counter?: HistoryCounter;
  /** Called with every failing run (the last call is the shrunk counterexample). */
  onFailure?: (r: SwarmRunResult, overrides: SwarmOverrides) => void;
}

function run(seed: number, overrides: SwarmOverrides, o: SwarmPropertyOptions): Promise<SwarmRunResult> {
  const v = o.variant ?? {};
  return runSwarm({
    seed,
    overrides,
    ...(v.name ? { bug: v.name } : {}),
    ...(v.nameNodeClass ? { nameNodeClass: v.nameNodeClass } : {}),
    ...(v.storageNodeClass ? { storageNodeClass: v.storageNodeClass } : {}),
    ...(v.clientClass ? { clientClass: v.clientClass } : {}),
  });
}

function count(o: SwarmPropertyOptions, r: SwarmRunResult): void {
  if (!o.counter) return;
  o.counter.histories += 1;
  if (Object.values(r.faults).some((n) => n > 0)) o.counter.withFaults += 1;
}

/** Any seed, any CLI-expressible overrides: the swarm run reports no violation. */
export function swarmSeedProperty(o: SwarmPropertyOptions = {}): fc.IAsyncPropertyWithHooks<[number, SwarmOverrides]> {
  return fc.asyncProperty(seedArb, swarmOverridesArb, async (seed, overrides) => {
    const r = await run(seed, overrides, o);
    count(o, r);
    if (!r.ok) o.onFailure?.(r, overrides);
    return r.ok;
  });
}

/** The same seed and overrides twice: the same trace hash and event count. */
export function determinismProperty(o: SwarmPropertyOptions = {}): fc.IAsyncPropertyWithHooks<[number, SwarmOverrides]> {
  return fc.asyncProperty(seedArb, swarmOverridesArb, async (seed, overrides) => {
    const a = await run(seed, overrides, o);
    const b = await run(seed, overrides, o);
    count(o, a);
    count(o, b);
    return a.traceHash === b.traceHash && a.events === b.events && a.virtualTimeMs === b.virtualTimeMs;
  });
}
