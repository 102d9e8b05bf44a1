import { chmodSync, copyFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GetTimeoutError } from '../../core/actors';
import type { StoreStatus } from '../../core/store/status';
import type { ClusterFile } from '../../real/cluster-file';
import { connectToCluster, openClusterFile, restartNode, secretOf, stopCluster, killNode } from '../../real/control';
import { FileDisk, readDiskKeys } from '../../real/file-disk';
import { layoutDigest, secretFileWarning, type StoreConnection } from '../../real/runtime';
import { clientKey, nodeKey } from '../../real/transport';
import { cli, leftovers, mapOf, now, statusOf, tempDir, track, waitFor, watchdog } from './helpers';
import { lastError, rawPeer } from './raw-peer';

// The attacks of issue 16, each rerun against a real cluster started with
// the defaults (so with the secret `cluster start` made for it): each is
// refused, and afterwards the cluster serves and its data is intact. Also:
// private files, quarantine of an unreadable chunk file, a 16 MiB upload on
// 3 nodes with R = 3, and a request too large to send failing definitely.

watchdog('hardening.test', 170_000);
const dir = tempDir('actorsim-hard-');
const C = join(dir, 'c');
let cluster: ClusterFile;
let secret: Buffer;
let digest: string;
const R = 3;
const DOC = 'an acknowledged document, several chunks long. '.repeat(40);

async function status(): Promise<StoreStatus> {
  const s = await statusOf(cluster, 3000);
  if (!s) throw new Error('the name node did not answer a status call');
  return s;
}

/** Every chunk on exactly R live nodes, disks agreeing with the map, the document readable. */
async function intact(): Promise<true | string> {
  const s = await statusOf(cluster, 2000);
  if (!s) return 'no status';
  if (s.summary.safeMode) return 'safe mode';
  const states = s.nodes.map((n) => `${n.id}=${n.state}`).join(' ');
  if (!s.nodes.every((n) => n.state === 'ALIVE')) return states;
  if (!s.artifacts.some((a) => a.name === 'doc')) return 'doc is gone';
  for (const a of s.artifacts) for (const c of a.chunks) if (c.replicas.length !== R || c.state !== 'OK') return `${a.name} ${c.id} on [${c.replicas}] ${c.state}; ${states}`;
  const map = mapOf(s);
  for (const node of cluster.storageNodes) {
    const onDisk = readDiskKeys(cluster.nodes[node]!.dataDir).filter((k) => k.startsWith('chunk/')).map((k) => k.slice(6)).sort();
    const inMap = [...(map.get(node) ?? [])].sort();
    if (onDisk.join() !== inMap.join()) return `${node}: disk [${onDisk}] map [${inMap}]`;
  }
  if (s.summary.verdict !== 'HEALTHY') return `verdict ${s.summary.verdict}`;
  return true;
}

async function servingAndIntact(what: string): Promise<void> {
  await waitFor(`after ${what}: every node ALIVE, every chunk at R, HEALTHY`, 20_000, intact);
  const get = await cli('store', 'get', 'doc', '--dir', C);
  assert.is(get.code, 0, `${what}: ${get.stderr}`);
  assert.is(get.stdout, DOC, `${what}: the document`);
}

function nnLog(): string {
  return readFileSync(join(cluster.logDir!, 'nn.log'), 'utf8');
}

/** A call through a real client connection that the cluster must refuse: it never answers (the connection is refused). */
async function refusedCall(call: (conn: StoreConnection) => Promise<unknown>): Promise<unknown> {
  const conn = await connectToCluster(cluster);
  try {
    return await call(conn).then(
      (v) => ({ answered: v }),
      (e: unknown) => e,
    );
  } finally {
    await conn.close();
  }
}

