import { createHmac, randomBytes } from 'node:crypto';
import * as net from 'node:net';
import { InvalidArgumentError, show } from '../core/errors';
import type { RandomStream } from '../core/actors/host';
import { encodeFramePayload, FrameError, FrameReader, NONCE_BYTES, parsePayload, verifyFrame, type FrameKey, type RawFrame } from './frames';

// Connections between the processes of a real cluster: TCP, frames as in
// frames.ts. Every connection starts with a hello each way (node id, cluster
// id, layout digest, a fresh nonce); only then do messages flow. A process
// listens (a cluster node) or only dials (a client); replies to a client go
// back on the connection it opened. Messages to a node without a ready
// connection wait in a bounded queue (dropped after `queueTtlMs`, as a lossy
// network would) while it is dialled with exponential backoff. A frame that
// breaks the format, fails its HMAC or says something impossible ends its
// connection with an error frame; the process keeps serving everyone else.
//
// Identity: with a secret, nothing uses it directly. A cluster node signs
// its frames with its own key, HMAC(secret, "actorsim/node/<id>"), which a
// receiver derives for the id the hello claims: so a peer is the node it says
// it is. A client has only the client key, HMAC(secret, "actorsim/client"),
// used both ways on its connections: a connection made with it can never
// claim a node id. Floods: the accepting side says nothing before a valid
// hello; connections without one are few per remote address (the oldest is
// dropped for a newcomer), their buffer is small, and they end after
// `handshakeTimeoutMs`; after the hello, a connection silent for
// `idleTimeoutMs` or a frame that does not arrive at a minimum rate ends.

export interface Address {
  host: string;
  port: number;
}

export interface TransportOptions {
  /** The node id this process speaks for (a cluster node, or a client's driver node). */
  self: string;
  /** Other nodes this process runs (a node process's driver node): envelopes may come from them too. */
  also?: readonly string[];
  clusterId: string;
  /** Digest of the actor layout: processes with different layouts refuse each other. */
  layoutDigest: string;
  /** Where each cluster node listens. */
  addresses: ReadonlyMap<string, Address>;
  /** Where to listen; null for a client. */
  listen: Address | null;
  /** Shared secret: every frame carries an HMAC and frames without a valid one are refused. */
  secret: Buffer | null;
  maxFrameBytes: number;
  /** Served to a client that says hello with `layout: true` (the `--addr` client). */
  layout: unknown;
  /** An `env` message from the peer that runs `peerNodes`, as parsed JSON. Throw FrameError to refuse the connection. */
  onEnvelope(peerNodes: readonly string[], env: Record<string, unknown>): void;
  /** Refusals and other events worth a line in the node's log. */
  log(line: string): void;
  /** For backoff jitter. */
  random: RandomStream;
  queueTtlMs?: number;
  maxQueuedFrames?: number;
  handshakeTimeoutMs?: number;
  /** Connections after their hello, at most (beyond: refused). */
  maxConnections?: number;
  /** Connections without a hello yet, per remote address; a newcomer pushes out the oldest. */
  maxPreHelloPerAddress?: number;
  /** Connections without a hello yet, in all. */
  maxPreHello?: number;
  /** After its hello, a connection with no frame either way for this long is closed. */
  idleTimeoutMs?: number;
}

/** Largest frame accepted before a hello: a hello is small. */
export const PRE_HELLO_MAX_FRAME_BYTES = 16 * 1024;
/** A frame must arrive within this, plus 1 ms per KiB it announces (a peer slower than ~1 MB/s is dropped). */
const FRAME_PROGRESS_BASE_MS = 10_000;

/** The key a cluster node signs its frames with. */
export function nodeKey(secret: Buffer, node: string): Buffer {
  return createHmac('sha256', secret).update(`actorsim/node/${node}`).digest();
}

/** The key of every client connection (both ways). */
export function clientKey(secret: Buffer): Buffer {
  return createHmac('sha256', secret).update('actorsim/client').digest();
}

