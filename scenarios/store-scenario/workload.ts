import type { Operation, WorkloadSpec } from '../../harness';
import { drawWorkload, type WorkloadOp } from '../workload';
import type { StoreScenarioOptions } from './options';

// The store's workload (drawWorkload, from the seed's `workload` stream) as
// harness operations: paced by think time (delayMs), with the artifact name
// and content as arguments; and the final reads of every name it touched.

export function toOperation(w: WorkloadOp): Operation {
  const args = w.name === undefined ? [] : w.content === undefined ? [w.name] : [w.name, w.content];
  return { client: w.client, atMs: 0, delayMs: w.delayMs, op: w.op, args };
}

/** Every artifact name the operations touch, in first-use order. */
export function namesOf(workload: readonly Operation[]): string[] {
  return [...new Set(workload.filter((w) => w.op !== 'status' && typeof w.args[0] === 'string').map((w) => w.args[0] as string))];
}

export const storeWorkload: WorkloadSpec<StoreScenarioOptions> = {
  clients: (o) => o.clients,
  count: (o) => o.operations,
  drawAll: (stream, o) => drawWorkload(stream, o).map(toOperation),
  // One operation at a time (fast-check's command lists): the store's own draw
  // of a single operation, numbered by its index so written contents stay unique.
  draw: (stream, o, index) => {
    const w = drawWorkload(stream, { ...o, operations: 1 })[0]!;
    const op = toOperation(w.content === undefined ? w : { ...w, content: w.content.replace(/^([^#]*)#0:/, `$1#${index}:`) });
    return { op: op.op, args: op.args };
  },
  final: (_o, workload) => namesOf(workload).map((name) => ({ op: 'get', args: [name] })),
};
