import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorHandle, ActorSystem, GetTimeoutError, Ref, TaskError } from '../../core/actors';
import { ActorsimError } from '../../core/errors';
import { CodecError, decodeValue, encodeValue, NO_HANDLES } from '../../real/codec';
import { FileDisk, readDiskKeys } from '../../real/file-disk';
import { encodeFrame, FrameError, FrameReader, parsePayload, verifyFrame } from '../../real/frames';
import { RealHost } from '../../real/host';
import { Transport, type Address } from '../../real/transport';
import * as net from 'node:net';
import { rawPeer } from './raw-peer';
import { by, type Policy } from '../../real/policy';

// The real host's parts without child processes: the value codec, frames and
// their HMACs, the file disk, and two actor systems (two "processes") in one
// process talking over TCP on loopback through the seam of core/actors.

const dir = mkdtempSync(join(tmpdir(), 'actorsim-wire-'));
const watchdog = setTimeout(() => {
  process.stderr.write('wire.test: watchdog: still running after 60 s\n');
  process.exit(1);
}, 60_000); // determinism-ok: test watchdog
watchdog.unref();

const fakeHandle = (id: string, name: string | null) => ({ id, name }) as unknown as ActorHandle<object>;

// ---------------------------------------------------------------------- codec

test('codec: values JSON cannot say survive a round trip through JSON text', () => {
  const value = {
    n: 1,
    s: 'x\u0000\u00ff',
    u: undefined,
    nan: Number.NaN,
    inf: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0],
    big: 12345678901234567890n,
    map: new Map<unknown, unknown>([[1, new Set(['a'])], ['k', { deep: [undefined, null] }]]),
    bytes: new Uint8Array([0, 1, 255]),
    forged: { $t: 'handle', id: 'not a handle' },
  };
  const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(value, 'test'))), 'test', NO_HANDLES) as typeof value;
  assert.equal(back.n, 1);
  assert.is(back.s, value.s);
  assert.ok('u' in back && back.u === undefined);
  assert.ok(Number.isNaN(back.nan));
  assert.is(back.inf[0], Number.POSITIVE_INFINITY);
  assert.ok(Object.is(back.inf[2], -0));
  assert.is(back.big, value.big);
  assert.ok(back.map instanceof Map);
  assert.ok((back.map.get(1) as Set<string>).has('a'));
  assert.equal((back.map.get('k') as { deep: unknown[] }).deep, [undefined, null]);
  assert.equal([...back.bytes], [0, 1, 255]);
  assert.equal(back.forged, { $t: 'handle', id: 'not a handle' }, 'data with a $t key stays data');
});

test('codec: handles travel as id and name and are re-created by the receiver; errors keep their class and fields', () => {
  const json = JSON.parse(JSON.stringify(encodeValue([new TaskError('NameNode.upload', 'StoreError', 'exists', 'ALREADY_EXISTS'), new ActorsimError('X_CODE', 'boom')], 'test')));
  const [task, other] = decodeValue(json, 'test', NO_HANDLES) as [TaskError, ActorsimError];
  assert.ok(task instanceof TaskError);
  assert.is(task.originalCode, 'ALREADY_EXISTS');
  assert.is(task.message, 'NameNode.upload threw StoreError: exists');
  assert.is(other.code, 'X_CODE');
  const made: Array<[string, string | null]> = [];
  const h = decodeValue({ $t: 'handle', id: 'StorageNode:3', name: 'storage:s2' }, 'test', (id, name) => {
    made.push([id, name]);
    return fakeHandle(id, name);
  });
  assert.equal(made, [['StorageNode:3', 'storage:s2']]);
  assert.equal(h, { id: 'StorageNode:3', name: 'storage:s2' });
});

test('codec: refuses what cannot cross processes, and unknown or malformed tags', () => {
  assert.throws(() => encodeValue({ r: new Ref('x') }, 'call A.m'), (e: Error) => e instanceof CodecError && /Ref cannot be sent/.test(e.message));
  assert.throws(() => encodeValue([() => 1], 'call A.m'), /functions cannot be sent/);
  assert.throws(() => encodeValue(new (class Point {})(), 'call A.m'), /a Point instance cannot be sent/);
  assert.throws(() => decodeValue({ $t: 'weird' }, 'env', NO_HANDLES), /unknown tag "weird"/);
  assert.throws(() => decodeValue({ $t: 'handle', id: 7 }, 'env', NO_HANDLES), /needs an actor id/);
  assert.throws(() => decodeValue({ $t: 'handle', id: 'A:1', name: null }, 'disk', NO_HANDLES), /cannot be read here/);
});

