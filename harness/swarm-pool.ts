import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { InvalidArgumentError, show } from '../core/errors';
import type { ScenarioResult } from './run';
import type { Scenario } from './scenario';
import { addSeed, emptySwarmRun, swarmScenario, type SwarmRun, type SwarmRunOptions } from './swarm';
import type { PoolJob } from './swarm-worker';

// A swarm of a scenario module on K worker threads, each loading the module
// once and taking one seed at a time. Results are counted and handed to
// onSeed in seed order, so the sweep is the same for any K (each seed's run
// is deterministic); K = 1 runs in this process.

export interface PoolRunOptions<O> extends SwarmRunOptions<O> {
  /** The module file the scenario came from (loadScenario): each worker loads it. */
  module: string;
  workers: number;
}

export async function swarmScenarioPool<O extends object>(scenario: Scenario<O>, o: PoolRunOptions<O>): Promise<SwarmRun> {
  if (!Number.isInteger(o.workers) || o.workers < 1 || o.workers > 64) throw new InvalidArgumentError(`swarmScenarioPool: workers must be an integer in 1..64, got ${show(o.workers)}`);
  const from = o.from ?? 1;
  const workers = Math.min(o.workers, Math.max(1, o.seeds));
  if (workers === 1) return swarmScenario(scenario, o);
  const job: PoolJob = { scenarioModule: path.resolve(o.module), bug: o.bug ?? null, overrides: (o.overrides ?? {}) as Record<string, unknown>, ...(o.strategy ? { strategy: o.strategy } : {}) };
  // Compiled (dist/harness/*.js): the worker is plain JavaScript; from the TypeScript sources, bin/worker.js registers ts-node first.
  const entry = __filename.endsWith('.js') ? path.join(__dirname, 'swarm-worker.js') : path.join(__dirname, '..', 'bin', 'worker.js');
  const out = emptySwarmRun();
  const pending = new Map<number, ScenarioResult<O>>();
  let next = 0;
  let counted = 0;
  // Hands finished seeds to the sweep in seed order.
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    flushing = flushing.then(async () => {
      while (pending.has(from + counted)) {
        const r = pending.get(from + counted)!;
        pending.delete(from + counted);
        addSeed(out, r);
        counted += 1;
        await o.onSeed?.(r, counted);
      }
    });
    return flushing;
  };
  const threads: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: workers }, () =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(entry, { workerData: { module: 'harness/swarm-worker.ts', job } });
          threads.push(w);
          const give = () => {
            if (next >= o.seeds) w.postMessage({ type: 'stop' });
            else w.postMessage({ type: 'seed', seed: from + next++ });
          };
          w.on('message', (msg: { type: string; seed?: number; result?: ScenarioResult<O>; message?: string }) => {
            if (msg.type === 'ready') give();
            else if (msg.type === 'done') {
              pending.set(msg.seed!, msg.result!);
              flush().then(give, reject);
            } else if (msg.type === 'error') reject(new Error(`swarm worker: ${msg.message}`));
          });
          w.on('error', reject);
          w.on('exit', () => resolve());
        }),
      ),
    );
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  await flush();
  return out;
}
