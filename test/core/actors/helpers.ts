import * as assert from 'uvu/assert';
import { ActorSystem } from '../../../core/actors';
import { Simulation, type NetworkOptions } from '../../../sim';

// Shared by the kernel tests: a small simulated world and a way to catch a rejection.

/** A system on nodes n1, n2 (or `nodes`); `exact` fixes latency at 1 ms so reply times are exact. */
export function world(seed = 1, options: { nodes?: string[]; exact?: boolean; network?: Partial<NetworkOptions>; keepTrace?: boolean } = {}) {
  const network = options.network ?? (options.exact ? { latencyMsMin: 1, latencyMsMean: 0 } : {});
  const sim = new Simulation({ seed, network, keepTrace: options.keepTrace ?? false });
  for (const n of options.nodes ?? ['n1', 'n2']) sim.addNode(n);
  return { sim, system: new ActorSystem(sim) };
}

/** The error `p` rejects with; fails the test if it resolves. */
export async function rejection(p: PromiseLike<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  assert.unreachable('expected a rejection');
}