test('codec: a "__proto__" key decodes as a plain own key, never as the prototype the sender chose', () => {
  for (const text of ['{"__proto__": {"polluted": true}, "a": 1}', '{"$t": "object", "v": {"__proto__": {"polluted": true}, "$t": 2}}', '[{"__proto__": {"isAdmin": true}}]']) {
    const decoded = decodeValue(JSON.parse(text), 'env', NO_HANDLES) as Record<string, unknown> | Array<Record<string, unknown>>;
    const o = (Array.isArray(decoded) ? decoded[0] : decoded) as Record<string, unknown>;
    assert.is(Object.getPrototypeOf(o), Object.prototype, text);
    assert.is((o as { polluted?: unknown }).polluted, undefined, text);
    assert.is((o as { isAdmin?: unknown }).isAdmin, undefined, text);
    assert.ok(Object.prototype.hasOwnProperty.call(o, '__proto__'), `${text}: kept as data`);
    assert.ok(Object.keys(o).includes('__proto__'));
  }
  assert.is(({} as { polluted?: unknown }).polluted, undefined, 'Object.prototype untouched');
});

// --------------------------------------------------------------------- frames

test('frames: cut from a stream however it arrives; oversize and malformed frames are refused', () => {
  const a = encodeFrame({ t: 'env', n: 1 }, null, 1024);
  const b = encodeFrame({ t: 'env', n: 2, s: 'é'.repeat(50) }, null, 1024);
  const stream = Buffer.concat([a, b]);
  const reader = new FrameReader(1024);
  const got: unknown[] = [];
  for (let i = 0; i < stream.length; i++) for (const f of reader.push(stream.subarray(i, i + 1))) got.push(parsePayload(f));
  assert.equal(got, [{ t: 'env', n: 1 }, { t: 'env', n: 2, s: 'é'.repeat(50) }]);
  // The length alone is enough to refuse: the body is never buffered.
  assert.throws(() => new FrameReader(1024).push(Buffer.from([0, 0, 4, 1])), (e: Error) => e instanceof FrameError && /oversize frame: 1025 bytes announced, the limit is 1024/.test(e.message));
  assert.throws(() => new FrameReader(1024).push(Buffer.from('GET / HTTP/1.1\r\n')), /oversize frame/);
  assert.throws(() => new FrameReader(1024).push(Buffer.from([0, 0, 0, 0])), /zero length/);
  assert.throws(() => new FrameReader(1024).push(Buffer.from([0, 0, 0, 2, 4, 0x7b])), /unknown flags/);
  const [junk] = new FrameReader(1024).push(Buffer.from([0, 0, 0, 4, 0, 0x7b, 0x7b, 0x7b]));
  assert.throws(() => parsePayload(junk!), /not JSON/);
  assert.throws(() => encodeFrame({ t: 'env', s: 'x'.repeat(2000) }, null, 1024), /exceeds the limit of 1024 bytes/);
});

test('frames: an HMAC is good for one frame of one connection only', () => {
  const secret = Buffer.from('0123456789abcdef0123456789abcdef');
  const nonce = Buffer.alloc(16, 7);
  const frame = new FrameReader(1 << 20).push(encodeFrame({ t: 'env', x: 1 }, { secret, nonce, seq: 5n }, 1 << 20))[0]!;
  assert.ok(verifyFrame(frame, { secret, nonce, seq: 5n }));
  assert.not.ok(verifyFrame(frame, { secret, nonce, seq: 6n }), 'replayed as another frame number');
  assert.not.ok(verifyFrame(frame, { secret, nonce: Buffer.alloc(16, 8), seq: 5n }), 'replayed on another connection');
  assert.not.ok(verifyFrame(frame, { secret: Buffer.from('another secret, just as long!!!!'), nonce, seq: 5n }));
  const tampered = { mac: frame.mac, payload: Buffer.from(frame.payload.toString().replace('1', '2')) };
  assert.not.ok(verifyFrame(tampered, { secret, nonce, seq: 5n }));
  const plain = new FrameReader(1024).push(encodeFrame({ t: 'env' }, null, 1024))[0]!;
  assert.not.ok(verifyFrame(plain, { secret, nonce, seq: 0n }), 'a frame without an HMAC');
});