const PROTOCOL_VERSION = 1;
const NODE_ID = /^[@A-Za-z0-9._:-]{1,100}$/;
const BACKOFF_MIN_MS = 25;
const BACKOFF_MAX_MS = 1000;

interface Queued {
  payload: Buffer;
  atMs: number;
}

interface Dialer {
  connecting: boolean;
  attempts: number;
  timer: NodeJS.Timeout | null;
}

class Conn {
  readonly reader: FrameReader;
  readonly myNonce = randomBytes(NONCE_BYTES);
  peer: string | null = null;
  /** Every node the peer runs: `peer` first. */
  peerNodes: string[] = [];
  peerNonce: Buffer | null = null;
  sendSeq = 0n;
  recvSeq = 0n;
  ready = false;
  closed = false;
  /** Peer is a cluster node (its hello authenticated with that node's key when there is a secret). */
  peerIsNode = false;
  /** Counted among the accepted connections after their hello. */
  countedReady = false;
  sendKey: Buffer | null = null;
  recvKey: Buffer | null = null;
  readonly openedMs = nowMs();
  lastRecvMs = nowMs();
  lastSendMs = nowMs();
  /** When the frame now being received began, or null between frames. */
  partialSinceMs: number | null = null;
  /** For connections counted as pre-hello: the remote address they count against. */
  preHelloAddr: string | null = null;
  constructor(
    readonly socket: net.Socket,
    /** The node dialled; null for an accepted connection. */
    readonly target: string | null,
    maxFrameBytes: number,
  ) {
    this.reader = new FrameReader(Math.min(maxFrameBytes, PRE_HELLO_MAX_FRAME_BYTES));
  }
  describe(): string {
    const who = this.peer ?? this.target ?? 'unknown peer';
    return `${who} (${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? '?'})`;
  }
}

export class Transport {
  private server: net.Server | null = null;
  private started = false;
  private stopped = false;
  private readonly conns = new Set<Conn>();
  private readonly ready = new Map<string, Conn[]>();
  private readonly queues = new Map<string, Queued[]>();
  private readonly dialers = new Map<string, Dialer>();
  private readonly queueTtlMs: number;
  private readonly maxQueued: number;
  private readonly handshakeTimeoutMs: number;
  private readonly maxConnections: number;
  private readonly maxBufferedBytes: number;
  private readonly maxPreHelloPerAddress: number;
  private readonly maxPreHello: number;
  private readonly idleTimeoutMs: number;
  /** Accepted connections without a hello, oldest first, in all and per remote address. */
  private readonly preHello = new Set<Conn>();
  private readonly preHelloByAddr = new Map<string, Set<Conn>>();
  private readyAccepted = 0;
  private sweepTimer: NodeJS.Timeout | null = null;
  /** Keys derived from the secret (the secret itself signs nothing). */
  private readonly myKey: Buffer | null;
  private readonly clientKey: Buffer | null;
  /** This process is a client: it holds only the client key. */
  private readonly isClient: boolean;
  /** Frames refused (bad format, HMAC, protocol), for tests and logs. */
  refused = 0;

  constructor(private readonly o: TransportOptions) {
    for (const id of [o.self, ...(o.also ?? [])]) if (!NODE_ID.test(id)) throw new InvalidArgumentError(`Transport: node ids must match ${NODE_ID}, got ${show(id)}`);
    this.queueTtlMs = o.queueTtlMs ?? 2000;
    this.maxQueued = o.maxQueuedFrames ?? 10_000;
    this.handshakeTimeoutMs = o.handshakeTimeoutMs ?? 3000;
    this.maxConnections = o.maxConnections ?? 512;
    this.maxBufferedBytes = 2 * o.maxFrameBytes;
    this.maxPreHelloPerAddress = o.maxPreHelloPerAddress ?? 16;
    this.maxPreHello = o.maxPreHello ?? 128;
    this.idleTimeoutMs = o.idleTimeoutMs ?? 120_000;
    this.isClient = !o.addresses.has(o.self);
    this.clientKey = o.secret ? clientKey(o.secret) : null;
    this.myKey = o.secret ? (this.isClient ? this.clientKey : nodeKey(o.secret, o.self)) : null;
  }

