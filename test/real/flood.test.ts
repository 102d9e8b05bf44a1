import * as net from 'node:net';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ClusterFile } from '../../real/cluster-file';
import { connectToCluster, openClusterFile, processTable, secretOf, stopCluster } from '../../real/control';
import { layoutDigest, tryStatus } from '../../real/runtime';
import { clientKey } from '../../real/transport';
import { encodeFrame, FrameReader, parsePayload } from '../../real/frames';
import { cli, leftovers, now, tempDir, track, watchdog } from './helpers';
import { lastError, rawPeer } from './raw-peer';

// Connection floods against the name node of a real cluster: 2,000 idle
// connections that never say hello, 600 layout requests that never close,
// a peer that starts a frame and never finishes it. After each, a new client
// is served; the issue bounds that at one second, so the test does too (the
// best of three tries, so one scheduling hiccup on a busy machine does not
// fail it) and prints what it measured.

watchdog('flood.test', 120_000);
const dir = tempDir('actorsim-flood-');
const C = join(dir, 'c');
let cluster: ClusterFile;

/** Opens `n` TCP connections to `port` (in batches, as fast as they are accepted) and holds them open. */
async function openIdle(port: number, n: number): Promise<{ sockets: net.Socket[]; opened: number; closedByServer: () => number }> {
  const sockets: net.Socket[] = [];
  let opened = 0;
  let closed = 0;
  for (let done = 0; done < n; ) {
    const batch = Math.min(200, n - done);
    await Promise.all(
      Array.from({ length: batch }, () => new Promise<void>((resolve) => {
        const s = net.connect({ host: '127.0.0.1', port });
        sockets.push(s);
        s.on('connect', () => {
          opened += 1;
          resolve();
        });
        s.on('error', () => resolve());
        s.on('close', () => {
          closed += 1;
          resolve();
        });
      })),
    );
    done += batch;
  }
  return { sockets, opened, closedByServer: () => closed };
}

/** A new client: connect and get an answered status call; the time it took, or null if not within 5 s. */
async function newClientMs(): Promise<number | null> {
  const t0 = now();
  const conn = await connectToCluster(cluster);
  try {
    const s = await tryStatus(conn, 5000);
    return s ? now() - t0 : null;
  } finally {
    await conn.close();
  }
}

async function bestOfThree(what: string): Promise<number> {
  const tries: Array<number | null> = [];
  for (let i = 0; i < 3; i++) tries.push(await newClientMs());
  const served = tries.filter((t): t is number => t !== null);
  process.stdout.write(`\nnote: ${what}: a new client served in ${tries.map((t) => (t === null ? 'never' : `${t} ms`)).join(', ')}\n`);
  assert.ok(served.length > 0, `${what}: no client was served`);
  return Math.min(...served);
}

test('setup: a cluster with the defaults (so a secret)', async () => {
  const r = await cli('cluster', 'start', '--nodes', '2', '--replicas', '2', '--dir', C, '--heartbeat-ms', '200', '--dead-timeout-ms', '4000');
  cluster = openClusterFile(C).cluster;
  track(cluster);
  assert.is(r.code, 0, r.stderr + r.stdout);
  assert.is((await cli('store', 'upload', 'doc', '--content', 'before the flood', '--dir', C)).code, 0);
});

test('2,000 idle connections that never say hello: a new client is served within one second', async () => {
  const port = cluster.nodes.nn!.port;
  const flood = await openIdle(port, 2000);
  try {
    assert.ok(flood.opened >= 1900, `opened ${flood.opened} of 2000`);
    const best = await bestOfThree('after 2,000 idle connections');
    assert.ok(best < 1000, `best of three: ${best} ms`);
    // The name node pushed the idle ones out instead of holding them.
    assert.ok(flood.closedByServer() >= 1800, `the name node closed ${flood.closedByServer()} of them`);
    assert.match(readFileSync(join(cluster.logDir!, 'nn.log'), 'utf8'), /connections from 127\.0\.0\.1 without a hello/);
  } finally {
    for (const s of flood.sockets) s.destroy();
  }
});

