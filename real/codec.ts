import { ActorsimError, InvalidArgumentError, show } from '../core/errors';
import { ActorHandle } from '../core/actors/handle';
import { Ref } from '../core/actors/ref';
import {
  ActorDiedError,
  ActorNotFoundError,
  DeadlockError,
  DuplicateActorNameError,
  GetTimeoutError,
  NodeDiedError,
  TaskError,
} from '../core/actors/errors';

// The value serialisation of the real host: what a message body (and a value
// on disk) becomes between processes. It is JSON, with values JSON cannot say
// written as tagged objects `{"$t": TAG, ...}`:
//
//   undefined                  {"$t":"undefined"}
//   NaN, ±Infinity, -0         {"$t":"number","v":"NaN"|"Infinity"|"-Infinity"|"-0"}
//   bigint                     {"$t":"bigint","v":"123"}
//   Map                        {"$t":"map","v":[[key, value], ...]}
//   Set                        {"$t":"set","v":[value, ...]}
//   Uint8Array                 {"$t":"bytes","v":"<base64>"}
//   ActorHandle                {"$t":"handle","id":"StorageNode:3","name":"storage:s2"|null}
//   Error                      {"$t":"error","class":"TaskError","code":..,"message":..,"fields":{..}}
//   an object with a "$t" key  {"$t":"object","v":{...}}   (escaped, so data cannot forge a tag)
//
// A handle travels as its actor id and name and is re-created on the
// receiving side bound to the receiver's runtime (the runtime re-binds it to
// its holder on delivery), so actor ids must agree between processes (they
// do: every process performs the same spawns). Refs, functions, symbols and
// other class instances cannot cross processes: encoding them throws.
// Decoding is strict: an unknown tag or a malformed tagged object throws.

const MAX_DEPTH = 200;

/** Re-creates a handle on the receiving side. */
export type HandleFactory = (actorId: string, name: string | null) => ActorHandle<object>;

export class CodecError extends ActorsimError {
  constructor(message: string) {
    super('CODEC', message);
  }
}

export function encodeValue(value: unknown, where: string): unknown {
  return encode(value, where, 0);
}

export function decodeValue(json: unknown, where: string, handle: HandleFactory): unknown {
  return decode(json, where, handle, 0);
}

/** A handle factory for places where handles must not appear (disk). */
export const NO_HANDLES: HandleFactory = (actorId) => {
  throw new CodecError(`a handle (${show(actorId)}) cannot be read here`);
};

function encode(value: unknown, where: string, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new CodecError(`${where}: value nests deeper than ${MAX_DEPTH} levels (a cycle?)`);
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isNaN(value)) return { $t: 'number', v: 'NaN' };
      if (value === Number.POSITIVE_INFINITY) return { $t: 'number', v: 'Infinity' };
      if (value === Number.NEGATIVE_INFINITY) return { $t: 'number', v: '-Infinity' };
      if (Object.is(value, -0)) return { $t: 'number', v: '-0' };
      return value;
    case 'undefined':
      return { $t: 'undefined' };
    case 'bigint':
      return { $t: 'bigint', v: value.toString() };
    case 'function':
      throw new CodecError(`${where}: functions cannot be sent between processes, got ${show(value)}`);
    case 'symbol':
      throw new CodecError(`${where}: symbols cannot be sent between processes`);
  }
  if (value === null) return null;
  if (value instanceof Ref) throw new CodecError(`${where}: a Ref cannot be sent between processes (there is no shared object store): send its value`);
  if (value instanceof ActorHandle) return { $t: 'handle', id: value.actorId, name: value.name };
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = encode(value[i], where, depth + 1);
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object)) out[key] = encode((value as Record<string, unknown>)[key], where, depth + 1);
    return Object.prototype.hasOwnProperty.call(out, '$t') ? { $t: 'object', v: out } : out;
  }
  if (value instanceof Map) {
    const entries: unknown[] = [];
    for (const [k, v] of value) entries.push([encode(k, where, depth + 1), encode(v, where, depth + 1)]);
    return { $t: 'map', v: entries };
  }
  if (value instanceof Set) {
    const items: unknown[] = [];
    for (const v of value) items.push(encode(v, where, depth + 1));
    return { $t: 'set', v: items };
  }
  if (value instanceof Uint8Array) return { $t: 'bytes', v: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (value instanceof Error) return encodeError(value);
  const name = (proto as { constructor?: { name?: string } }).constructor?.name ?? 'unknown';
  throw new CodecError(`${where}: a ${name} instance cannot be sent between processes (plain objects, arrays, Maps, Sets, Uint8Arrays, handles and errors can)`);
}

/** The fields of the actor runtime's error classes that a receiver needs to rebuild them. */
const ERROR_FIELDS = ['where', 'originalName', 'originalMessage', 'originalCode', 'actorId', 'node'] as const;

