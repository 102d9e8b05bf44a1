import { Ref } from './ref';

// Ray's dependency resolution: top-level Ref arguments of a call or task are
// resolved before it is sent; nested Refs pass through as Refs.

export function hasTopLevelRef(args: readonly unknown[]): boolean {
  for (let i = 0; i < args.length; i++) if (args[i] instanceof Ref) return true;
  return false;
}

/** Waits for every top-level Ref in `args`; then their values in place, or the first failure in argument order. */
export function resolveTopLevel(args: readonly unknown[], ready: (values: unknown[]) => void, failed: (err: unknown) => void): void {
  let left = 0;
  for (const a of args) if (a instanceof Ref) left += 1;
  const done = () => {
    for (const a of args) {
      if (!(a instanceof Ref)) continue;
      const s = a.peek()!;
      if (!s.ok) return failed(s.error);
    }
    ready(args.map((a) => (a instanceof Ref ? (a.peek() as { ok: true; value: unknown }).value : a)));
  };
  for (const a of args) if (a instanceof Ref) a.onSettle(() => void (--left === 0 && done()));
}