test('cluster start with no secret given makes one only the owner can read; folders 0700, files 0600', async () => {
  const r = await cli('cluster', 'start', '--nodes', '3', '--replicas', String(R), '--dir', C, '--heartbeat-ms', '200', '--dead-timeout-ms', '4000', '--chunk-size-bytes', '256');
  cluster = openClusterFile(C).cluster;
  track(cluster);
  assert.is(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /HMAC on every frame with the secret in .*secret/);
  assert.is(cluster.secretFile, join(C, 'secret'));
  assert.is(statSync(cluster.secretFile!).mode & 0o777, 0o600);
  secret = secretOf(cluster)!;
  const conn = await connectToCluster(cluster);
  digest = layoutDigest(conn.system);
  await conn.close();
  assert.is((await cli('store', 'upload', 'doc', '--content', DOC, '--dir', C)).code, 0);
  await servingAndIntact('the upload');
  const loose: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if ((st.mode & 0o077) !== 0) loose.push(`${p} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
  };
  walk(C);
  assert.equal(loose, [], 'everything under the cluster folder is private');
  const kv = readdirSync(join(cluster.nodes.s1!.dataDir, 'kv'));
  assert.ok(kv.length > 0, 'the walk saw chunk files');
});

test('a secret file others can read gets a warning; a private one does not', () => {
  const copy = join(dir, 'loose-secret');
  copyFileSync(cluster.secretFile!, copy);
  chmodSync(copy, 0o644);
  assert.match(String(secretFileWarning(copy)), /mode 0644: group or others can read it.*chmod 600/);
  chmodSync(copy, 0o600);
  assert.is(secretFileWarning(copy), null);
});

test('attack: a client deletes every replica of an acknowledged artifact: refused', async () => {
  const s = await status();
  const chunks = s.artifacts.find((a) => a.name === 'doc')!.chunks;
  const err = await refusedCall(async (conn) => {
    const ctx = conn.system.clientAt(conn.host.driverNode);
    for (const c of chunks) for (const n of c.replicas) await ctx.get(ctx.getActor<{ deleteChunk(id: string): unknown }>(`storage:${n}`).call.deleteChunk(c.id), { timeoutMs: 1500 });
  });
  assert.ok(err instanceof GetTimeoutError, String(err));
  await waitFor('the refusal in a storage node log', 5000, () =>
    cluster.storageNodes.some((n) => /refused call StorageNode\.deleteChunk from @client-\S+ \(client\): only name node may call it/.test(readFileSync(join(cluster.logDir!, `${n}.log`), 'utf8'))),
  );
  await servingAndIntact('the delete attack');
});

test('attack: a forged block report evicting a storage node, from a client and from another storage node: refused', async () => {
  const err = await refusedCall(async (conn) => {
    const ctx = conn.system.clientAt(conn.host.driverNode);
    const nn = ctx.getActor<{ blockReport(stamp: unknown, chunks: unknown[], h: unknown): void }>('namenode');
    nn.tell.blockReport({ node: 's1', boot: '999-forged', seq: 0 }, [], ctx.getActor('storage:s1'));
    return ctx.get(ctx.getActor<{ status(): unknown }>('namenode').call.status(), { timeoutMs: 1500 });
  });
  assert.ok(err instanceof GetTimeoutError, String(err));
  // s2, authenticated with its own key, reports for s1.
  const peer = rawPeer(cluster.nodes.nn!.port, { node: 's2', also: ['@s2'], cluster: cluster.clusterId, digest }, nodeKey(secret, 's2'));
  assert.ok(await peer.helloed, `s2's hello answered: ${JSON.stringify(peer.got)}`);
  peer.send({ t: 'env', env: { id: 1, kind: 'tell', fromNode: 's2', toNode: 'nn', fromActor: null, toActor: 'NameNode:1', label: 'NameNode.blockReport', body: { args: [{ node: 's1', boot: '999-forged', seq: 0 }, [], { $t: 'handle', id: 'StorageNode:2', name: 'storage:s1' }] } } });
  assert.match(lastError(await peer.closed), /may report only for itself \(s2\)/);
  assert.match(nnLog(), /refused tell NameNode\.blockReport from @client-\S+ \(client\)/);
  await servingAndIntact('the forged reports');
});

test('attack: calling the name node\'s internal commit, and poisoning its edit log: refused; it restarts fine', async () => {
  const err = await refusedCall(async (conn) => {
    const ctx = conn.system.clientAt(conn.host.driverNode);
    const nn = ctx.getActor<{ commit(rec: unknown): void }>('namenode');
    return ctx.get(nn.call.commit({ op: 'commit', name: 'poison', version: 1, gen: 1, size: 1, chunks: null }), { timeoutMs: 1500 });
  });
  assert.ok(err instanceof GetTimeoutError, String(err));
  // A node may not either: s1 (its own key) calls the internal write path.
  const peer = rawPeer(cluster.nodes.nn!.port, { node: 's1', also: ['@s1'], cluster: cluster.clusterId, digest }, nodeKey(secret, 's1'));
  assert.ok(await peer.helloed);
  peer.send({ t: 'env', env: { id: 1, kind: 'call', fromNode: 's1', toNode: 'nn', fromActor: null, toActor: 'NameNode:1', label: 'NameNode.apply', body: { callId: 1, attempt: 1, args: [{ op: 'delete', name: 'doc' }] } } });
  assert.match(lastError(await peer.closed), /NameNode\.apply is not callable from another process/);
  assert.match(nnLog(), /refused call NameNode\.commit from @client-\S+ \(client\): NameNode\.commit is not callable/);
  await killNode(cluster, 'nn');
  await restartNode(cluster, openClusterFile(C).path, 'nn');
  await servingAndIntact('the edit-log attack and a name node restart');
});

test('attack: claiming a node id (hijacking its traffic), with the client key, with no HMAC, as a node\'s driver: refused', async () => {
  const port = cluster.nodes.nn!.port;
  const asS1 = { node: 's1', also: ['@s1'], cluster: cluster.clusterId, digest };
  const cases: Array<[string, ReturnType<typeof rawPeer>, RegExp]> = [
    ['s1 with the client key', rawPeer(port, asS1, clientKey(secret)), /bad HMAC/],
    ['s1 with no HMAC', rawPeer(port, asS1, null), /without an HMAC/],
    ['nn with no HMAC', rawPeer(cluster.nodes.s1!.port, { node: 'nn', also: ['@nn'], cluster: cluster.clusterId, digest }, null), /without an HMAC/],
    ['a client speaking for s1', rawPeer(port, { node: '@client-x', also: ['s1'], cluster: cluster.clusterId, digest }, clientKey(secret)), /speaks for no other node/],
    ['a client claiming @s1', rawPeer(port, { node: '@s1', cluster: cluster.clusterId, digest }, clientKey(secret)), /may not claim "@s1"/],
  ];
  for (const [what, peer, why] of cases) {
    const got = await peer.closed;
    assert.not.ok(got.some((m) => m.t === 'hello'), `${what}: the node said nothing but why`);
    assert.match(lastError(got), why, what);
  }
  // The real s1 kept its traffic: it heartbeats, and writes land on it.
  assert.is((await cli('store', 'upload', 'after-hijack', '--content', 'x'.repeat(600), '--dir', C)).code, 0);
  await servingAndIntact('the hijack attempts');
});

test('an unreadable chunk file is quarantined and its chunk comes back at R', async () => {
  const s = await status();
  const chunk = s.artifacts.find((a) => a.name === 'doc')!.chunks[0]!;
  await killNode(cluster, 's2');
  const file = join(cluster.nodes.s2!.dataDir, 'kv', `${FileDisk.fileName(`chunk/${chunk.id}`)}.json`);
  writeFileSync(file, '{"key": "chunk/' + chunk.id + '", "seq": 1, "value": {{{ torn');
  await restartNode(cluster, openClusterFile(C).path, 's2');
  await servingAndIntact('a torn chunk file');
  const q = readdirSync(join(cluster.nodes.s2!.dataDir, 'quarantine'));
  assert.is(q.length, 1, `quarantined: ${q}`);
  assert.ok(q[0]!.startsWith(FileDisk.fileName(`chunk/${chunk.id}`)));
  assert.match(readFileSync(join(cluster.logDir!, 's2.log'), 'utf8'), /quarantined unreadable file/);
});

test('a 16 MiB upload and get succeed on 3 nodes with R = 3; a request too large to send fails definitely, at once', async () => {
  const big = join(dir, 'big');
  const r = await cli('cluster', 'start', '--nodes', '3', '--replicas', '3', '--dir', big, '--heartbeat-ms', '250', '--dead-timeout-ms', '8000');
  const bigCluster = openClusterFile(big).cluster;
  track(bigCluster);
  assert.is(r.code, 0, r.stderr + r.stdout);
  const conn = await connectToCluster(bigCluster, { timeoutMs: 30_000 });
  try {
    let x = 12345;
    const letters = 'abcdefghijklmnopqrstuvwxyz0123456789 \n';
    const parts: string[] = [];
    for (let i = 0; i < 16 * 1024; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      parts.push(letters[x % letters.length]!.repeat(1024));
    }
    const content = parts.join('');
    assert.is(content.length, 16 * 1024 * 1024);
    const t0 = now();
    assert.equal(await conn.client.upload('big', content), { version: 1 });
    const uploadMs = now() - t0;
    const t1 = now();
    const back = await conn.client.get('big');
    const getMs = now() - t1;
    assert.ok(back === content, 'the same 16 MiB back');
    process.stdout.write(`\nnote: 16 MiB on 3 nodes, R=3: upload ${uploadMs} ms, get ${getMs} ms\n`);
    const s = await statusOf(bigCluster, 5000);
    assert.is(s!.artifacts[0]!.chunkCount, 256);
    assert.ok(s!.artifacts[0]!.chunks.every((c) => c.replicas.length === 3));
    // Within the content limit, but over the frame limit once escaped as JSON (6 bytes per control character).
    const t2 = now();
    const err = (await conn.client.upload('escaped', '\u0001'.repeat(11 * 1024 * 1024)).catch((e: unknown) => e)) as { code?: string; outcome?: string; message?: string };
    const failMs = now() - t2;
    assert.is(err.code, 'CONTENT_TOO_LARGE', String(err.message));
    assert.is(err.outcome, 'fail');
    assert.match(String(err.message), /over the frame limit of \d+ bytes; it was not sent/);
    assert.ok(failMs < bigCluster.store.clientTimeoutMs, `failed after ${failMs}ms, not at the deadline`);
    const missing = await conn.client.get('escaped').catch((e: unknown) => e);
    assert.is((missing as { code?: string }).code, 'NOT_FOUND');
  } finally {
    await conn.close();
    await stopCluster(bigCluster);
  }
  assert.equal(leftovers(bigCluster), []);
});

test.after(async () => {
  if (cluster) {
    await stopCluster(cluster);
    assert.equal(leftovers(cluster), []);
  }
  rmSync(dir, { recursive: true, force: true });
});

test.run();
