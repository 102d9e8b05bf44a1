import { InvalidArgumentError, show } from '../errors';
import { faultPointsOn, type FaultPoints } from './fault-points';
import type { ActorHandle } from './handle';
import type { Lifecycle } from './lifecycle';
import { DRIVER_INCARNATION } from './origin';
import type { Ref } from './ref';
import type { RuntimeState } from './runtime-state';
import { getFrom, waitFrom, type WaitOptions, type WaitResult } from './waits';

// Driver-side code acting from a node (a client process): calls through its
// handles come from that node, and its waits use virtual time without
// driving the loop, so many clients can run at once.

/** Driver-side code acting from a node (see ActorSystem.clientAt). */
export interface ClientContext extends FaultPoints {
  readonly node: string;
  now(): number;
  getActor<T extends object>(name: string): ActorHandle<T>;
  get<T>(ref: Ref<T>, options?: { timeoutMs?: number }): Promise<T>;
  wait<T>(refs: readonly Ref<T>[], options?: WaitOptions): Promise<WaitResult<T>>;
  sleep(ms: number): Promise<void>;
}

/** The client context of `node`. */
export function clientContextAt(s: RuntimeState, life: Lifecycle, node: string): ClientContext {
  const host = s.host;
  if (!host.nodes().includes(node)) throw new InvalidArgumentError(`clientAt: unknown node ${show(node)}`);
  const origin = s.origin(node, null, DRIVER_INCARNATION);
  return {
    node,
    now: host.nodeNow !== undefined ? () => host.nodeNow!(node) : () => host.now(),
    getActor: <T extends object>(name: string) => life.lookup<T>(origin, name, 'getActor'),
    get: <T>(ref: Ref<T>, options?: { timeoutMs?: number }) => getFrom(host, origin, ref, options ?? {}),
    wait: <T>(refs: readonly Ref<T>[], options?: WaitOptions) => waitFrom(host, origin, refs, options ?? {}, 'wait'),
    sleep: (ms: number) => new Promise<void>((resolve) => void host.setTimer(node, ms, resolve, null, 'client sleep')),
    ...faultPointsOn(host, node),
  };
}
