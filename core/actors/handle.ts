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
  tellFrom(origin: Origin, actorId: string, method: string, args: unknown[]): void;
  nodeOf(actorId: string): string;
}

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
      const cache = new Map<string, (...args: unknown[]) => Ref<unknown>>();
      this.callProxy = new Proxy({} as CallProxy<T>, {
        get: (_target, prop) => {
          if (typeof prop !== 'string') return undefined;
          let fn = cache.get(prop);
          if (!fn) {
            fn = (...args: unknown[]) => this.runtime.callFrom(this.origin, this.actorId, prop, args);
            cache.set(prop, fn);
          }
          return fn;
        },
      });
    }
    return this.callProxy;
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
