import { show } from '../core/errors';
import { LOG_LEVELS } from '../core/actors/host';
import { CliUsageError, parseFlags, type FlagSpec, type ParsedArgs } from './args';
import { EXIT_OK, EXIT_USAGE, EXIT_VIOLATION } from './exit-codes';
import type { CliIo } from './io';
import type { Verb } from './verb';

// `actorsim cluster start|status|stop|kill|restart`: a real cluster of the
// store (real/), one OS process per node on loopback, in a folder. The
// verb only parses and prints; real/control.ts does the work (loaded on use,
// so other verbs do not compile it).

const SUBCOMMANDS = ['start', 'status', 'stop', 'kill', 'restart'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

const CLUSTER_FLAGS: readonly FlagSpec[] = [
  { name: 'dir', type: 'string', value: 'D', description: 'the cluster folder: cluster.json, data/, logs/, run/ (required)' },
  { name: 'nodes', type: 'string', value: 'N', range: '1..64', default: '4', description: 'start: storage nodes (plus one name node)' },
  { name: 'replicas', type: 'string', value: 'R', range: '1..nodes', default: '3', description: 'start: replicas per chunk' },
  { name: 'port', type: 'string', value: 'P', range: '1..65535', default: 'free ports', description: 'start: name node on P, storage node k on P+k' },
  { name: 'host', type: 'string', value: 'H', default: '127.0.0.1', description: 'start: address the nodes listen on; beyond loopback needs --secret-file' },
  { name: 'secret-file', type: 'string', value: 'F', description: 'start: shared secret (>= 16 bytes, mode 0600); every frame carries an HMAC with it', default: 'a new one in D/secret' },
  { name: 'heartbeat-ms', type: 'string', value: 'H', range: '10..60000', default: '500', description: 'start: storage node heartbeat interval' },
  { name: 'dead-timeout-ms', type: 'string', value: 'D', range: '20..3600000', default: '5000', description: 'start: silence after which a storage node is dead' },
  { name: 'chunk-size-bytes', type: 'string', value: 'B', range: '1..16777216', default: '65536', description: 'start: chunk size' },
  { name: 'restart', type: 'boolean', description: 'start: a supervisor restarts nodes that die' },
  { name: 'foreground', type: 'boolean', description: 'start: stay in the foreground as the supervisor; Ctrl-C stops the cluster' },
  { name: 'log-level', type: 'string', value: 'warn|info|debug', default: 'info', description: "start, restart: how much the node logs (logs/<node>.log) tell of each node's decisions (reports, dropped replicas, repairs)" },
  { name: 'wait-ms', type: 'string', value: 'MS', range: '100..600000', default: '30000', description: 'start, restart: how long to wait for the cluster (node) to be up' },
  { name: 'json', type: 'boolean', description: 'status: print one JSON object' },
];

const ALLOWED: Record<Sub, readonly string[]> = {
  start: ['dir', 'nodes', 'replicas', 'port', 'host', 'secret-file', 'heartbeat-ms', 'dead-timeout-ms', 'chunk-size-bytes', 'restart', 'foreground', 'wait-ms', 'log-level'],
  status: ['dir', 'json'],
  stop: ['dir'],
  kill: ['dir'],
  restart: ['dir', 'wait-ms', 'log-level'],
};

function subcommand(args: ParsedArgs): Sub {
  const sub = args.positionals[0]!;
  if (!(SUBCOMMANDS as readonly string[]).includes(sub)) throw new CliUsageError(`unknown subcommand ${show(sub)} (expected ${SUBCOMMANDS.join(', ')})`);
  const s = sub as Sub;
  for (const f of CLUSTER_FLAGS) {
    if (args.has(f.name) && !ALLOWED[s].includes(f.name)) throw new CliUsageError(`--${f.name} does not apply to cluster ${s} (it takes ${ALLOWED[s].map((n) => `--${n}`).join(', ')})`);
  }
  const wantsNode = s === 'kill' || s === 'restart';
  if (wantsNode && args.positionals.length !== 2) throw new CliUsageError(`cluster ${s} needs a NODE (nn, s1, s2, ...)`);
  if (!wantsNode && args.positionals.length > 1) throw new CliUsageError(`unexpected argument ${show(args.positionals[1])} for cluster ${s}`);
  if (!args.has('dir')) throw new CliUsageError('--dir D is required (the cluster folder)');
  if (args.string('dir') === '') throw new CliUsageError('--dir must be a folder, got ""');
  return s;
}

function optionalInteger(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  return args.has(name) ? args.integer(name, { min, max, default: min }) : undefined;
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseFlags('cluster', argv, CLUSTER_FLAGS, { min: 1, max: 2, names: 'start|status|stop|kill|restart [NODE]' });
  const sub = subcommand(args);
  const dir = args.string('dir')!;
  // The node processes read their log level from the environment they inherit.
  if (args.has('log-level')) process.env['ACTORSIM_LOG_LEVEL'] = args.choice('log-level', LOG_LEVELS, 'info');
  const control = await import('../real/control');
  switch (sub) {
    case 'start':
      return start(args, dir, io, control);
    case 'status':
      return status(args, dir, io, control);
    case 'stop': {
      const { cluster } = control.openClusterFile(dir);
      const rows = await control.stopCluster(cluster);
      for (const r of rows) io.out(`${r.name.padEnd(10)} pid ${String(r.pid).padEnd(8)} ${r.outcome}\n`);
      const left = control.processTable(cluster).filter((r) => r.running);
      if (left.length > 0) {
        io.err(`actorsim cluster stop: still running: ${left.map((r) => `${r.name} (pid ${r.pid})`).join(', ')}\n`);
        return EXIT_VIOLATION;
      }
      io.out(`cluster in ${dir} stopped; its data stays in ${dir}/data\n`);
      return EXIT_OK;
    }
    case 'kill': {
      const node = args.positionals[1]!;
      const { cluster } = control.openClusterFile(dir);
      const pid = await control.killNode(cluster, node);
      io.out(`killed ${node} (pid ${pid}) with SIGKILL\n`);
      return EXIT_OK;
    }
    case 'restart': {
      const node = args.positionals[1]!;
      const { cluster, path } = control.openClusterFile(dir);
      const waitMs = args.integer('wait-ms', { min: 100, max: 600_000, default: 20_000 });
      let rec: Awaited<ReturnType<Control['restartNode']>>;
      try {
        rec = await control.restartNode(cluster, path, node, waitMs);
      } catch (err) {
        if ((err as { code?: string }).code === 'INVALID_ARGUMENT') throw err;
        io.err(`actorsim cluster restart: ${(err as Error).message}\n`);
        return EXIT_VIOLATION;
      }
      const spec = cluster.nodes[node]!;
      io.out(`started ${node} again: pid ${rec.pid}, listening on ${spec.host}:${spec.port}\n`);
      return EXIT_OK;
    }
  }
}

type Control = typeof import('../real/control');

async function start(args: ParsedArgs, dir: string, io: CliIo, control: Control): Promise<number> {
  const spec = {
    dir,
    ...defined('storageNodes', optionalInteger(args, 'nodes', 1, 64)),
    ...defined('replicas', optionalInteger(args, 'replicas', 1, 64)),
    ...defined('basePort', optionalInteger(args, 'port', 1, 65535)),
    ...defined('heartbeatMs', optionalInteger(args, 'heartbeat-ms', 10, 60_000)),
    ...defined('deadTimeoutMs', optionalInteger(args, 'dead-timeout-ms', 20, 3_600_000)),
    ...defined('chunkSizeBytes', optionalInteger(args, 'chunk-size-bytes', 1, 16 * 1024 * 1024)),
    ...defined('listenHost', args.string('host')),
    ...defined('secretFile', args.string('secret-file')),
    restart: args.flag('restart'),
  };
  if (spec.listenHost === '') throw new CliUsageError('--host must be an address, got ""');
  const waitMs = args.integer('wait-ms', { min: 100, max: 600_000, default: control.DEFAULTS.waitMs });
  const foreground = args.flag('foreground');
  let prepared: Awaited<ReturnType<Control['prepareCluster']>>;
  try {
    prepared = await control.prepareCluster(spec);
  } catch (err) {
    // Bad flags and a running cluster are the user's to fix: name them (exit 2).
    if ((err as { code?: string }).code === 'INVALID_ARGUMENT') throw new CliUsageError((err as Error).message);
    throw err;
  }
  const { cluster, path, reused } = prepared;
  const s = cluster.store;
  const exposed = cluster.secretFile ? (await import('../real/runtime')).secretFileWarning(cluster.secretFile) : null;
  if (exposed) io.err(`actorsim cluster start: warning: ${exposed}\n`);
  io.out(
    `${reused ? 'starting again' : 'starting'} cluster ${cluster.clusterId} in ${dir}: ${cluster.storageNodes.length} storage nodes, R=${s.replicationFactor}, ` +
      `heartbeat ${s.heartbeatIntervalMs}ms, dead timeout ${s.deadTimeoutMs}ms, chunks of ${s.chunkSizeBytes} bytes${cluster.secretFile ? `, HMAC on every frame with the secret in ${cluster.secretFile}` : ''}\n`,
  );
  const real = await import('../real');
  let supervisor: InstanceType<typeof real.Supervisor> | null = null;
  if (foreground) {
    const { writePidRecord, SUPERVISOR } = await import('../real/processes');
    writePidRecord(cluster, SUPERVISOR, process.pid);
    supervisor = new real.Supervisor(cluster, path, { restart: cluster.restart, detached: false, log: (l) => io.err(`supervisor: ${l}\n`) });
    supervisor.start();
  } else {
    control.launchCluster(cluster, path);
  }
  const up = await control.waitUntilUp(cluster, waitMs);
  printProcesses(io, control.processTable(cluster));
  if (!up.up) {
    io.err(`actorsim cluster start: the cluster did not come up (gave up after ${(up.elapsedMs / 1000).toFixed(1)} s of at most ${waitMs}ms):\n${up.problems.map((p) => `  ${p}`).join('\n')}\nstopping it\n`);
    if (supervisor) {
      await supervisor.stop();
      const { pidPath, removeFile, SUPERVISOR } = await import('../real/processes');
      removeFile(pidPath(cluster, SUPERVISOR));
    }
    await control.stopCluster(cluster);
    return EXIT_VIOLATION;
  }
  io.out(`up in ${(up.elapsedMs / 1000).toFixed(1)} s; cluster file ${path}; logs in ${cluster.logDir}\n`);
  if (!supervisor) return EXIT_OK;
  io.out('running in the foreground: Ctrl-C (or actorsim cluster stop) stops it\n');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.out('stopping the cluster\n');
  await supervisor.stop();
  const { pidPath, removeFile, SUPERVISOR } = await import('../real/processes');
  removeFile(pidPath(cluster, SUPERVISOR)); // this process: stopCluster must not signal it
  await control.stopCluster(cluster);
  return EXIT_OK;
}

function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function printProcesses(io: CliIo, rows: ReturnType<Control['processTable']>): void {
  io.out(`  ${'node'.padEnd(11)} ${'role'.padEnd(13)} ${'address'.padEnd(22)} ${'pid'.padEnd(8)} state\n`);
  for (const r of rows) {
    const state = r.running ? (r.role === 'supervisor' || r.ready ? 'running' : 'starting') : r.pid === null ? 'never started' : 'DOWN';
    io.out(`  ${r.name.padEnd(11)} ${r.role.padEnd(13)} ${(r.address ?? '-').padEnd(22)} ${String(r.pid ?? '-').padEnd(8)} ${state}\n`);
  }
}

async function status(args: ParsedArgs, dir: string, io: CliIo, control: Control): Promise<number> {
  const { cluster, path } = control.openClusterFile(dir);
  const rows = control.processTable(cluster);
  const allUp = rows.filter((r) => r.role !== 'supervisor').every((r) => r.running);
  if (args.flag('json')) {
    io.out(JSON.stringify({ clusterId: cluster.clusterId, clusterFile: path, restart: cluster.restart, up: allUp, processes: rows }) + '\n');
  } else {
    io.out(`cluster ${cluster.clusterId} in ${dir}: ${cluster.storageNodes.length} storage nodes, R=${cluster.store.replicationFactor}${cluster.restart ? ', supervised (--restart)' : ''}\n`);
    printProcesses(io, rows);
  }
  return allUp ? EXIT_OK : EXIT_VIOLATION;
}

export const clusterVerb: Verb = {
  name: 'cluster',
  usage: 'start|status|stop|kill NODE|restart NODE --dir D [flags]',
  summary: `run the store for real: one OS process per node on loopback, data in --dir; exit ${EXIT_OK} ok, ${EXIT_VIOLATION} not up / not all running, ${EXIT_USAGE} bad input`,
  flags: CLUSTER_FLAGS,
  run,
};