// ----------------------------------------------------------------------- disk

test('file disk: durable key files named by hash, insertion order across reopening, copies in and out', () => {
  const d = join(dir, 'disk1');
  const disk = new FileDisk(d);
  disk.put('chunk/b1_0', { id: 'b1_0', data: 'abc' });
  disk.put('../../../etc/passwd', 'no escape');
  disk.put('chunk/a0_0', { id: 'a0_0' });
  disk.put('chunk/b1_0', { id: 'b1_0', data: 'abd' }); // overwrite keeps its place
  const v = disk.get('chunk/b1_0') as { data: string };
  v.data = 'mutated';
  assert.equal(disk.get('chunk/b1_0'), { id: 'b1_0', data: 'abd' });
  const files = readdirSync(join(d, 'kv')).sort();
  assert.is(files.length, 3);
  for (const f of files) assert.match(f, /^[0-9a-f]{64}\.json$/);
  assert.ok(disk.delete('chunk/a0_0'));
  assert.not.ok(disk.delete('chunk/a0_0'));
  disk.close();
  const again = new FileDisk(d);
  assert.equal(again.keys(), ['chunk/b1_0', '../../../etc/passwd']);
  assert.equal(again.keys('chunk/'), ['chunk/b1_0']);
  assert.equal(readDiskKeys(d), ['chunk/b1_0', '../../../etc/passwd']);
  again.put('chunk/c2_0', 1);
  assert.equal(again.keys(), ['chunk/b1_0', '../../../etc/passwd', 'chunk/c2_0']);
  again.close();
});

test('file disk: the edit log survives reopening; a record torn by a crash is cut off, later appends stay readable', () => {
  const d = join(dir, 'disk2');
  const disk = new FileDisk(d);
  disk.append('editlog', { op: 'reserve', upTo: 64 });
  disk.append('editlog', { op: 'commit', name: 'a', chunks: [] });
  disk.close();
  const file = join(d, 'logs', `${FileDisk.fileName('editlog')}.jsonl`);
  appendFileSync(file, '{"op":"commit","na'); // the crash came mid-append, before the fsync returned
  const lines: string[] = [];
  const again = new FileDisk(d, (l) => lines.push(l));
  assert.equal(again.readLog('editlog'), [{ op: 'reserve', upTo: 64 }, { op: 'commit', name: 'a', chunks: [] }]);
  assert.match(lines.join('\n'), /cut a torn record/);
  again.append('editlog', { op: 'delete', name: 'a' });
  assert.is(again.readLog('editlog').length, 3);
  again.rewriteLog('editlog', [{ op: 'reserve', upTo: 128 }]);
  again.append('editlog', { op: 'delete', name: 'b' });
  assert.equal(again.readLog('editlog'), [{ op: 'reserve', upTo: 128 }, { op: 'delete', name: 'b' }]);
  assert.is(readFileSync(file, 'utf8').split('\n').length, 3);
  again.close();
  writeFileSync(file, '{"op":1}\nnot json\n{"op":2}\n');
  const said: string[] = [];
  // A damaged line comes back as its raw text, for the reader's checksums to judge (the edit log's do).
  assert.equal(new FileDisk(d, (l) => said.push(l)).readLog('editlog'), [{ op: 1 }, 'not json', { op: 2 }]);
  assert.match(said.join('\n'), /record 2 of log "editlog" .* does not parse/);
});

// ---------------------------------------------- two systems over TCP, one process

class Echo extends Actor {
  echo<T>(x: T): T {
    return x;
  }
  whoAmI(): string {
    return this.ctx.node;
  }
  fail(): never {
    throw new ActorsimError('NOPE', 'refused on purpose');
  }
  /** Calls the actor behind `h` (a handle that crossed a process boundary). */
  async callBack(h: ActorHandle<Echo>, value: number): Promise<number> {
    return ((await this.ctx.get(h.call.echo(value), { timeoutMs: 2000 })) as number) + 1;
  }
  self(): ActorHandle<Echo> {
    return this.ctx.self<Echo>();
  }
}