function encodeError(err: Error): unknown {
  const fields: Record<string, string> = {};
  for (const f of ERROR_FIELDS) {
    const v = (err as unknown as Record<string, unknown>)[f];
    if (typeof v === 'string') fields[f] = v;
  }
  const code = (err as { code?: unknown }).code;
  return { $t: 'error', class: err.name, code: typeof code === 'string' ? code : null, message: err.message, fields };
}

function decode(json: unknown, where: string, handle: HandleFactory, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new CodecError(`${where}: value nests deeper than ${MAX_DEPTH} levels`);
  if (json === null || typeof json === 'string' || typeof json === 'boolean' || typeof json === 'number') return json;
  if (Array.isArray(json)) return json.map((v) => decode(v, where, handle, depth + 1));
  if (typeof json !== 'object') throw new CodecError(`${where}: not JSON: ${show(json)}`);
  const o = json as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(o, '$t')) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(o)) setOwn(out, key, decode(o[key], where, handle, depth + 1));
    return out;
  }
  const tag = o.$t;
  switch (tag) {
    case 'undefined':
      return undefined;
    case 'number': {
      const v = o.v;
      if (v === 'NaN') return Number.NaN;
      if (v === 'Infinity') return Number.POSITIVE_INFINITY;
      if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
      if (v === '-0') return -0;
      throw new CodecError(`${where}: bad number tag ${show(v)}`);
    }
    case 'bigint':
      if (typeof o.v !== 'string' || !/^-?\d+$/.test(o.v)) throw new CodecError(`${where}: bad bigint tag ${show(o.v)}`);
      return BigInt(o.v);
    case 'map': {
      if (!Array.isArray(o.v)) throw new CodecError(`${where}: a map tag needs an array of entries`);
      const out = new Map<unknown, unknown>();
      for (const e of o.v) {
        if (!Array.isArray(e) || e.length !== 2) throw new CodecError(`${where}: a map entry must be [key, value], got ${show(e)}`);
        out.set(decode(e[0], where, handle, depth + 1), decode(e[1], where, handle, depth + 1));
      }
      return out;
    }
    case 'set': {
      if (!Array.isArray(o.v)) throw new CodecError(`${where}: a set tag needs an array`);
      return new Set(o.v.map((v) => decode(v, where, handle, depth + 1)));
    }
    case 'bytes':
      if (typeof o.v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(o.v)) throw new CodecError(`${where}: bad bytes tag`);
      return new Uint8Array(Buffer.from(o.v, 'base64'));
    case 'handle':
      if (typeof o.id !== 'string' || o.id.length === 0) throw new CodecError(`${where}: a handle needs an actor id, got ${show(o.id)}`);
      if (o.name !== null && typeof o.name !== 'string') throw new CodecError(`${where}: a handle's name must be a string or null, got ${show(o.name)}`);
      return handle(o.id, o.name);
    case 'error':
      return decodeError(o, where);
    case 'object': {
      if (o.v === null || typeof o.v !== 'object' || Array.isArray(o.v)) throw new CodecError(`${where}: an object tag needs an object`);
      const inner = o.v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(inner)) setOwn(out, key, decode(inner[key], where, handle, depth + 1));
      return out;
    }
    default:
      throw new CodecError(`${where}: unknown tag ${show(tag)}`);
  }
}

/**
 * Sets an own data property. A plain assignment of a `__proto__` key would set
 * the object's prototype to a value the sender chose; this keeps it data.
 */
function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function decodeError(o: Record<string, unknown>, where: string): Error {
  const cls = o.class;
  const message = o.message;
  const code = o.code;
  const fields = o.fields;
  if (typeof cls !== 'string' || typeof message !== 'string' || (code !== null && typeof code !== 'string')) {
    throw new CodecError(`${where}: an error tag needs class, message and code`);
  }
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw new CodecError(`${where}: an error tag needs fields`);
  const f = fields as Record<string, unknown>;
  const str = (k: string): string => (typeof f[k] === 'string' ? (f[k] as string) : '');
  switch (cls) {
    case 'TaskError':
      return new TaskError(str('where'), str('originalName'), str('originalMessage'), typeof f.originalCode === 'string' ? f.originalCode : undefined);
    case 'ActorDiedError':
      return new ActorDiedError(str('actorId'), message);
    case 'NodeDiedError':
      return new NodeDiedError(str('node'), message);
    case 'ActorNotFoundError':
      return new ActorNotFoundError(message);
    case 'DuplicateActorNameError':
      return new DuplicateActorNameError(message);
    case 'GetTimeoutError':
      return new GetTimeoutError(message);
    case 'DeadlockError':
      return new DeadlockError(message);
    case 'InvalidArgumentError':
      return new InvalidArgumentError(message);
  }
  if (code !== null) {
    const err = new ActorsimError(code, message);
    err.name = cls;
    return err;
  }
  const err = new Error(message);
  err.name = cls;
  return err;
}
