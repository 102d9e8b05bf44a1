// Value digests for the trace: a 32-bit structural hash of what a message or
// a disk write carries, so that two runs whose events match but whose values
// differ (an actor returning an unseeded random number) give different trace hashes.
// Structural, by content, in insertion order: never object identity.

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/** Items visited per digest at most: the trace stays cheap on huge values (what is visited still decides). */
const BUDGET = 4096;

let budget = 0;

function mix(h: number, v: number): number {
  return Math.imul(h ^ (v | 0), 0x01000193);
}

function str(h: number, s: string): number {
  h = mix(h, s.length);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

function num(h: number, n: number): number {
  if ((n | 0) === n) return mix(mix(h, 0x4e), n);
  F64[0] = n;
  return mix(mix(mix(h, 0x46), U32[0]!), U32[1]!);
}

function walk(h: number, v: unknown, depth: number): number {
  if (--budget < 0) return h;
  switch (typeof v) {
    case 'number':
      return num(h, v);
    case 'string':
      return str(mix(h, 0x53), v);
    case 'boolean':
      return mix(h, v ? 0x54 : 0x55);
    case 'undefined':
      return mix(h, 0x56);
    case 'bigint':
      return str(mix(h, 0x42), v.toString());
    case 'object':
      break;
    default:
      return mix(h, 0x3f);
  }
  if (v === null) return mix(h, 0x57);
  if (depth > 64) return mix(h, 0x44);
  if (Array.isArray(v)) {
    h = mix(mix(h, 0x41), v.length);
    for (let i = 0; i < v.length; i++) h = walk(h, v[i], depth + 1);
    return h;
  }
  // A Ref (a promise): its label; its value travels in its own messages.
  if (v instanceof Promise) return str(mix(h, 0x52), String((v as { label?: unknown }).label ?? ''));
  // An actor handle: the actor it names.
  const actorId = (v as { actorId?: unknown }).actorId;
  if (typeof actorId === 'string') return str(mix(h, 0x48), actorId);
  if (v instanceof Error) {
    h = str(mix(h, 0x45), v.name);
    h = str(h, v.message);
    const code = (v as { code?: unknown }).code;
    return typeof code === 'string' ? str(h, code) : h;
  }
  if (v instanceof Uint8Array) {
    h = mix(mix(h, 0x55), v.length);
    for (let i = 0; i < v.length; i++) h = mix(h, v[i]!);
    return h;
  }
  if (v instanceof Map) {
    h = mix(mix(h, 0x4d), v.size);
    for (const [k, x] of v) h = walk(walk(h, k, depth + 1), x, depth + 1);
    return h;
  }
  if (v instanceof Set) {
    h = mix(mix(h, 0x5a), v.size);
    for (const x of v) h = walk(h, x, depth + 1);
    return h;
  }
  h = mix(h, 0x4f);
  for (const key of Object.keys(v)) h = walk(str(h, key), (v as Record<string, unknown>)[key], depth + 1);
  return h;
}

/** The digest of a value (32 bits, as an unsigned integer). */
export function digestValue(v: unknown): number {
  budget = BUDGET;
  return walk(0x811c9dc5, v, 0) >>> 0;
}

/**
 * The digest of a message body. The runtime's call and reply bodies (callId,
 * attempt, then args or ok and value) take a path without Object.keys: it
 * runs once per delivered message.
 */
export function digestBody(body: unknown): number {
  if (body !== null && typeof body === 'object') {
    const b = body as { callId?: unknown; attempt?: unknown; args?: unknown; ok?: unknown; value?: unknown };
    if (typeof b.callId === 'number' && typeof b.attempt === 'number') {
      budget = BUDGET;
      let h = num(num(0x811c9dc5, b.callId), b.attempt);
      if (Array.isArray(b.args)) {
        const args = b.args as unknown[];
        h = mix(mix(h, 0x41), args.length);
        for (let i = 0; i < args.length; i++) h = walk(h, args[i], 1);
      } else {
        h = walk(mix(h, b.ok === true ? 0x54 : 0x55), b.value, 1);
      }
      return h >>> 0;
    }
  }
  return digestValue(body);
}