const anyone = ['client', 'name node', 'storage node'] as const;
/** Echo's allow-list: any process may call its four methods (the store's own is in policy.ts). */
const ECHO_POLICY: Policy = { Echo: { echo: by(anyone, 'call'), whoAmI: by(anyone, 'call'), fail: by(anyone, 'call'), callBack: by(anyone, 'call'), self: by(anyone, 'call') } };

interface Proc {
  host: RealHost;
  system: ActorSystem;
  echoA: ActorHandle<Echo>;
  echoB: ActorHandle<Echo>;
  address: Address | null;
}

/** One "process": a host running `node`, with the same two spawns as every other. */
async function proc(node: 'a' | 'b' | null, addresses: Map<string, Address>, secret: Buffer | null, tag: string): Promise<Proc> {
  const host = new RealHost({
    node,
    driverNode: `@${tag}`,
    clusterNodes: ['a', 'b'],
    dataDir: node ? join(dir, `${tag}-${node}`) : null,
    clusterId: 'c0ffee00',
    addresses,
    listen: node ? { host: '127.0.0.1', port: 0 } : null,
    secret,
    maxFrameBytes: 1 << 20,
    layout: null,
    log: () => {},
    policy: ECHO_POLICY,
  });
  const system = new ActorSystem(host);
  const echoA = system.spawn(Echo, [], { name: 'echo:a', node: 'a' });
  const echoB = system.spawn(Echo, [], { name: 'echo:b', node: 'b' });
  const address = await host.start('digest-1', system.actorsTable());
  if (node && address) addresses.set(node, address);
  return { host, system, echoA, echoB, address };
}

test('two actor systems over TCP: calls, values, errors and handles cross; each constructs only its own node\'s actors', async () => {
  const addresses = new Map<string, Address>();
  const b = await proc('b', addresses, null, 'pb');
  const a = await proc('a', addresses, null, 'pa');
  try {
    assert.equal(a.system.actorsTable().map((r) => [r.id, r.node, r.state]), [['Echo:1', 'a', 'ALIVE'], ['Echo:2', 'b', 'ALIVE']]);
    const ctx = a.system.clientAt('@pa');
    assert.is(await ctx.get(ctx.getActor<Echo>('echo:b').call.whoAmI(), { timeoutMs: 3000 }), 'b');
    const value = new Map<string, unknown>([['k', { u: undefined, bytes: new Uint8Array([9]) }]]);
    const back = await ctx.get(a.echoB.call.echo(value), { timeoutMs: 3000 });
    assert.ok(back instanceof Map);
    assert.equal([...(back.get('k') as { bytes: Uint8Array }).bytes], [9]);
    // b receives a handle to a's actor, re-created in b's system, and calls it back.
    assert.is(await ctx.get(a.echoB.call.callBack(a.echoA, 41), { timeoutMs: 3000 }), 42);
    // A handle in a reply is re-bound to its holder in a.
    const h: ActorHandle<Echo> = await ctx.get(a.echoB.call.self(), { timeoutMs: 3000 });
    assert.ok(h instanceof ActorHandle);
    assert.is(await ctx.get(h.call.whoAmI(), { timeoutMs: 3000 }), 'b');
    const err = await ctx.get(a.echoB.call.fail(), { timeoutMs: 3000 }).catch((e: unknown) => e);
    assert.ok(err instanceof TaskError);
    assert.is((err as TaskError).originalCode, 'NOPE');
    // Answered calls leave no bookkeeping behind in either process (a long-running node must not grow).
    await Promise.all(Array.from({ length: 20 }, (_, i) => ctx.get(a.echoB.call.echo(i), { timeoutMs: 3000 })));
    assert.is(a.system.pendingSummary().count, 0);
    type Books = { s: { calls: { pendingCalls: unknown[]; inboundCalls: unknown[] } } }; // private state (the runtime's call book), read for this check only
    for (const p of [a, b]) {
      const books = (p.system as unknown as Books).s.calls;
      assert.is(books.pendingCalls.length, 0, `${p.host.driverNode}: calls sent and not answered`);
      assert.is(books.inboundCalls.length, 0, `${p.host.driverNode}: calls from the other process not finished`);
    }
    const refErr = (() => {
      try {
        a.echoB.call.echo(new Ref('x') as unknown as number);
        return null;
      } catch (e) {
        return e;
      }
    })();
    assert.is(refErr, null, 'a message that cannot be encoded is dropped (and logged), not thrown at the caller');
    assert.throws(() => a.system.kill(a.echoB), /runs in another process/);
  } finally {
    await a.host.close();
    await b.host.close();
  }
});

