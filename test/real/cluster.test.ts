import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StoreStatus } from '../../core/store/status';
import { renderStatusText } from '../../core/store/status';
import type { ClusterFile } from '../../real/cluster-file';
import { openClusterFile, processTable, stopCluster } from '../../real/control';
import { readDiskKeys } from '../../real/file-disk';
import { encodeFrame, FrameReader, parsePayload } from '../../real/frames';
import { cli, leftovers, mapOf, now, spawnCli, startWait, statusOf, tempDir, track, waitFor, watchdog } from './helpers';

// The unchanged store on real processes: a name node and 4 storage nodes on
// loopback, short heartbeat and dead timeouts, driven through the CLI (in
// process, and twice as the real binary). Every wait is bounded; every process
// is stopped by pid at the end, and SIGKILLed on any failure or exit.

watchdog('cluster.test', 180_000);
const dir = tempDir('actorsim-real-');
const C = join(dir, 'c');
let cluster: ClusterFile;
const R = 3;

async function status(): Promise<StoreStatus> {
  const s = await statusOf(cluster, 2000);
  if (!s) throw new Error('the name node did not answer a status call');
  return s;
}

/** Every chunk on exactly R live nodes, and every storage node's disk holds exactly what the map says. */
async function settled(expectAlive: readonly string[]): Promise<true | string> {
  const s = await statusOf(cluster, 1000);
  if (!s) return 'no status';
  if (s.summary.safeMode) return 'safe mode';
  const states = s.nodes.map((n) => `${n.id}=${n.state}`).join(' ');
  if (!expectAlive.every((id) => s.nodes.find((n) => n.id === id)?.state === 'ALIVE')) return states;
  for (const a of s.artifacts) for (const c of a.chunks) if (c.replicas.length !== R || c.state !== 'OK') return `${a.name} ${c.id} on [${c.replicas}] ${c.state}; ${states}`;
  const map = mapOf(s);
  for (const node of expectAlive) {
    const onDisk = readDiskKeys(cluster.nodes[node]!.dataDir).filter((k) => k.startsWith('chunk/')).map((k) => k.slice(6)).sort();
    const inMap = [...(map.get(node) ?? [])].sort();
    if (onDisk.join() !== inMap.join()) return `${node}: disk [${onDisk}] map [${inMap}]`;
  }
  return true;
}

/** Talks raw TCP to a node: sends `bytes`, returns the messages of the frames it answers with until it closes. */
function rawExchange(port: number, bytes: Buffer): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const reader = new FrameReader(1 << 20);
    const got: Array<Record<string, unknown>> = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`port ${port}: no close within 5 s; got ${JSON.stringify(got)}`));
    }, 5000); // determinism-ok: bounded wait in a real-cluster test
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (d: Buffer) => {
      for (const f of reader.push(d)) got.push(parsePayload(f));
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
  });
}

test('cluster start returns once the cluster is up, printing addresses and pids', async () => {
  const r = await cli('cluster', 'start', ...startWait(), '--nodes', '4', '--replicas', String(R), '--dir', C, '--heartbeat-ms', '100', '--dead-timeout-ms', '1000', '--chunk-size-bytes', '16');
  cluster = openClusterFile(C).cluster;
  track(cluster);
  assert.is(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /up in \d+\.\d s/);
  for (const n of ['nn', 's1', 's2', 's3', 's4']) assert.match(r.stdout, new RegExp(`\\n  ${n}\\s+(name|storage) node\\s+127\\.0\\.0\\.1:\\d+\\s+\\d+\\s+running`));
  const s = await status();
  assert.equal(s.nodes.map((n) => [n.id, n.state]), [['s1', 'ALIVE'], ['s2', 'ALIVE'], ['s3', 'ALIVE'], ['s4', 'ALIVE']]);
  const again = await cli('cluster', 'start', '--dir', C);
  assert.is(again.code, 2);
  assert.match(again.stderr, /already running/);
});

