import { InvalidArgumentError } from '../errors';
import { Ref } from './ref';
import { ActorHandle } from './handle';

// Messages are copied on send so that no two actors share memory (Ray
// serialises them). Plain data takes a fast path; a Ref arrives as a Ref to
// the same future that settles with the receiver's own copy of the value (as
// Ray's object store hands each reader its own copy); handles are re-bound to
// their new holder, so a call through a received handle comes from the actor
// that holds it.

/**
 * Re-binds a received handle to its new holder. With `refFor`, a received
 * Ref becomes the holder's own Ref whose value the runtime delivers as a
 * message from the Ref's owner (see ref-transfer.ts); without, it settles
 * in process.
 */
export type Rebind = ((handle: ActorHandle<object>) => ActorHandle<object>) & { refFor?: (ref: Ref<unknown>) => Ref<unknown> };

/** True when the value needs no copy: a primitive other than a symbol (functions and symbols are refused by copyValue). */
export function isImmutable(value: unknown): boolean {
  const t = typeof value;
  return value === null || (t !== 'object' && t !== 'function' && t !== 'symbol');
}

/** True when every element is immutable: an argument list that can be passed on as it is (the hot path). */
export function allImmutable(values: readonly unknown[]): boolean {
  for (let i = 0; i < values.length; i++) if (!isImmutable(values[i])) return false;
  return true;
}

export function copyValue<T>(value: T, where: string, rebind?: Rebind): T {
  return copy(value, where, rebind, 0) as T;
}

function copy(value: unknown, where: string, rebind: Rebind | undefined, depth: number): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') {
      throw new InvalidArgumentError(`${where}: functions cannot be sent between actors, got ${value.name || 'an anonymous function'}`);
    }
    if (typeof value === 'symbol') throw new InvalidArgumentError(`${where}: symbols cannot be sent between actors`);
    return value;
  }
  if (depth > 200) throw new InvalidArgumentError(`${where}: value nests deeper than 200 levels (a cycle?)`);
  if (value instanceof Ref) return rebind?.refFor ? rebind.refFor(value) : value.forward((v) => copy(v, where, rebind, 0));
  if (value instanceof ActorHandle) return rebind ? rebind(value) : value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i], where, rebind, depth + 1);
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key], where, rebind, depth + 1);
    return out;
  }
  if (value instanceof Uint8Array) return value.slice();
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const [k, v] of value) out.set(copy(k, where, rebind, depth + 1), copy(v, where, rebind, depth + 1));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set<unknown>();
    for (const v of value) out.add(copy(v, where, rebind, depth + 1));
    return out;
  }
  try {
    return structuredClone(value);
  } catch (err) {
    throw new InvalidArgumentError(`${where}: value cannot be copied between actors: ${(err as Error).message}`);
  }
}
