import { parentPort, workerData } from 'node:worker_threads';
import type { StrategyName } from '../sim';
import { loadScenario } from './load';
import { runScenario } from './run';

// A swarm worker thread: loads the scenario module once, then runs one seed
// at a time as the pool asks and sends the whole result back.

export interface PoolJob {
  scenarioModule: string;
  bug: string | null;
  overrides: Record<string, unknown>;
  strategy?: StrategyName;
}

if (!parentPort) throw new Error('harness swarm-worker: must run in a worker thread');
const port = parentPort;
const job = (workerData as { job: PoolJob }).job;
const fail = (err: unknown) => port.postMessage({ type: 'error', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
try {
  const { scenario } = loadScenario(job.scenarioModule, 'the swarm worker\'s scenario module');
  port.on('message', (msg: { type: 'seed'; seed: number } | { type: 'stop' }) => {
    if (msg.type === 'stop') return port.close();
    runScenario(scenario, { seed: msg.seed, bug: job.bug, overrides: job.overrides, ...(job.strategy ? { strategy: job.strategy } : {}) }).then((result) => {
      try {
        port.postMessage({ type: 'done', seed: msg.seed, result });
      } catch (err) {
        fail(err);
      }
    }, fail);
  });
  port.postMessage({ type: 'ready' });
} catch (err) {
  fail(err);
}
