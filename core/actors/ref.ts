// A Ref is a future for a value that an actor call, a task or `put` produces
// (Ray's ObjectRef). It is awaitable anywhere, can be passed to other actors,
// and is resolved exactly once.

type Settle = { ok: true; value: unknown } | { ok: false; error: unknown };

let nextRefId = 1;

export class Ref<T> implements PromiseLike<T> {
  /** Unique in the process, not stable across runs: keep it out of traces, messages and histories. */
  readonly id: number;
  private state: Settle | null = null;
  private static readonly NONE: Settle | null = null;
  private promise: Promise<T> | null = null;
  // Typed on unknown so that Ref stays covariant: a Ref<number> is a Ref<unknown> (for wait).
  private resolveFn: ((v: unknown) => void) | null = null;
  private rejectFn: ((e: unknown) => void) | null = null;
  private listeners: Array<() => void> | null = null;

  constructor(readonly label: string) {
    this.id = nextRefId++;
  }

  get settled(): boolean {
    return this.state !== null;
  }

  /** The outcome, once settled: for `wait` and reports. */
  peek(): Settle | null {
    return this.state;
  }

  /** @internal */
  resolve(value: T): void {
    if (this.state) return;
    this.state = { ok: true, value };
    if (this.resolveFn) this.resolveFn(value);
    this.notify();
  }

  /** @internal */
  reject(error: unknown): void {
    if (this.state) return;
    this.state = { ok: false, error };
    if (this.rejectFn) this.rejectFn(error);
    this.notify();
  }

  /**
   * @internal The same future for another holder (a Ref sent in a message):
   * it settles with the holder's own copy, so holders never share the value.
   */
  forward(copy: (value: unknown) => unknown): Ref<T> {
    const out = new Ref<T>(this.label);
    this.onSettle(() => {
      const s = this.state!;
      if (!s.ok) return out.reject(s.error);
      let value: unknown;
      try {
        value = copy(s.value);
      } catch (err) {
        return out.reject(err);
      }
      out.resolve(value as T);
    });
    return out;
  }

  /** @internal Called synchronously when the ref settles (for `wait`). */
  onSettle(fn: () => void): void {
    if (this.state) {
      fn();
      return;
    }
    (this.listeners ??= []).push(fn);
  }

  private notify(): void {
    const ls = this.listeners;
    this.listeners = null;
    if (ls) for (const fn of ls) fn();
  }

  private asPromise(): Promise<T> {
    if (!this.promise) {
      const s = this.state;
      if (s) {
        this.promise = s.ok ? Promise.resolve(s.value as T) : Promise.reject(s.error);
      } else {
        this.promise = new Promise<T>((res, rej) => {
          this.resolveFn = res as (v: unknown) => void;
          this.rejectFn = rej;
        });
      }
    }
    return this.promise;
  }

  then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.asPromise().then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected: (reason: unknown) => B | PromiseLike<B>): Promise<T | B> {
    return this.asPromise().catch(onRejected);
  }

  // No id: ids count across every run in the process, and error messages
  // quoting a Ref must read the same in two runs of one seed.
  toString(): string {
    return `Ref(${this.label})`;
  }
}
