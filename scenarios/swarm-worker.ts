import { parentPort } from 'node:worker_threads';
import { runBatch, BatchSpec } from './swarm-batch';

// A worker thread's loop: asks for one seed at a time (so a slow seed does not
// hold back a whole slice), runs it, sends the summary back.

interface Job {
  type: 'job';
  spec: BatchSpec;
}

if (!parentPort) throw new Error('swarm-worker: must run in a worker thread');
const port = parentPort;
port.on('message', (msg: Job | { type: 'stop' }) => {
  if (msg.type === 'stop') {
    port.close();
    return;
  }
  runBatch(msg.spec).then(
    (results) => port.postMessage({ type: 'done', results }),
    (err: unknown) => port.postMessage({ type: 'error', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }),
  );
});
port.postMessage({ type: 'ready' });
