import type { ActorSystem } from '../core/actors';
import { rethrowAssertion } from '../core/assert';
import { NAME_NODE, type NameNode, type StoreStatus } from '../core/store';
import type { DiskView } from '../properties/disk-view';
import type { StoreSample } from '../properties/store-sample';
import type { Simulation } from '../sim';

// How both runners of the store (runSwarm and the harness's store scenario)
// record the samples the availability, locatability and status-truth
// checkers judge: a status asked by message, with the disks and up nodes at
// the question and at the answer; and a status read from the name node's
// memory (no message, so the run is the same event for event).

export interface StoreSampleSource {
  readonly sim: Simulation;
  readonly storageNodes: readonly string[];
  /** What each storage node's disk holds now, as reads see it. */
  disks(): DiskView;
}

const upNodes = (src: StoreSampleSource): string[] => src.storageNodes.filter((n) => src.sim.isUp(n));

/**
 * Asks for the status now; on an answer, `record` gets the sample (the disks
 * and up nodes at the question and at the answer). A status that failed
 * records nothing and goes to `failed` (default: ignored, as the world may
 * lose any status: a timeout, the name node down).
 */
export function askStoreSample(src: StoreSampleSource, ask: () => Promise<StoreStatus>, record: (sample: StoreSample) => void, failed: (err: unknown) => void = () => undefined): void {
  const askedMs = src.sim.now();
  const disksAtAsk = src.disks();
  const upAtAsk = upNodes(src);
  void ask().then(
    (status) => record({ askedMs, atMs: src.sim.now(), status, disks: src.disks(), up: upNodes(src), disksAtAsk, upAtAsk }),
    failed,
  );
}

/** The name node's status read from its memory now, or null while it is down or not spawned. */
export function peekStoreSample(src: StoreSampleSource, system: ActorSystem, nameNodeNode: string): StoreSample | null {
  const nn = system.peekInstance(NAME_NODE) as NameNode | null;
  if (nn === null || !src.sim.isUp(nameNodeNode)) return null;
  let status: StoreStatus;
  try {
    status = structuredClone(nn.status());
  } catch (err) {
    rethrowAssertion(err); // a status that throws reaches its callers too: the message samples report it
    return null;
  }
  const now = src.sim.now();
  return { askedMs: now, atMs: now, status, disks: src.disks(), up: upNodes(src) };
}
