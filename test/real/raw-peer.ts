import * as net from 'node:net';
import { randomBytes } from 'node:crypto';
import { encodeFrame, FrameReader, parsePayload, verifyFrame } from '../../real/frames';

// A hand-made peer for attack tests: speaks the wire format with any key and
// any hello, then sends whatever it is told, and records every message the
// node answers with until the node closes the connection.

export interface RawPeer {
  /** Messages received so far (the node's hello, replies, a final error). */
  got: Array<Record<string, unknown>>;
  /** Sends one message, MACed as frame number n of this connection when there is a key. */
  send(message: unknown): void;
  /** Resolves with every message once the node closes (rejects after `timeoutMs`). */
  closed: Promise<Array<Record<string, unknown>>>;
  /** Resolves once the node's hello is in, false if it closed first. */
  helloed: Promise<boolean>;
  /** Writes bytes as they are (a partial frame, garbage). */
  writeRaw(bytes: Buffer): void;
  destroy(): void;
}

export function rawPeer(port: number, hello: Record<string, unknown>, key: Buffer | null, timeoutMs = 5000): RawPeer {
  const socket = net.connect({ host: '127.0.0.1', port });
  const reader = new FrameReader(1 << 26);
  const got: Array<Record<string, unknown>> = [];
  const myNonce = randomBytes(16);
  let peerNonce: Buffer | null = null;
  let seq = 0n;
  let helloResolve!: (ok: boolean) => void;
  const helloed = new Promise<boolean>((r) => (helloResolve = r));
  const frameKey = () => (key ? { secret: key, nonce: seq === 0n ? null : peerNonce, seq } : null);
  const send = (message: unknown) => {
    socket.write(encodeFrame(message, frameKey(), 1 << 26));
    seq += 1n;
  };
  const closed = new Promise<Array<Record<string, unknown>>>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`port ${port}: the node did not close within ${timeoutMs}ms; got ${JSON.stringify(got).slice(0, 500)}`));
    }, timeoutMs); // determinism-ok: bounded wait in a real-cluster test
    socket.on('connect', () => send({ nonce: myNonce.toString('hex'), v: 1, ...hello, t: 'hello' }));
    let recv = 0n;
    socket.on('data', (d: Buffer) => {
      for (const f of reader.push(d)) {
        const m = parsePayload(f);
        if (m.t !== 'error' && key && !verifyFrame(f, { secret: key, nonce: recv === 0n ? null : myNonce, seq: recv })) m.badMac = true;
        recv += 1n;
        got.push(m);
        if (m.t === 'hello' && typeof m.nonce === 'string') {
          peerNonce = Buffer.from(m.nonce, 'hex');
          helloResolve(true);
        }
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      helloResolve(false);
      resolve(got);
    });
  });
  return { got, send, closed, helloed, writeRaw: (b) => socket.write(b), destroy: () => socket.destroy() };
}

/** The last error message a node sent before closing. */
export function lastError(got: ReadonlyArray<Record<string, unknown>>): string {
  const e = [...got].reverse().find((m) => m.t === 'error');
  return e ? String(e.message) : `(no error frame; got ${JSON.stringify(got).slice(0, 300)})`;
}
