import type { RandomStream } from './host';
import type { Ref } from './ref';
import type { FaultPoints } from './fault-points';

/** What a remote function (stateless task) sees. */
export interface TaskContext extends FaultPoints {
  readonly node: string;
  readonly taskId: number;
  /** 0 for the first try, +1 per retry after a node death. */
  readonly attempt: number;
  /** Seeded per task and attempt. */
  readonly random: RandomStream;
  now(): number;
  sleep(ms: number): Promise<void>;
}

export type TaskFn<A extends unknown[], R> = (ctx: TaskContext, ...args: A) => R;

type Submit<A extends unknown[], R> = (rf: RemoteFunction<A, R>, args: A, node: string | undefined) => Ref<Awaited<R>>;

/** A declared remote function: `fn.remote(...args)` runs it on some node and returns a Ref (Ray's @ray.remote def). */
export class RemoteFunction<A extends unknown[], R> {
  constructor(
    readonly fn: TaskFn<A, R>,
    readonly name: string,
    readonly maxRetries: number,
    private readonly submit: Submit<A, R>,
    private readonly node?: string,
  ) {}

  remote(...args: A): Ref<Awaited<R>> {
    return this.submit(this, args, this.node);
  }

  /** The same function pinned to a node. */
  options(options: { node?: string }): RemoteFunction<A, R> {
    return new RemoteFunction<A, R>(this.fn, this.name, this.maxRetries, this.submit, options.node);
  }
}
