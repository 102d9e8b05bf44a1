import { rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ClusterFile } from '../../real/cluster-file';
import { openClusterFile, processTable, stopCluster } from '../../real/control';
import { encodeFrame, FrameReader, parsePayload } from '../../real/frames';
import { readPidRecord } from '../../real/processes';
import { cli, leftovers, mapOf, startWait, statusOf, tempDir, track, waitFor, watchdog } from './helpers';

// A supervised cluster (--restart) with a shared secret on loopback: the
// supervisor restarts a node that dies; every frame carries an HMAC, and a
// peer without the secret is refused; a client given only an address learns
// the layout from a node.

watchdog('supervisor.test', 60_000);
const dir = tempDir('actorsim-sup-');
const C = join(dir, 'c');
const secretFile = join(dir, 'secret');
writeFileSync(secretFile, 'correct horse battery staple, 32+ bytes\n');
let cluster: ClusterFile;

test('cluster start --restart --secret-file: a supervisor starts the nodes', async () => {
  const r = await cli('cluster', 'start', ...startWait(), '--nodes', '3', '--replicas', '2', '--dir', C, '--heartbeat-ms', '100', '--dead-timeout-ms', '1000', '--restart', '--secret-file', secretFile);
  cluster = openClusterFile(C).cluster;
  track(cluster);
  assert.is(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /HMAC on every frame/);
  assert.match(r.stdout, /supervisor\s+supervisor\s+-\s+\d+\s+running/);
  assert.is((await cli('store', 'upload', 'x', '--content', 'kept through a crash', '--dir', C)).code, 0);
});

test('a SIGKILLed node is restarted by the supervisor and rejoins; its chunks count again', async () => {
  const before = readPidRecord(cluster, 's2')!;
  const k = await cli('cluster', 'kill', 's2', '--dir', C);
  assert.is(k.code, 0, k.stderr);
  await waitFor('s2 restarted by the supervisor (a new pid, listening)', 15_000, () => {
    const row = processTable(cluster).find((r) => r.name === 's2')!;
    return row.ready && row.pid !== before.pid ? true : `s2 pid ${row.pid} ready ${row.ready}`;
  });
  await waitFor('s2 ALIVE with a restart counted and every chunk at R', 10_000, async () => {
    const s = await statusOf(cluster, 1000);
    if (!s) return 'no status';
    const s2 = s.nodes.find((n) => n.id === 's2')!;
    if (s2.state !== 'ALIVE' || s2.restarts < 1) return `s2 ${s2.state} restarts ${s2.restarts}`;
    return s.artifacts.every((a) => a.chunks.every((c) => c.replicas.length === 2)) ? true : JSON.stringify(mapOf(s));
  });
  const restart = await cli('cluster', 'restart', 's2', '--dir', C);
  assert.is(restart.code, 2);
  assert.match(restart.stderr, /running/);
});

test('frames without a valid HMAC are refused; a client with the secret file works, one without it is refused', async () => {
  const port = cluster.nodes[cluster.nameNode]!.port;
  const hello = encodeFrame({ t: 'hello', v: 1, node: '@nosecret', cluster: cluster.clusterId, digest: 'x', nonce: '00'.repeat(16) }, null, 1 << 20);
  const answer = await new Promise<Array<Record<string, unknown>>>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const reader = new FrameReader(1 << 20);
    const got: Array<Record<string, unknown>> = [];
    const timer = setTimeout(() => socket.destroy(), 5000); // determinism-ok: bounded wait in a real-cluster test
    socket.on('connect', () => socket.write(hello));
    socket.on('data', (d: Buffer) => {
      for (const f of reader.push(d)) got.push(parsePayload(f));
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
  });
  assert.match(String(answer.at(-1)?.message), /frame without an HMAC/);
  const addr = `127.0.0.1:${port}`;
  const good = await cli('store', 'get', 'x', '--addr', addr, '--secret-file', secretFile);
  assert.is(good.code, 0, good.stderr);
  assert.is(good.stdout, 'kept through a crash');
  const bad = await cli('store', 'get', 'x', '--addr', addr, '--timeout-ms', '2000');
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /refused: frame without an HMAC/);
  const status = await cli('store', 'status', '--dir', C);
  assert.is(status.code, 0, status.stderr);
  assert.match(status.stdout, /verdict: HEALTHY/);
});

test('cluster stop stops the supervisor and its nodes; nothing is left', async () => {
  const r = await cli('cluster', 'stop', '--dir', C);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /supervisor\s+pid \d+\s+stopped/);
  await waitFor('every process gone', 5000, () => (leftovers(cluster).length === 0 ? true : leftovers(cluster).join(', ')));
  const st = await cli('cluster', 'status', '--dir', C);
  assert.is(st.code, 1);
  assert.match(st.stdout, /nn\s+name node\s+\S+\s+\d+\s+DOWN/);
});

test.after(async () => {
  if (cluster) await stopCluster(cluster);
  if (!cluster || leftovers(cluster).length === 0) rmSync(dir, { recursive: true, force: true });
});

test.run();