  /** Listens (for a cluster node) and lets queued messages go. */
  async start(): Promise<Address | null> {
    this.started = true;
    this.sweepTimer = setInterval(() => this.sweep(), 250); // determinism-ok: real host
    this.sweepTimer.unref();
    for (const node of this.queues.keys()) this.dial(node);
    if (!this.o.listen) return null;
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.listen!.port, this.o.listen!.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.o.log(`server error: ${err.message}`));
    const a = server.address() as net.AddressInfo;
    return { host: a.address, port: a.port };
  }

  /** Closes the server and every connection; queued messages are dropped. */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const d of this.dialers.values()) if (d.timer) clearTimeout(d.timer);
    this.dialers.clear();
    this.queues.clear();
    for (const c of [...this.conns]) this.drop(c);
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Sends one `env` message (its JSON already made) to `node`, now or once a connection is ready. */
  send(node: string, envJson: string): void {
    if (this.stopped) return;
    const payload = Buffer.from(`{"t":"env","env":${envJson}}`, 'utf8');
    const conn = this.readyConn(node);
    if (conn) {
      this.write(conn, payload);
      return;
    }
    if (!this.o.addresses.has(node)) return; // a client that is gone: nobody to tell
    let q = this.queues.get(node);
    if (!q) this.queues.set(node, (q = []));
    q.push({ payload, atMs: nowMs() });
    if (q.length > this.maxQueued) q.shift();
    if (this.started) this.dial(node);
  }

  /** Nodes with a ready connection, for status and tests. */
  connectedNodes(): string[] {
    return [...this.ready.keys()].filter((n) => this.readyConn(n) !== null);
  }

  // --------------------------------------------------------------- internal

  private readyConn(node: string): Conn | null {
    const list = this.ready.get(node);
    if (!list) return null;
    for (const c of list) if (!c.closed && c.ready) return c;
    return null;
  }

  private key(conn: Conn, sending: boolean): FrameKey | null {
    if (sending) return conn.sendKey ? { secret: conn.sendKey, nonce: conn.sendSeq === 0n ? null : conn.peerNonce, seq: conn.sendSeq } : null;
    return conn.recvKey ? { secret: conn.recvKey, nonce: conn.recvSeq === 0n ? null : conn.myNonce, seq: conn.recvSeq } : null;
  }

  /** The keys of a connection to or from `peer` (a cluster node or not), once known. */
  private setKeys(conn: Conn, peerIsNode: boolean, peer: string): void {
    if (!this.o.secret) return;
    if (this.isClient || !peerIsNode) {
      conn.sendKey = conn.recvKey = this.clientKey;
    } else {
      conn.sendKey = this.myKey;
      conn.recvKey = nodeKey(this.o.secret, peer);
    }
  }

  private write(conn: Conn, payload: Buffer): void {
    if (conn.closed) return;
    let frame: Buffer;
    try {
      frame = encodeFramePayload(payload, this.key(conn, true), this.o.maxFrameBytes);
    } catch (err) {
      this.o.log(`dropped a message to ${conn.describe()}: ${(err as Error).message}`);
      return;
    }
    if (conn.socket.writableLength + frame.length > this.maxBufferedBytes) {
      // The peer does not keep up: lose the message, as a congested network would, rather than grow without bound.
      this.o.log(`dropped a message to ${conn.describe()}: ${conn.socket.writableLength} bytes already waiting to be sent`);
      return;
    }
    conn.sendSeq += 1n;
    conn.lastSendMs = nowMs();
    conn.socket.write(frame);
  }

  private sendJson(conn: Conn, message: unknown): void {
    this.write(conn, Buffer.from(JSON.stringify(message), 'utf8'));
  }

  private hello(conn: Conn): void {
    this.sendJson(conn, {
      t: 'hello',
      v: PROTOCOL_VERSION,
      node: this.o.self,
      also: this.o.also ?? [],
      cluster: this.o.clusterId,
      digest: this.o.layoutDigest,
      nonce: conn.myNonce.toString('hex'),
    });
  }

  private accept(socket: net.Socket): void {
    if (this.stopped) {
      socket.destroy();
      return;
    }
    // Connections that have not said hello cost little and are few: a newcomer
    // pushes out the oldest of its address (and of all), so idle connections
    // held open cannot keep a real client out.
    const addr = socket.remoteAddress ?? '?';
    const mine = this.preHelloByAddr.get(addr);
    if (mine && mine.size >= this.maxPreHelloPerAddress) this.evict(mine.values().next().value!, `more than ${this.maxPreHelloPerAddress} connections from ${addr} without a hello`);
    if (this.preHello.size >= this.maxPreHello) this.evict(this.preHello.values().next().value!, `more than ${this.maxPreHello} connections without a hello`);
    const conn = new Conn(socket, null, this.o.maxFrameBytes);
    conn.preHelloAddr = addr;
    // (An eviction may have emptied and removed the address's set.)
    let set = this.preHelloByAddr.get(addr);
    if (!set) this.preHelloByAddr.set(addr, (set = new Set()));
    set.add(conn);
    this.preHello.add(conn);
    this.setup(conn);
  }

  private evict(conn: Conn, why: string): void {
    this.evicted += 1;
    if (this.evicted % 1000 === 1) this.o.log(`dropped ${conn.describe()} (and the next 999 such): ${why}`);
    this.drop(conn);
  }

  /** Pre-hello connections pushed out by newcomers (logged once per thousand). */
  evicted = 0;

  private leavePreHello(conn: Conn): void {
    if (conn.preHelloAddr === null) return;
    this.preHello.delete(conn);
    const mine = this.preHelloByAddr.get(conn.preHelloAddr);
    mine?.delete(conn);
    if (mine && mine.size === 0) this.preHelloByAddr.delete(conn.preHelloAddr);
    conn.preHelloAddr = null;
  }

  /** Timeouts: the hello, an idle connection, a frame arriving too slowly. */
  private sweep(): void {
    const now = nowMs();
    for (const conn of [...this.conns]) {
      if (conn.closed) continue;
      if (!conn.ready) {
        if (now - conn.openedMs > this.handshakeTimeoutMs) {
          if (conn.target === null) this.drop(conn); // say nothing to who never said hello
          else this.refuse(conn, `no hello within ${this.handshakeTimeoutMs}ms`);
        }
        continue;
      }
      if (conn.partialSinceMs !== null) {
        const allowed = FRAME_PROGRESS_BASE_MS + Math.ceil(conn.reader.announced / 1024);
        if (now - conn.partialSinceMs > allowed) this.refuse(conn, `a ${conn.reader.announced}-byte frame did not arrive within ${allowed}ms`);
      } else if (now - Math.max(conn.lastRecvMs, conn.lastSendMs) > this.idleTimeoutMs) {
        this.o.log(`closed ${conn.describe()}: no frame either way for ${this.idleTimeoutMs}ms`);
        this.drop(conn);
      }
    }
  }

  private setup(conn: Conn): void {
    this.conns.add(conn);
    const { socket } = conn;
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => this.onData(conn, data));
    socket.on('error', () => {}); // 'close' follows
    socket.on('close', () => this.onClose(conn));
    if (conn.target === null) return; // the accepting side speaks only after a valid hello
    this.setKeys(conn, true, conn.target);
    if (socket.readyState === 'open') this.hello(conn);
    else socket.once('connect', () => this.hello(conn));
  }

  private onData(conn: Conn, data: Buffer): void {
    if (conn.closed) return;
    let frames: RawFrame[];
    try {
      frames = conn.reader.push(data);
    } catch (err) {
      this.refuse(conn, (err as Error).message);
      return;
    }
    const now = nowMs();
    if (frames.length > 0) conn.lastRecvMs = now;
    if (conn.reader.buffered === 0) conn.partialSinceMs = null;
    else if (frames.length > 0 || conn.partialSinceMs === null) conn.partialSinceMs = now;
    for (const frame of frames) {
      if (conn.closed) return;
      try {
        this.onFrame(conn, frame);
      } catch (err) {
        if (err instanceof FrameError) this.refuse(conn, err.message);
        else {
          this.o.log(`error handling a frame from ${conn.describe()}: ${(err as Error).stack ?? String(err)}`);
        }
      }
    }
  }

  private onFrame(conn: Conn, frame: RawFrame): void {
    const message = parsePayload(frame);
    if (message.t === 'error') {
      this.o.log(`${conn.describe()} refused the connection: ${String(message.message)}`);
      this.drop(conn);
      return;
    }
    if (!conn.ready) this.checkHello(conn, message);
    const key = this.key(conn, false);
    conn.recvSeq += 1n;
    if (this.o.secret && !key) throw new FrameError('no key for this connection');
    if (key && !verifyFrame(frame, key)) {
      throw new FrameError(frame.mac ? 'bad HMAC (is the secret file the same on both sides?)' : 'frame without an HMAC: this cluster requires the shared secret (--secret-file)');
    }
    if (!conn.ready) return this.onHello(conn, message);
    switch (message.t) {
      case 'env': {
        const env = message.env;
        if (env === null || typeof env !== 'object' || Array.isArray(env)) throw new FrameError('malformed frame: env is not an object');
        this.o.onEnvelope(conn.peerNodes, env as Record<string, unknown>);
        return;
      }
      default:
        throw new FrameError(`unknown message type ${show(message.t)}`);
    }
  }

  /**
   * Checks a hello's claims before its HMAC (whose key depends on them): a
   * cluster node id is a node, signing with that node's key; anything else is
   * a client, which may not speak for any node (nor a node's driver).
   */
  private checkHello(conn: Conn, m: Record<string, unknown>): void {
    if (m.t !== 'hello') throw new FrameError(`expected a hello first, got ${show(m.t)}`);
    if (m.v !== PROTOCOL_VERSION) throw new FrameError(`protocol version ${show(m.v)} is not supported (this is version ${PROTOCOL_VERSION})`);
    if (typeof m.node !== 'string' || !NODE_ID.test(m.node)) throw new FrameError(`hello: bad node id ${show(m.node)}`);
    const also = m.also ?? [];
    if (!Array.isArray(also) || also.length > 8 || !also.every((n) => typeof n === 'string' && NODE_ID.test(n) && n !== m.node)) throw new FrameError(`hello: bad node list ${show(also)}`);
    if (typeof m.nonce !== 'string' || !/^[0-9a-f]{32}$/.test(m.nonce)) throw new FrameError('hello: bad nonce');
    if (conn.target !== null && m.node !== conn.target) throw new FrameError(`dialled ${conn.target} but ${show(m.node)} answered`);
    const isNode = this.o.addresses.has(m.node);
    if (isNode) {
      if (m.layout === true) throw new FrameError(`hello: node ${m.node} asks for the layout`);
      const foreign = also.find((n) => this.o.addresses.has(n) || (n !== `@${m.node}` && this.o.addresses.has(n.slice(1))));
      if (foreign !== undefined) throw new FrameError(`hello: node ${m.node} may speak only for itself and its own driver, not ${show(foreign)}`);
    } else {
      if (also.length > 0) throw new FrameError(`hello: a client (${show(m.node)}) speaks for no other node, got ${show(also)}`);
      const nodeDriver = /^@(.*)$/.exec(m.node)?.[1];
      if (nodeDriver !== undefined && this.o.addresses.has(nodeDriver)) throw new FrameError(`hello: a client may not claim ${show(m.node)}, the driver of node ${nodeDriver}`);
      if (conn.target !== null) throw new FrameError(`dialled ${conn.target} but a client (${show(m.node)}) answered`);
    }
    if (conn.target === null) this.setKeys(conn, isNode, m.node);
    conn.peerIsNode = isNode;
  }

  private onHello(conn: Conn, m: Record<string, unknown>): void {
    const also = (m.also ?? []) as string[];
    const node = m.node as string;
    const asksLayout = m.layout === true;
    if (!asksLayout) {
      if (m.cluster !== this.o.clusterId) throw new FrameError(`hello: cluster ${show(m.cluster)} is not this cluster (${this.o.clusterId})`);
      if (m.digest !== this.o.layoutDigest) throw new FrameError(`hello: actor layout ${show(m.digest)} differs from this process's (${this.o.layoutDigest}): different code or cluster file`);
    }
    if (conn.target === null && !asksLayout && this.readyAccepted >= this.maxConnections) throw new FrameError(`too many connections (${this.maxConnections})`);
    conn.peer = node;
    conn.peerNodes = [node, ...also];
    conn.peerNonce = Buffer.from(m.nonce as string, 'hex');
    conn.ready = true;
    this.leavePreHello(conn);
    conn.reader.limit = this.o.maxFrameBytes;
    if (conn.target === null) this.hello(conn); // the accepting side answers a valid hello only
    if (asksLayout) {
      if (conn.target !== null) throw new FrameError('hello: a layout request on a dialled connection');
      this.sendJson(conn, { t: 'layout', layout: this.o.layout });
      // Closed for good, not half closed: a peer that never closes its side holds nothing here.
      conn.socket.end();
      this.drop(conn, 1000);
      return;
    }
    if (conn.target === null) {
      this.readyAccepted += 1;
      conn.countedReady = true;
    }
    for (const node of conn.peerNodes) {
      let list = this.ready.get(node);
      if (!list) this.ready.set(node, (list = []));
      list.push(conn);
    }
    if (conn.target !== null) {
      const d = this.dialers.get(conn.target);
      if (d) d.attempts = 0;
    }
    for (const node of conn.peerNodes) this.flush(node);
  }

  private flush(node: string): void {
    const q = this.queues.get(node);
    if (!q) return;
    const conn = this.readyConn(node);
    if (!conn) return;
    this.queues.delete(node);
    const oldest = nowMs() - this.queueTtlMs;
    for (const item of q) if (item.atMs >= oldest) this.write(conn, item.payload);
  }

  /** Ends a connection for breaking the protocol, telling the peer why. */
  private refuse(conn: Conn, why: string): void {
    if (conn.closed) return;
    this.refused += 1;
    this.o.log(`refused ${conn.describe()}: ${why}`);
    try {
      const frame = encodeFramePayload(Buffer.from(JSON.stringify({ t: 'error', message: why }), 'utf8'), this.key(conn, true), this.o.maxFrameBytes);
      conn.socket.end(frame);
    } catch {
      // Nothing more to say.
    }
    this.drop(conn, 1000);
  }

  private drop(conn: Conn, lingerMs = 0): void {
    if (conn.closed) return;
    conn.closed = true;
    if (lingerMs > 0) {
      const t = setTimeout(() => conn.socket.destroy(), lingerMs); // determinism-ok: real host
      t.unref();
    } else {
      conn.socket.destroy();
    }
    this.forget(conn);
  }

  private onClose(conn: Conn): void {
    conn.closed = true;
    this.forget(conn);
  }

  private forget(conn: Conn): void {
    if (!this.conns.delete(conn)) return;
    this.leavePreHello(conn);
    if (conn.countedReady) {
      conn.countedReady = false;
      this.readyAccepted -= 1;
    }
    for (const node of conn.peerNodes) {
      const list = this.ready.get(node);
      if (list) {
        const rest = list.filter((c) => c !== conn);
        if (rest.length > 0) this.ready.set(node, rest);
        else this.ready.delete(node);
      }
    }
    if (conn.target !== null) {
      const d = this.dialers.get(conn.target);
      if (d) d.connecting = false;
      if (!this.stopped && (this.queues.get(conn.target)?.length ?? 0) > 0) this.dial(conn.target);
    }
  }

  /** Dials `node` unless a dial is under way or waiting out its backoff. */
  private dial(node: string): void {
    if (this.stopped || !this.started || this.readyConn(node)) return;
    const address = this.o.addresses.get(node);
    if (!address) return;
    let d = this.dialers.get(node);
    if (!d) this.dialers.set(node, (d = { connecting: false, attempts: 0, timer: null }));
    if (d.connecting || d.timer) return;
    this.expire(node);
    if ((this.queues.get(node)?.length ?? 0) === 0) return;
    if (d.attempts > 0) {
      const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(d.attempts - 1, 10));
      const delay = base + this.o.random.int(Math.max(1, Math.floor(base / 2)));
      const dd = d;
      dd.timer = setTimeout(() => { // determinism-ok: real host
        dd.timer = null;
        this.connect(node, address, dd);
      }, delay);
      return;
    }
    this.connect(node, address, d);
  }

  private connect(node: string, address: Address, d: Dialer): void {
    if (this.stopped || this.readyConn(node)) return;
    this.expire(node);
    if ((this.queues.get(node)?.length ?? 0) === 0) return;
    d.connecting = true;
    d.attempts += 1;
    const socket = net.connect({ host: address.host, port: address.port });
    this.setup(new Conn(socket, node, this.o.maxFrameBytes));
  }

  private expire(node: string): void {
    const q = this.queues.get(node);
    if (!q) return;
    const oldest = nowMs() - this.queueTtlMs;
    let i = 0;
    while (i < q.length && q[i]!.atMs < oldest) i++;
    if (i > 0) q.splice(0, i);
    if (q.length === 0) this.queues.delete(node);
  }
}

