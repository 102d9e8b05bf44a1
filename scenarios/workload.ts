import type { SeededStream } from '../sim';
import type { SwarmOptions } from './swarm-options';

// The client workload as an explicit list, drawn from the `workload` stream:
// printable, saveable, and cut down by the shrinker. Every write's content is
// unique (it names the artifact and a serial number), so a read can be traced
// back to the write that produced it, or shown to match none.

export type OpKind = 'upload' | 'update' | 'get' | 'delete' | 'status';

export interface WorkloadOp {
  client: number;
  /** Think time before the op, after the client's previous op completed. */
  delayMs: number;
  op: OpKind;
  name?: string;
  content?: string;
}

const FILLER = 'abcdefghijklmnopqrstuvwxyz0123456789 ✓é';

export function drawWorkload(stream: SeededStream, o: Pick<SwarmOptions, 'clients' | 'operations' | 'names' | 'mix' | 'chunkSizeBytes'>): WorkloadOp[] {
  const ops: WorkloadOp[] = [];
  const kinds: OpKind[] = ['upload', 'update', 'get', 'delete', 'status'];
  const weights = kinds.map((k) => o.mix[k]);
  const total = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < o.operations; i++) {
    let r = total > 0 ? stream.int(total) : 0;
    let kind: OpKind = 'get';
    for (let k = 0; k < kinds.length; k++) {
      if (r < weights[k]!) {
        kind = kinds[k]!;
        break;
      }
      r -= weights[k]!;
    }
    const op: WorkloadOp = { client: stream.int(o.clients), delayMs: stream.int(200), op: kind };
    if (kind !== 'status') op.name = `art${stream.int(o.names)}`;
    if (kind === 'upload' || kind === 'update') {
      const len = stream.int(o.chunkSizeBytes * 4);
      let filler = '';
      for (let j = 0; j < len; j++) filler += FILLER[stream.int(FILLER.length)];
      op.content = `${op.name}#${i}:${filler}`;
    }
    ops.push(op);
  }
  return ops;
}
