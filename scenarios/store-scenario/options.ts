import type { OptionsSpec } from '../../harness';
import { FAULT_KINDS, type FaultKind } from '../../sim';
import { parseFaultSpec } from '../fault-spec';
import { checkSwarmOptions, drawSwarmOptions, MODES, type SwarmOptions } from '../swarm-options';

// The store scenario's options are the swarm's own: drawn by drawSwarmOptions
// from the seed (its `swarm`, `swarm-disk` and `swarm-family` streams), with
// its override rules (a larger replication factor grows the cluster, a fault
// list turns the unlisted kinds off), so a seed means the same cluster,
// workload mix and fault mix as `actorsim run swarm --seed S`.

export type StoreScenarioOptions = SwarmOptions;

/** `crash=2,wipe=1`, or `none`: the inverse of parseFaultSpec for a full fault record. */
export function formatFaults(value: unknown): string {
  const faults = value as Record<FaultKind, number>;
  const on = FAULT_KINDS.filter((k) => (faults[k] ?? 0) > 0).map((k) => `${k}=${faults[k]}`);
  return on.length === 0 ? 'none' : on.join(',');
}

export const storeOptions: OptionsSpec<StoreScenarioOptions> = {
  stream: 'swarm',
  draw: (_stream, seed) => drawSwarmOptions(seed),
  merge: (_drawn, overrides, seed) => drawSwarmOptions(seed, overrides),
  check: (o) => void checkSwarmOptions(o),
  flags: [
    { name: 'storage-nodes', kind: 'integer', min: 1, max: 64, description: 'storage nodes (drawn: 3..9)' },
    { name: 'replication-factor', kind: 'integer', min: 1, max: 64, description: 'replication factor R (drawn: 2..min(5, nodes)); a larger R grows the cluster' },
    { name: 'clients', kind: 'integer', min: 1, max: 64, description: 'client processes (drawn: 1..5)' },
    { name: 'operations', kind: 'integer', min: 0, max: 100_000, description: 'client operations (drawn: 10..40)' },
    { name: 'mode', kind: 'string', choices: MODES, description: 'fault mode: recoverable (no acknowledged data destroyed: any loss is a bug) or unlimited (safety only)' },
    {
      name: 'faults',
      kind: 'string',
      description: `fault kinds on, e.g. crash=2,wipe,bitrot or none; unlisted kinds are off (drawn when absent; kinds: ${FAULT_KINDS.join(', ')})`,
      parse: (text) => parseFaultSpec('--faults', text === '' ? 'none' : text),
      format: formatFaults,
    },
  ],
};