/**
 * Asks the node at `address` for the cluster layout (a client given only an
 * address): a hello with `layout: true`, answered by the node's hello and a
 * layout message, after which the node closes the connection.
 */
export function fetchLayout(address: Address, o: { self: string; secret: Buffer | null; maxFrameBytes: number; timeoutMs: number }): Promise<unknown> {
  return new Promise<unknown>((resolve, reject) => {
    const socket = net.connect({ host: address.host, port: address.port });
    const reader = new FrameReader(o.maxFrameBytes);
    const myNonce = randomBytes(NONCE_BYTES);
    const key = o.secret ? clientKey(o.secret) : null;
    let peerHello = false;
    let recvSeq = 0n;
    let done = false;
    const where = `${address.host}:${address.port}`;
    const finish = (err: Error | null, layout?: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(layout);
    };
    const timer = setTimeout(() => finish(new Error(`no answer from ${where} within ${o.timeoutMs}ms`)), o.timeoutMs); // determinism-ok: real host
    socket.on('error', (err) => finish(new Error(`cannot reach ${where}: ${err.message}`)));
    socket.on('close', () => finish(new Error(`${where} closed the connection without sending the layout`)));
    socket.on('connect', () => {
      const hello = { t: 'hello', v: PROTOCOL_VERSION, node: o.self, cluster: null, digest: null, nonce: myNonce.toString('hex'), layout: true };
      socket.write(encodeFramePayload(Buffer.from(JSON.stringify(hello), 'utf8'), key ? { secret: key, nonce: null, seq: 0n } : null, o.maxFrameBytes));
    });
    socket.on('data', (data: Buffer) => {
      try {
        for (const frame of reader.push(data)) {
          const m = parsePayload(frame);
          if (m.t === 'error') throw new Error(`${where} refused: ${String(m.message)}`);
          if (key && !verifyFrame(frame, { secret: key, nonce: recvSeq === 0n ? null : myNonce, seq: recvSeq })) throw new Error(`${where} sent a frame with a bad HMAC (is the secret file the same on both sides?)`);
          recvSeq += 1n;
          if (!peerHello) {
            if (m.t !== 'hello') throw new Error(`${where} did not say hello`);
            peerHello = true;
          } else if (m.t === 'layout') {
            return finish(null, m.layout);
          } else {
            throw new Error(`${where} sent ${show(m.t)} instead of the layout`);
          }
        }
      } catch (err) {
        finish(err as Error);
      }
    });
  });
}

function nowMs(): number {
  return Date.now(); // determinism-ok: real host
}
