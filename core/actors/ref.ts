// A Ref is a future for a value that an actor call, a task or `put` produces
// (Ray's ObjectRef). It is awaitable anywhere, can be passed to other actors,
// and is resolved exactly once.
//
// A Ref is a native promise (a subclass whose `constructor` reads as Promise):
// `await ref` then takes the engine's fast path, resuming one microtask after
// the settle, instead of treating it as a foreign thenable (a resolve-thenable
// job calling `then`, which chained onto a lazily made promise: three
// microtasks and three promises per await, on the hottest path of the
// kernel). `then`/`catch` return plain promises. A Ref that rejects with
// nobody listening is not an unhandled rejection (a call whose result nobody
// awaits is normal in actor code), as before.

type Settle = { ok: true; value: unknown } | { ok: false; error: unknown };

let nextRefId = 1;

const PENDING = 0;
const OK = 1;
const FAILED = 2;

const noop = (): void => {};
const promiseThen = Promise.prototype.then;

// Handed from the executor to the constructor (the executor runs synchronously inside super()).
let lastResolve: ((v: unknown) => void) | null = null;
let lastReject: ((e: unknown) => void) | null = null;
const capture = (res: (v: unknown) => void, rej: (e: unknown) => void): void => {
  lastResolve = res;
  lastReject = rej;
};

export class Ref<T> extends Promise<T> implements PromiseLike<T> {
  // Declared, not defined: the constructor assigns each field once (a class
  // field would be defined first, then assigned again).
  /** Unique in the process, not stable across runs: keep it out of traces, messages and histories. */
  declare readonly id: number;
  declare readonly label: string;
  /** The node of the process that owns it (the caller of the call, the putter); null when unknown. Its value travels from there. */
  declare readonly owner: string | null;
  private declare st: number;
  private declare val: unknown;
  // Typed on unknown so that Ref stays covariant: a Ref<number> is a Ref<unknown> (for wait).
  private declare resolveFn: ((v: unknown) => void) | null;
  private declare rejectFn: ((e: unknown) => void) | null;
  private declare listeners: Array<() => void> | null;

  constructor(label: string, owner: string | null = null) {
    super(capture as (res: (v: T) => void, rej: (e: unknown) => void) => void);
    this.id = nextRefId++;
    this.label = label;
    this.owner = owner;
    this.st = PENDING;
    this.val = undefined;
    this.resolveFn = lastResolve;
    this.rejectFn = lastReject;
    this.listeners = null;
    lastResolve = null;
    lastReject = null;
  }

  get settled(): boolean {
    return this.st !== PENDING;
  }

  /** The outcome, once settled: for `wait` and reports. */
  peek(): Settle | null {
    if (this.st === PENDING) return null;
    return this.st === OK ? { ok: true, value: this.val } : { ok: false, error: this.val };
  }

  /** @internal */
  resolve(value: T): void {
    if (this.st !== PENDING) return;
    this.st = OK;
    this.val = value;
    const fn = this.resolveFn!;
    this.resolveFn = null;
    this.rejectFn = null;
    fn(value);
    if (this.listeners !== null) this.notify();
  }

  /** @internal */
  reject(error: unknown): void {
    if (this.st !== PENDING) return;
    this.st = FAILED;
    this.val = error;
    const fn = this.rejectFn!;
    this.resolveFn = null;
    this.rejectFn = null;
    // Handled by construction: whoever awaits it gets the error; nobody awaiting it is fine.
    promiseThen.call(this, undefined, noop);
    fn(error);
    if (this.listeners !== null) this.notify();
  }

  /**
   * @internal The same future for another holder (a Ref sent in a message):
   * it settles with the holder's own copy, so holders never share the value.
   */
  forward(copy: (value: unknown) => unknown): Ref<T> {
    const out = new Ref<T>(this.label, this.owner);
    this.onSettle(() => {
      if (this.st !== OK) return out.reject(this.val);
      let value: unknown;
      try {
        value = copy(this.val);
      } catch (err) {
        return out.reject(err);
      }
      out.resolve(value as T);
    });
    return out;
  }

  /** @internal Called synchronously when the ref settles (for `wait`). */
  onSettle(fn: () => void): void {
    if (this.st !== PENDING) {
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

  // No id: ids count across every run in the process, and error messages
  // quoting a Ref must read the same in two runs of one seed.
  override toString(): string {
    return `Ref(${this.label})`;
  }
}

// `await ref` and Promise.resolve(ref) accept a promise as it is only when its
// constructor is Promise; `then` builds its result with the same constructor.
Object.defineProperty(Ref.prototype, 'constructor', { value: Promise, writable: true, configurable: true, enumerable: false });
