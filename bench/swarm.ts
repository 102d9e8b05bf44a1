import * as os from 'node:os';
import { runBatch } from '../scenarios/swarm-batch';
import { runPool } from '../scenarios/swarm-pool';

// Swarm throughput: default swarm histories (seeds drawing their own cluster,
// workload and faults) per wall second on one worker, then on every core, and
// how much virtual time a wall millisecond covers.

export interface SwarmFigures {
  seedsOneWorker: number;
  historiesPerSecPerWorker: number;
  seedsAllWorkers: number;
  historiesPerSecAllWorkers: number;
  workers: number;
  speedup: number;
  timeDilation: number;
}

const now = () => Number(process.hrtime.bigint()) / 1e6; // determinism-ok: benchmark wall time

export async function benchSwarm(seedsOne = 800, seedsAll = 2400): Promise<SwarmFigures> {
  await runBatch({ seeds: Array.from({ length: 50 }, (_, i) => 100_000 + i), overrides: {}, bug: null }); // JIT warm-up
  const one = Array.from({ length: seedsOne }, (_, i) => i + 1);
  let t0 = now();
  const r1 = await runBatch({ seeds: one, overrides: {}, bug: null });
  const oneMs = now() - t0;
  const virtualMs = r1.reduce((n, r) => n + r.virtualTimeMs, 0);
  const workers = os.cpus().length;
  const all = Array.from({ length: seedsAll }, (_, i) => i + 1);
  t0 = 0;
  await runPool({ seeds: all, overrides: {}, bug: null, workers, onAllReady: () => (t0 = now()) });
  const allMs = now() - t0;
  const perWorker = (seedsOne / oneMs) * 1000;
  const allWorkers = (seedsAll / allMs) * 1000;
  return {
    seedsOneWorker: seedsOne,
    historiesPerSecPerWorker: Math.round(perWorker * 10) / 10,
    seedsAllWorkers: seedsAll,
    historiesPerSecAllWorkers: Math.round(allWorkers * 10) / 10,
    workers,
    speedup: Math.round((allWorkers / perWorker) * 100) / 100,
    timeDilation: Math.round(virtualMs / oneMs),
  };
}
