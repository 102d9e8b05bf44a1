import type { SeededStream } from '../sim';
import { classicSpace, type SwarmOptions } from './swarm-options';

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
/**
 * Every UTF-8 length, one character per entry (astral ones are two UTF-16
 * code units): ASCII (1 byte), Latin and Greek (2), CJK and symbols (3),
 * emoji and other astral characters (4).
 */
const UNICODE: readonly string[] = [...'az09 ~éßαΩж漢字✓€😀𝄞🎉𐍈'];


type WorkloadKnobs = 'clients' | 'operations' | 'names' | 'mix' | 'chunkSizeBytes';
type SpaceKnobs = 'alphabet' | 'emptyContentPercent' | 'contentChunksMax' | 'hotNamePercent' | 'thinkTimeMsMax';

export function drawWorkload(stream: SeededStream, options: Pick<SwarmOptions, WorkloadKnobs> & Partial<Pick<SwarmOptions, SpaceKnobs>>): WorkloadOp[] {
  // With every knob at its old value the stream is read exactly as before: old seeds keep their workloads.
  // Knobs left out (a caller's own options) are the classic ones.
  const { blockReportIntervalMs: _, ...classic } = classicSpace(1);
  const o = { ...classic, ...options };
  const alphabet: ArrayLike<string> = o.alphabet === 'unicode' ? UNICODE : FILLER;
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
    const op: WorkloadOp = { client: stream.int(o.clients), delayMs: stream.int(o.thinkTimeMsMax), op: kind };
    if (kind !== 'status') op.name = o.hotNamePercent > 0 && stream.int(100) < o.hotNamePercent ? 'art0' : `art${stream.int(o.names)}`;
    if (kind === 'upload' || kind === 'update') {
      // Characters, not bytes: multi-byte ones make the content longer than chunkSizeBytes × contentChunksMax.
      const len = stream.int(o.chunkSizeBytes * o.contentChunksMax);
      let filler = '';
      for (let j = 0; j < len; j++) filler += alphabet[stream.int(alphabet.length)];
      // Empty content is not unique: the checkers read '' as any empty write of the name (or none).
      op.content = o.emptyContentPercent > 0 && stream.int(100) < o.emptyContentPercent ? '' : `${op.name}#${i}:${filler}`;
    }
    ops.push(op);
  }
  return ops;
}
