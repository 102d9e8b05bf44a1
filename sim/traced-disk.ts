import { digestValue } from './digest';
import type { SimDisk } from './disk';

// A node's disk as actor code sees it: every write is folded into the trace
// with a digest of its key and value, so a run that writes other values
// than another (same events, different data) gets a different trace hash.
// A proxy, so that whatever else the disk offers passes through unchanged.

const WRITES = new Set(['put', 'append', 'delete', 'rewriteLog']);

export type WriteObserver = (op: string, key: string, digest: number) => void;

export function tracedDisk(disk: SimDisk, observe: WriteObserver): SimDisk {
  const wrapped = new Map<string, unknown>();
  return new Proxy(disk, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || typeof v !== 'function') return v;
      let w = wrapped.get(prop);
      if (w === undefined) {
        const fn = v as (...args: unknown[]) => unknown;
        w = WRITES.has(prop)
          ? (...args: unknown[]) => {
              const out = fn.apply(target, args);
              observe(prop, String(args[0]), digestValue(args.length > 1 ? args[1] : null));
              return out;
            }
          : fn.bind(target);
        wrapped.set(prop, w);
      }
      return w;
    },
  });
}
