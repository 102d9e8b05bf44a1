import { NameNode, StorageNode, StoreClient } from '../../core/store';
import { defineScenario } from '../../harness';
import { STORE_CLOCK_BOUND } from '../../sim';
import { STORE_BUGS } from './bugs';
import { STORE_CHECKERS } from './checkers';
import { storeNemesis } from './faults';
import { storeOptions, type StoreScenarioOptions } from './options';
import { storeTiming } from './settings';
import { NAME_NODE, performStore, setupStore, storageNode, type StoreImpl, type StoreSystem } from './system';
import { storeWorkload } from './workload';

// The Distributed Artifact Store declared with the public harness API, like
// any other system: `npx actorsim run|swarm|hunt --scenario
// scenarios/store-scenario/index.ts`, then `replay FILE` and `shrink FILE`.
// The seed draws what `actorsim run swarm` draws (cluster, workload, fault
// mix over all 22 kinds); the checkers are the swarm's.

export const storeScenario = defineScenario<StoreScenarioOptions, StoreImpl, StoreSystem>({
  name: 'store',
  summary: 'the Distributed Artifact Store (name node, replicated chunks on storage nodes) under every fault kind the store knows',
  options: storeOptions,
  topology: (o) => ({ namenode: [NAME_NODE], storage: Array.from({ length: o.storageNodes }, (_, i) => storageNode(i)) }),
  network: (o) => ({ latencyMsMean: o.latencyMsMean }),
  // Every node's clock skewed and drifting within the bound the store is built for; the store's checkers bound progress themselves.
  simulation: (o) => ({ strategy: o.strategy, clocks: STORE_CLOCK_BOUND, stallMs: 0, ...(o.buggify !== undefined ? { buggify: o.buggify } : {}) }),
  impl: { NameNode, StorageNode, StoreClient },
  bugs: STORE_BUGS,
  setup: setupStore,
  workload: storeWorkload,
  perform: performStore,
  checkers: STORE_CHECKERS,
  nemesis: storeNemesis,
  timing: storeTiming,
  report: {
    series: [
      { name: 'storage nodes up', sample: ({ sim, sys }) => sys.storageNodes.filter((n) => sim.isUp(n)).length },
      { name: 'under-replicated chunks', description: 'in the last status a checker saw', sample: ({ sys }) => sys.lastStatus?.summary.underReplicated ?? 0 },
    ],
  },
});

export const scenario = storeScenario;
export default storeScenario;