test('600 layout requests that never close, and connections that never finish their hello: a new client is served', async () => {
  const port = cluster.nodes.nn!.port;
  const key = clientKey(secretOf(cluster)!);
  const held: net.Socket[] = [];
  let answered = 0;
  let closedByNode = 0;
  // In batches of 10 (a burst of hundreds at once would push each other out before their hellos, by design).
  for (let batch = 0; batch < 60; batch++) await Promise.all(
    Array.from({ length: 10 }, () => new Promise<void>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port });
      held.push(s);
      const reader = new FrameReader(1 << 20);
      s.on('connect', () => s.write(encodeFrame({ t: 'hello', v: 1, node: '@layout-holder', cluster: null, digest: null, nonce: '11'.repeat(16), layout: true }, { secret: key, nonce: null, seq: 0n }, 1 << 20)));
      s.on('data', (d: Buffer) => {
        for (const f of reader.push(d)) if (parsePayload(f).t === 'layout') answered += 1;
      });
      s.on('error', () => resolve());
      s.on('close', () => {
        closedByNode += 1; // this side never closes: the node closes it for good after the reply
        resolve();
      });
      setTimeout(resolve, 10_000).unref(); // determinism-ok: bounded wait in a real-cluster test
    })),
  );
  // Slow starters: a frame head announcing a hello that never arrives.
  const slow = Array.from({ length: 50 }, () => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('connect', () => s.write(Buffer.from([0, 0, 0, 200, 0, 0x7b])));
    s.on('error', () => {});
    return s;
  });
  try {
    assert.ok(answered >= 590, `layout answered ${answered} times`);
    assert.ok(closedByNode >= 590, `the node closed ${closedByNode} layout connections`);
    const best = await bestOfThree('after 600 held layout requests and 50 unfinished hellos');
    assert.ok(best < 1000, `best of three: ${best} ms`);
  } finally {
    for (const s of [...held, ...slow]) s.destroy();
  }
});

test('a pre-hello frame larger than a hello is refused at once; a frame that stops arriving after the hello times out; the cluster serves', async () => {
  const port = cluster.nodes.nn!.port;
  const big = await new Promise<string>((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const head = Buffer.alloc(5);
    head.writeUInt32BE(1 << 20);
    const reader = new FrameReader(1 << 20);
    let msg = '(closed without an error frame)';
    s.on('connect', () => s.write(head));
    s.on('data', (d: Buffer) => {
      for (const f of reader.push(d)) msg = String(parsePayload(f).message);
    });
    s.on('error', () => {});
    s.on('close', () => resolve(msg));
  });
  assert.match(big, /oversize frame: 1048576 bytes announced, the limit is 16384/);
  const conn = await connectToCluster(cluster);
  const digest = layoutDigest(conn.system);
  await conn.close();
  const peer = rawPeer(port, { node: '@client-trickle', cluster: cluster.clusterId, digest }, clientKey(secretOf(cluster)!), 30_000);
  assert.ok(await peer.helloed, `hello answered: ${JSON.stringify(peer.got)}`);
  const t0 = now();
  peer.writeRaw(Buffer.from([0, 0, 0, 100, 1, 0x7b])); // 100 bytes announced, 2 sent, then nothing
  assert.match(lastError(await peer.closed), /a 100-byte frame did not arrive within 10\d{3}ms/);
  process.stdout.write(`\nnote: a stalled frame after the hello was cut off after ${now() - t0} ms\n`);
  assert.ok(processTable(cluster).every((r) => r.running), 'every process still runs');
  const get = await cli('store', 'get', 'doc', '--dir', C);
  assert.is(get.stdout, 'before the flood');
});

test.after(async () => {
  if (cluster) {
    await stopCluster(cluster);
    assert.equal(leftovers(cluster), []);
  }
  rmSync(dir, { recursive: true, force: true });
});

test.run();