test('with a shared secret: HMAC-authenticated peers talk; a peer with another secret is refused and learns nothing', async () => {
  const secret = Buffer.from('a shared secret of 32 bytes ....');
  const addresses = new Map<string, Address>();
  const b = await proc('b', addresses, secret, 'sb');
  const good = await proc(null, addresses, secret, 'good');
  const bad = await proc(null, addresses, Buffer.from('some other secret of 32 bytes...'), 'bad');
  const plain = await proc(null, addresses, null, 'plain');
  try {
    const g = good.system.clientAt('@good');
    assert.is(await g.get(good.echoB.call.echo('hi'), { timeoutMs: 3000 }), 'hi');
    for (const p of [bad, plain]) {
      const c = p.system.clientAt(p.host.driverNode);
      const err = await c.get(p.echoB.call.echo('hi'), { timeoutMs: 500 }).catch((e: unknown) => e);
      assert.ok(err instanceof GetTimeoutError, `${p.host.driverNode}: ${String(err)}`);
    }
    assert.ok(b.host.refusedFrames >= 2, `refused ${b.host.refusedFrames}`);
    assert.is(await g.get(good.echoB.call.echo('still'), { timeoutMs: 3000 }), 'still');
  } finally {
    for (const p of [good, bad, plain, b]) await p.host.close();
  }
});

test('transport limits: a silent connection ends at the handshake timeout, an idle one after its hello at the idle timeout, and a newcomer pushes out the oldest of an address', async () => {
  const lines: string[] = [];
  const t = new Transport({
    self: 'srv',
    clusterId: 'c1',
    layoutDigest: 'd1',
    addresses: new Map([['srv', { host: '127.0.0.1', port: 0 }]]),
    listen: { host: '127.0.0.1', port: 0 },
    secret: null,
    maxFrameBytes: 1 << 20,
    layout: null,
    onEnvelope: () => {},
    log: (l) => lines.push(l),
    random: { int: () => 0, float: () => 0, pick: <T>(xs: readonly T[]) => xs[0]!, shuffle: <T>(xs: T[]) => xs, chance: () => false } as never,
    handshakeTimeoutMs: 400,
    idleTimeoutMs: 600,
    maxPreHelloPerAddress: 4,
  });
  const address = (await t.start())!;
  try {
    const closedWithin = (s: net.Socket) => new Promise<number>((resolve) => {
      const t0 = Date.now(); // determinism-ok: real-transport test timing
      s.on('error', () => {});
      s.on('close', () => resolve(Date.now() - t0)); // determinism-ok: real-transport test timing
    });
    // Ten connections that never say hello: the six oldest are pushed out by the newer ones, the rest time out.
    const silent = Array.from({ length: 10 }, () => net.connect({ host: '127.0.0.1', port: address.port }));
    const ends = await Promise.all(silent.map(closedWithin));
    assert.ok(ends.every((ms) => ms < 5000), `all closed by the node: ${ends}`);
    assert.ok(lines.some((l) => /more than 4 connections from 127\.0\.0\.1 without a hello/.test(l)), lines.join('\n'));
    // A valid hello, then silence: closed at the idle timeout, with a line saying so.
    const peer = rawPeer(address.port, { node: '@idle', cluster: 'c1', digest: 'd1' }, null, 10_000);
    assert.ok(await peer.helloed);
    await peer.closed;
    assert.ok(lines.some((l) => /closed @idle .*no frame either way for 600ms/.test(l)), lines.join('\n'));
  } finally {
    await t.close();
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
