import { copyValue } from './copy';
import { Ref } from './ref';

// `put`: an immutable value stored once, handed out as a resolved Ref.

/** A put owned by `node` (the putter's): its value reaches other nodes as messages from there. */
export function putAt<T>(node: string, value: T): Ref<T> {
  const ref = new Ref<T>('put', node);
  ref.resolve(deepFreeze(copyValue(value, 'put')));
  return ref;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value) && !(value instanceof Ref) && !ArrayBuffer.isView(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