test('upload, get, update and delete through the store verbs; status prints what the simulator prints', async () => {
  const up = await cli('store', 'upload', 'a', '--content', 'hello', '--dir', C);
  assert.is(up.code, 0, up.stderr);
  assert.is(up.stdout, 'uploaded "a": version 1, 5 bytes\n');
  const get = await cli('store', 'get', 'a', '--dir', C);
  assert.is(get.code, 0, get.stderr);
  assert.is(get.stdout, 'hello');
  const dup = await cli('store', 'upload', 'a', '--content', 'again', '--dir', C);
  assert.is(dup.code, 1);
  assert.match(dup.stderr, /ALREADY_EXISTS/);
  const file = join(dir, 'doc.txt');
  const doc = 'a document of several chunks, with ünïcödé across chunk borders ✓\n'.repeat(3);
  writeFileSync(file, doc);
  const upd = await cli('store', 'update', 'a', '--file', file, '--dir', C);
  assert.is(upd.code, 0, upd.stderr);
  assert.match(upd.stdout, /updated "a": version 2/);
  const out = join(dir, 'out.txt');
  const got = await cli('store', 'get', 'a', '--out', out, '--dir', C);
  assert.is(got.code, 0, got.stderr);
  assert.is((await import('node:fs')).readFileSync(out, 'utf8'), doc);
  assert.is((await cli('store', 'upload', 'gone', '--content', 'bye', '--dir', C)).code, 0);
  const del = await cli('store', 'delete', 'gone', '--dir', C);
  assert.is(del.code, 0, del.stderr);
  const missing = await cli('store', 'get', 'gone', '--dir', C);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, /NOT_FOUND/);
  const json = await cli('store', 'status', '--json', '--dir', C);
  assert.is(json.code, 0, json.stderr);
  const s = JSON.parse(json.stdout) as StoreStatus;
  assert.equal(s.artifacts.map((x) => [x.name, x.version]), [['a', 2]]);
  assert.ok(s.artifacts[0]!.chunkCount > 3, `chunks: ${s.artifacts[0]!.chunkCount}`);
  const text = await cli('store', 'status', '--dir', C);
  assert.is(text.code, 0);
  assert.match(text.stdout, /^cluster status at \d+ms\n {2}nodes:\n/);
  assert.match(text.stdout, /"a" v2 \d+ bytes, \d+ chunks/);
  assert.is(text.stdout.split('\n').length, renderStatusText(s).split('\n').length + 1);
  await waitFor('every chunk at R with disks agreeing', 5000, () => settled(cluster.storageNodes));
});

test('bad input exits 2 and names the flag', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['store', 'upload', 'x', '--dir', C], /--file F or --content S/],
    [['store', 'upload', 'x', '--content', 'a', '--file', 'f', '--dir', C], /exactly one of --file F or --content S/],
    [['store', 'get', 'a'], /--dir D .* or --addr HOST:PORT is required/],
    [['store', 'get', 'a', '--dir', C, '--json'], /--json does not apply to store get/],
    [['store', 'get', 'a', '--addr', 'nowhere'], /--addr must be HOST:PORT/],
    [['store', 'upload', '', '--content', 'x', '--dir', C], /artifact name must be 1\.\.255/],
    [['store', 'status', '--dir', join(dir, 'nothing-here')], /no cluster file/],
    [['cluster', 'start', '--nodes', '0', '--dir', join(dir, 'x')], /--nodes must be an integer in 1\.\.64, got "0"/],
    [['cluster', 'start', '--nodes', '2', '--replicas', '3', '--dir', join(dir, 'x')], /--replicas 3 exceeds --nodes 2/],
    [['cluster', 'start', '--host', '0.0.0.0', '--dir', join(dir, 'x')], /--secret-file F is required/],
    [['cluster', 'start', '--heartbeat-ms', '500', '--dead-timeout-ms', '400', '--dir', join(dir, 'x')], /--dead-timeout-ms 400 must exceed --heartbeat-ms 500/],
    [['cluster', 'kill', 's9', '--dir', C], /no node "s9"/],
    [['cluster', 'kill', '--dir', C], /needs a NODE/],
    [['cluster', 'status'], /--dir D is required/],
    [['cluster', 'frobnicate', '--dir', C], /unknown subcommand "frobnicate"/],
    [['cluster', 'status', '--nodes', '3', '--dir', C], /--nodes does not apply to cluster status/],
  ];
  for (const [args, message] of cases) {
    const r = await cli(...args);
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
  // A refused start creates nothing: no folder left behind for the user to clean up.
  assert.not.ok(existsSync(join(dir, 'x')), 'a refused cluster start left its folder behind');
});

