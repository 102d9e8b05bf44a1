import { parseArgs } from 'node:util';
import { readClusterFile } from './cluster-file';
import { pidPath, removeFile, SUPERVISOR, writePidRecord } from './processes';
import { Supervisor } from './supervisor';

// The entry of a cluster's supervisor process (`cluster start --restart`):
//
//   node -r ts-node/register/transpile-only real/supervisor-main.ts --cluster DIR/cluster.json
//
// Starts every node as its child and restarts one whose process dies. On
// SIGTERM or SIGINT it stops the nodes and exits.

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} supervisor: ${line}\n`); // determinism-ok: real host (log timestamps)
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { cluster: { type: 'string' } }, strict: true });
  if (!values.cluster) throw new Error('usage: supervisor-main.ts --cluster FILE');
  const cluster = readClusterFile(values.cluster);
  writePidRecord(cluster, SUPERVISOR, process.pid);
  const supervisor = new Supervisor(cluster, values.cluster, { restart: cluster.restart, detached: true, log });
  const records = supervisor.start();
  log(`pid ${process.pid}; started ${records.map((r) => `${r.name} (pid ${r.pid})`).join(', ')}; restart ${cluster.restart ? 'on' : 'off'}`);
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`stopping the cluster (${why})`);
    void supervisor.stop().then(() => {
      removeFile(pidPath(cluster, SUPERVISOR));
      log('stopped');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Stay alive while supervising.
  setInterval(() => {}, 1 << 30); // determinism-ok: real host
}

main().catch((err: unknown) => {
  log(`cannot start: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
