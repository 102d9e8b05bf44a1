import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SeedSummary } from './seed-summary';
import { runBatch } from './swarm-batch';
import type { SwarmOptions } from './swarm-options';

// Runs many seeds on K worker threads (default: one per core). Each worker
// takes one seed at a time; results are put back in seed order, so output is
// identical to a single-worker run of the same seeds.

export interface PoolOptions {
  seeds: number[];
  overrides: Partial<SwarmOptions>;
  bug: string | null;
  workers?: number;
  onSeed?: (s: SeedSummary, done: number) => void;
  /** Called once every worker has loaded and before the first seed runs (benchmarks start their clock here). */
  onAllReady?: () => void;
}

export function defaultWorkers(): number {
  return Math.max(1, os.cpus().length);
}

export async function runPool(o: PoolOptions): Promise<SeedSummary[]> {
  const workers = Math.min(o.workers ?? defaultWorkers(), Math.max(1, o.seeds.length));
  if (workers <= 1) {
    o.onAllReady?.();
    let done = 0;
    return runBatch({ seeds: o.seeds, overrides: o.overrides, bug: o.bug }, (s) => o.onSeed?.(s, ++done));
  }
  const results = new Map<number, SeedSummary>();
  let next = 0;
  let done = 0;
  // Compiled (dist/scenarios/*.js): the worker is plain JavaScript; from the TypeScript sources, bin/worker.js registers ts-node first.
  const entry = __filename.endsWith('.js') ? path.join(__dirname, 'swarm-worker.js') : path.join(__dirname, '..', 'bin', 'worker.js');
  let ready = 0;
  const starters: Array<() => void> = [];
  await Promise.all(
    Array.from({ length: workers }, () =>
      new Promise<void>((resolve, reject) => {
        const w = new Worker(entry, { workerData: { module: 'scenarios/swarm-worker.ts' } });
        const give = () => {
          if (next >= o.seeds.length) {
            w.postMessage({ type: 'stop' });
            return;
          }
          const seed = o.seeds[next++]!;
          w.postMessage({ type: 'job', spec: { seeds: [seed], overrides: o.overrides, bug: o.bug } });
        };
        w.on('message', (msg: { type: string; results?: SeedSummary[]; message?: string }) => {
          if (msg.type === 'ready') {
            // Start together: seed order of completion does not matter, but fair timing does.
            starters.push(give);
            ready += 1;
            if (ready === workers) {
              o.onAllReady?.();
              for (const start of starters) start();
            }
          }
          else if (msg.type === 'done') {
            for (const s of msg.results!) {
              results.set(s.seed, s);
              o.onSeed?.(s, ++done);
            }
            give();
          } else if (msg.type === 'error') {
            reject(new Error(`swarm worker: ${msg.message}`));
            void w.terminate();
          }
        });
        w.on('error', reject);
        w.on('exit', () => resolve());
      }),
    ),
  );
  return o.seeds.map((s) => results.get(s)!);
}
