import type { Ref } from './ref';

// A handle is a capability: a way for its holder (driver code or an actor) to
// call an actor. Calls through it come from the holder.

type AnyMethod = (...args: never[]) => unknown;

export type MethodNames<T> = {
  [K in keyof T]: K extends 'ctx' ? never : T[K] extends AnyMethod ? K : never;
}[keyof T] &
  string;

/** `handle.call.m(args)` returns a Ref of m's (awaited) result. */
export type CallProxy<T> = {
  [K in MethodNames<T>]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Ref<Awaited<R>> : never;
};

/** `handle.tell.m(args)` sends without a reply. */
export type TellProxy<T> = {
  [K in MethodNames<T>]: T[K] extends (...args: infer A) => unknown ? (...args: A) => void : never;
};

/** Who holds a handle: calls through it are sent from here. */
export interface Origin {
  readonly node: string;
  readonly actorId: string | null;
  readonly incarnation: number;
}

/** @internal What a handle needs from the runtime. */
export interface HandleRuntime {
  callFrom(origin: Origin, actorId: string, method: string, args: unknown[]): Ref<unknown>;
  /** Optional: `callFrom` for one method, bound once (what `handle.call.m` returns, cached per handle). */
  callSite?(origin: Origin, actorId: string, method: string): (...args: unknown[]) => Ref<unknown>;
  tellFrom(origin: Origin, actorId: string, method: string, args: unknown[]): void;
  nodeOf(actorId: string): string;
}

const HOLDER = Symbol('handle');
const BIND = Symbol('bind');

/**
 * The prototype of every handle's `call` object: a Proxy that binds a method
 * on its first access (runtime.callSite) and caches it on that object as a
 * non-enumerable own property. Later calls are an ordinary property load,
 * and as all `call` objects share this prototype and gain their methods in
 * the same order, a call site sees one or a few shapes (no proxy trap, no
 * megamorphic load on the hot path).
 */
const callBinder: object = new Proxy(
  {},
  {
    get(_target, prop, receiver) {
      if (typeof prop !== 'string') return undefined;
      const handle = (receiver as { [HOLDER]?: ActorHandle<object> })[HOLDER];
      if (handle === undefined) return undefined;
      const fn = handle[BIND](prop);
      if (Object.prototype.hasOwnProperty.call(receiver, HOLDER)) {
        Object.defineProperty(receiver, prop, { value: fn, writable: true, configurable: true, enumerable: false });
      }
      return fn;
    },
  },
);

export class ActorHandle<T extends object> {
  private callProxy: CallProxy<T> | null = null;
  private tellProxy: TellProxy<T> | null = null;

  constructor(
    private readonly runtime: HandleRuntime,
    readonly actorId: string,
    readonly name: string | null,
    readonly origin: Origin,
  ) {}

  /** The node the actor lives on. */
  get node(): string {
    return this.runtime.nodeOf(this.actorId);
  }

  get call(): CallProxy<T> {
    if (!this.callProxy) {
      const call = Object.create(callBinder) as CallProxy<T>;
      Object.defineProperty(call, HOLDER, { value: this, writable: false, configurable: false, enumerable: false });
      this.callProxy = call;
    }
    return this.callProxy;
  }

  /** @internal `handle.call.method`, bound once (see callBinder). */
  [BIND](method: string): (...args: unknown[]) => Ref<unknown> {
    const runtime = this.runtime;
    return runtime.callSite
      ? runtime.callSite(this.origin, this.actorId, method)
      : (...args: unknown[]) => runtime.callFrom(this.origin, this.actorId, method, args);
  }

  get tell(): TellProxy<T> {
    if (!this.tellProxy) {
      this.tellProxy = new Proxy({} as TellProxy<T>, {
        get: (_target, prop) => {
          if (typeof prop !== 'string') return undefined;
          return (...args: unknown[]) => this.runtime.tellFrom(this.origin, this.actorId, prop, args);
        },
      });
    }
    return this.tellProxy;
  }

  toString(): string {
    return `ActorHandle(${this.name ?? this.actorId})`;
  }
}