test('garbage, oversize and lying frames are refused with an error frame; every node keeps serving', async () => {
  for (const node of [cluster.nameNode, 's2']) {
    const port = cluster.nodes[node]!.port;
    const http = await rawExchange(port, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    assert.match(String(http.at(-1)?.message), /oversize frame/);
    const oversize = Buffer.alloc(4);
    oversize.writeUInt32BE(0x7fffffff);
    assert.match(String((await rawExchange(port, oversize)).at(-1)?.message), /oversize frame: 2147483647 bytes announced/);
    const junk = Buffer.concat([Buffer.from([0, 0, 0, 6, 0]), Buffer.from('{{{{{')]);
    assert.match(String((await rawExchange(port, junk)).at(-1)?.message), /not JSON/);
    const wrongCluster = encodeFrame({ t: 'hello', v: 1, node: '@intruder', cluster: 'deadbeefdeadbeef', digest: 'x', nonce: '00'.repeat(16) }, null, 1 << 20);
    // Secure by default: the cluster made its own secret, and a hello without an HMAC is refused.
    assert.match(String((await rawExchange(port, wrongCluster)).at(-1)?.message), /without an HMAC/);
    const noHello = encodeFrame({ t: 'env', env: {} }, null, 1 << 20);
    assert.match(String((await rawExchange(port, noHello)).at(-1)?.message), /expected a hello first/);
  }
  const log = (await import('node:fs')).readFileSync(join(cluster.logDir!, 'nn.log'), 'utf8');
  assert.match(log, /refused .*oversize frame/);
  assert.ok(processTable(cluster).every((r) => r.running), 'every process still runs');
  const get = await cli('store', 'get', 'a', '--dir', C);
  assert.is(get.code, 0, get.stderr);
  assert.match(get.stdout, /^a document of several chunks/);
});

test('SIGKILL a storage node holding chunks: DEAD within bounded time and every chunk back at R; restarted, its stale replicas are removed', async () => {
  assert.is((await cli('store', 'upload', 'old', '--content', 'old content, soon stale', '--dir', C)).code, 0);
  assert.is((await cli('store', 'upload', 'doomed', '--content', 'deleted while its holder is down', '--dir', C)).code, 0);
  const before = await status();
  const holds = mapOf(before);
  // A node holding chunks of both, so that both go stale on it.
  const victim = cluster.storageNodes.find((n) => {
    const ids = holds.get(n)!;
    const of = (name: string) => before.artifacts.find((a) => a.name === name)!.chunks.some((c) => ids.has(c.id));
    return of('old') && of('doomed');
  });
  assert.ok(victim, 'some node holds chunks of both');
  const staleIds = before.artifacts.filter((a) => a.name === 'old' || a.name === 'doomed').flatMap((a) => a.chunks.map((c) => c.id));

  const killed = now();
  const k = await cli('cluster', 'kill', victim!, '--dir', C);
  assert.is(k.code, 0, k.stderr);
  const others = cluster.storageNodes.filter((n) => n !== victim);
  await waitFor(`${victim} DEAD and every chunk at R on the others`, 10_000, async () => {
    const s = await statusOf(cluster, 1000);
    if (!s) return 'no status';
    if (s.nodes.find((n) => n.id === victim)?.state !== 'DEAD') return `${victim} is ${s.nodes.find((n) => n.id === victim)?.state}`;
    return settled(others);
  });
  // Not before the dead timeout counted from its last heartbeat (at most one interval before the kill).
  const deadAfterMs = now() - killed;
  assert.ok(deadAfterMs >= cluster.store.deadTimeoutMs - cluster.store.heartbeatIntervalMs, `declared dead after ${deadAfterMs}ms`);

  // While it is down: 'old' gets a new version, 'doomed' is deleted.
  assert.is((await cli('store', 'update', 'old', '--content', 'new content', '--dir', C)).code, 0);
  assert.is((await cli('store', 'delete', 'doomed', '--dir', C)).code, 0);
  const onDiskWhileDown = readDiskKeys(cluster.nodes[victim!]!.dataDir).map((k2) => k2.slice(6));
  assert.ok(staleIds.some((id) => onDiskWhileDown.includes(id)), 'the dead node still has the stale replicas on disk');

  const r = await cli('cluster', 'restart', victim!, ...startWait(), '--dir', C);
  assert.is(r.code, 0, r.stderr);
  await waitFor(`${victim} back, every chunk at exactly R, disks agreeing with the map`, 15_000, () => settled(cluster.storageNodes));
  const after = await status();
  assert.ok(after.nodes.find((n) => n.id === victim)!.restarts >= 1);
  const onDisk = readDiskKeys(cluster.nodes[victim!]!.dataDir).map((k2) => k2.slice(6));
  for (const id of staleIds) assert.not.ok(onDisk.includes(id), `stale replica ${id} left on ${victim}`);
  assert.is((await cli('store', 'get', 'old', '--dir', C)).stdout, 'new content');
  // The node logs say why: the name node declared it dead, heard its new incarnation and ordered its stale replicas deleted; the node did so.
  const nnLog = readFileSync(join(cluster.logDir!, `${cluster.nameNode}.log`), 'utf8');
  assert.match(nnLog, new RegExp(`WARN NameNode:\\S+@nn: ${victim} silent for over \\d+ms: DEAD`));
  assert.match(nnLog, new RegExp(`INFO NameNode:\\S+@nn: ${victim}: block report of incarnation \\S+ replaces `));
  assert.match(nnLog, new RegExp(`ordering ${victim} to delete its replica of (${staleIds.join('|')})`));
  const victimLog = readFileSync(join(cluster.logDir!, `${victim}.log`), 'utf8');
  assert.match(victimLog, /INFO StorageNode:\S+: storage node up, incarnation \S+: \d+ chunk replicas on disk/);
  assert.match(victimLog, new RegExp(`deleted replica (${staleIds.join('|')}) as the name node ordered`));
});

test('SIGKILL the name node after an acknowledged upload; restarted, the artifact is intact', async () => {
  const content = 'acknowledged before the crash: '.repeat(4);
  assert.is((await cli('store', 'upload', 'durable', '--content', content, '--dir', C)).code, 0);
  assert.is((await cli('cluster', 'kill', 'nn', '--dir', C)).code, 0);
  assert.is(await statusOf(cluster, 300), null, 'no name node, no status');
  const refused = await cli('store', 'get', 'durable', '--dir', C);
  assert.is(refused.code, 1);
  assert.match(refused.stderr, /the name node \(nn\) is not running \(pid \d+ has exited\)/);
  const r = await cli('cluster', 'restart', 'nn', ...startWait(), '--dir', C);
  assert.is(r.code, 0, r.stderr);
  await waitFor('the restarted name node out of safe mode with every chunk at R', 15_000, () => settled(cluster.storageNodes));
  const s = await status();
  assert.equal(s.artifacts.map((a) => [a.name, a.version]), [['a', 2], ['old', 2], ['durable', 1]]);
  const get = await cli('store', 'get', 'durable', '--dir', C);
  assert.is(get.code, 0, get.stderr);
  assert.is(get.stdout, content);
});

test('the real binary: store get prints the content, cluster stop leaves no process behind', async () => {
  const get = await spawnCli(['store', 'get', 'durable', '--dir', C]);
  assert.is(get.code, 0, get.stderr);
  assert.match(get.stdout, /^acknowledged before the crash/);
  const stop = await spawnCli(['cluster', 'stop', '--dir', C]);
  assert.is(stop.code, 0, stop.stderr);
  assert.match(stop.stdout, /nn\s+pid \d+\s+stopped/);
  assert.equal(leftovers(cluster), []);
});

test.after(async () => {
  if (cluster) await stopCluster(cluster);
  if (!cluster || leftovers(cluster).length === 0) rmSync(dir, { recursive: true, force: true });
});

test.run();
