import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { readClusterFile } from './cluster-file';
import { pidAlive, readyPath, removeFile } from './processes';
import { PRIVATE_DIR, writeDurably } from './file-disk';
import { readSecretFile, runNode, secretFileWarning, type NodeRuntime } from './runtime';

// The entry of one node process of a real cluster:
//
//   node -r ts-node/register/transpile-only real/node-main.ts \
//        --cluster DIR/cluster.json --node s1 [--data-dir D] [--secret-file F] [--port P]
//
// It runs the node's actor (the name node or a storage node) on a RealHost,
// listens, and writes `<runDir>/<node>.ready` once it does. SIGTERM or SIGINT
// stop it cleanly; any other end (SIGKILL, a crash) is a node crash, and its
// data folder is what the next start recovers from. The optional flags
// override the cluster file (containers: the data volume, the secret mount).

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`); // determinism-ok: real host (log timestamps)
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cluster: { type: 'string' },
      node: { type: 'string' },
      'data-dir': { type: 'string' },
      'secret-file': { type: 'string' },
      port: { type: 'string' },
      'parent-pid': { type: 'string' },
    },
    strict: true,
  });
  if (!values.cluster || !values.node) throw new Error('usage: node-main.ts --cluster FILE --node ID [--data-dir D] [--secret-file F] [--port P]');
  const cluster = readClusterFile(values.cluster);
  const node = values.node;
  const secretFile = values['secret-file'] ?? cluster.secretFile;
  const secret = secretFile ? readSecretFile(secretFile) : null;
  const exposed = secretFile ? secretFileWarning(secretFile) : null;
  if (exposed) log(`WARNING ${exposed}`);
  const port = values.port !== undefined ? Number(values.port) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new Error(`--port must be an integer in 0..65535, got ${values.port}`);
  const runtime: NodeRuntime = await runNode(cluster, node, {
    log,
    secret,
    ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
    ...(port !== undefined ? { port } : {}),
  });
  const role = node === cluster.nameNode ? 'name node' : 'storage node';
  log(`${role} ${node} listening on ${runtime.address.host}:${runtime.address.port}, pid ${process.pid}, random seed ${runtime.host.seed} (not reproducible)${secret ? ', frames HMAC-authenticated' : ''}`);
  if (cluster.runDir) {
    mkdirSync(cluster.runDir, { recursive: true, mode: PRIVATE_DIR });
    writeDurably(cluster.runDir, `${node}.ready`, JSON.stringify({ pid: process.pid, host: runtime.address.host, port: runtime.address.port }) + '\n');
  }
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${why})`);
    if (cluster.runDir) removeFile(readyPath(cluster, node));
    void runtime.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref(); // determinism-ok: real host
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // A foreground cluster's nodes end with the process that started them.
  const parent = values['parent-pid'] !== undefined ? Number(values['parent-pid']) : null;
  if (parent !== null) {
    setInterval(() => { // determinism-ok: real host
      if (!pidAlive(parent)) stop(`parent ${parent} is gone`);
    }, 500).unref();
  }
}

process.on('uncaughtException', (err) => {
  log(`crash: ${err.stack ?? String(err)}`);
  process.exit(70);
});

main().catch((err: unknown) => {
  log(`cannot start: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
