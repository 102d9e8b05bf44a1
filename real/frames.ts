import { createHmac, timingSafeEqual } from 'node:crypto';
import { ActorsimError } from '../core/errors';

// The wire format between the processes of a real cluster. A TCP connection
// carries frames, each direction counting its own frames from 0:
//
//   offset  size  field
//   0       4     L: length of the rest of the frame, unsigned big-endian,
//                 1 <= L <= maxFrameBytes (default 64 MiB); a larger or zero
//                 length is refused before any of the body is read
//   4       1     flags: bit 0 set = an HMAC follows; other bits must be 0
//   5       32    (only with bit 0) HMAC-SHA256, key = the shared secret,
//                 over: the receiver's nonce (16 bytes; zeros in a hello,
//                 before the receiver's nonce is known) || the frame number
//                 (u64 big-endian; the hello is frame 0) || the payload
//   5 / 37  rest  payload: UTF-8 JSON of one message
//
// Messages (see transport.ts): hello {t, v, node, cluster, nonce, layout?},
// env {t, env: {id, kind, fromNode, toNode, fromActor, toActor, label, body}}
// with the body in the tagged JSON of codec.ts, layout {t, layout}, and
// error {t, message}: the last frame before its sender closes the connection.
// The nonce and the frame number make each HMAC good for one frame of one
// connection only, so a recorded frame cannot be replayed.

export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;
export const NONCE_BYTES = 16;
const MAC_BYTES = 32;
const FLAG_MAC = 1;
const ZERO_NONCE = Buffer.alloc(NONCE_BYTES);

/** A frame that breaks the format: the connection is refused with this message. */
export class FrameError extends ActorsimError {
  constructor(message: string) {
    super('BAD_FRAME', message);
  }
}

export interface FrameKey {
  secret: Buffer;
  /** The receiver's nonce; null for the hello (zeros). */
  nonce: Buffer | null;
  /** This frame's number in its direction. */
  seq: bigint;
}

function mac(key: FrameKey, payload: Buffer): Buffer {
  const seq = Buffer.alloc(8);
  seq.writeBigUInt64BE(key.seq);
  return createHmac('sha256', key.secret).update(key.nonce ?? ZERO_NONCE).update(seq).update(payload).digest();
}

/** One frame: a message's JSON, authenticated when a key is given. */
export function encodeFrame(message: unknown, key: FrameKey | null, maxFrameBytes: number): Buffer {
  return encodeFramePayload(Buffer.from(JSON.stringify(message), 'utf8'), key, maxFrameBytes);
}

/** One frame around a payload that is already JSON bytes. */
export function encodeFramePayload(payload: Buffer, key: FrameKey | null, maxFrameBytes: number): Buffer {
  const length = 1 + (key ? MAC_BYTES : 0) + payload.length;
  if (length > maxFrameBytes) throw new FrameError(`a ${length}-byte frame exceeds the limit of ${maxFrameBytes} bytes`);
  const head = Buffer.alloc(5);
  head.writeUInt32BE(length, 0);
  head.writeUInt8(key ? FLAG_MAC : 0, 4);
  return key ? Buffer.concat([head, mac(key, payload), payload]) : Buffer.concat([head, payload]);
}

/** A frame as read: its payload and the HMAC it came with, if any. */
export interface RawFrame {
  payload: Buffer;
  mac: Buffer | null;
}

/** Checks a frame's HMAC; false if missing or wrong. */
export function verifyFrame(frame: RawFrame, key: FrameKey): boolean {
  if (!frame.mac) return false;
  return timingSafeEqual(frame.mac, mac(key, frame.payload));
}

/** Parses a frame's payload as one JSON object with a string `t`. */
export function parsePayload(frame: RawFrame): Record<string, unknown> & { t: string } {
  let value: unknown;
  try {
    value = JSON.parse(frame.payload.toString('utf8'));
  } catch (err) {
    throw new FrameError(`malformed frame: payload is not JSON (${(err as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new FrameError('malformed frame: payload is not a JSON object');
  if (typeof (value as { t?: unknown }).t !== 'string') throw new FrameError('malformed frame: message has no type "t"');
  return value as Record<string, unknown> & { t: string };
}

/**
 * Cuts a byte stream into frames. Refuses (throws FrameError) a length of 0
 * or above the limit as soon as the 4 length bytes are in, so an oversize
 * frame is never buffered; holds at most one frame's bytes.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  /** Bytes held (of a frame not yet complete). */
  buffered = 0;
  /** Length announced by the frame being received (0 if its length is not in yet). */
  announced = 0;

  /** `limit`: the largest frame accepted; may be raised (after a hello). */
  constructor(public limit: number) {}

  /** Feeds bytes; returns the frames completed by them. */
  push(data: Buffer): RawFrame[] {
    this.chunks.push(data);
    this.buffered += data.length;
    const out: RawFrame[] = [];
    for (;;) {
      this.announced = 0;
      if (this.buffered < 4) return out;
      const head = this.peek(5);
      const length = head.readUInt32BE(0);
      if (length === 0) throw new FrameError('malformed frame: zero length');
      if (length > this.limit) throw new FrameError(`oversize frame: ${length} bytes announced, the limit is ${this.limit}`);
      this.announced = length;
      if (this.buffered < 4 + length) return out;
      const whole = this.take(4 + length);
      const flags = whole.readUInt8(4);
      if ((flags & ~FLAG_MAC) !== 0) throw new FrameError(`malformed frame: unknown flags ${flags}`);
      if (flags & FLAG_MAC) {
        if (length < 1 + MAC_BYTES) throw new FrameError('malformed frame: too short for its HMAC');
        out.push({ mac: whole.subarray(5, 5 + MAC_BYTES), payload: whole.subarray(5 + MAC_BYTES) });
      } else {
        out.push({ mac: null, payload: whole.subarray(5) });
      }
    }
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n || this.chunks.length === 1) return first;
    return Buffer.concat(this.chunks).subarray(0, n);
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return all.subarray(0, n);
  }
}
