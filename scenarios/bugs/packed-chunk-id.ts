import { ChunkMeta, NameNode } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: block ids that pack a group id and an index into one number, as
// HDFS's erasure-coded block groups reserve the low 4 bits of a block id for
// the index in its group: correct only while no group has more members than
// the index bits hold. Here an artifact of more chunks collides with the next
// write's ids.

/** Chunks per artifact the packed id has room for. */
const INDEX_SLOTS = 16;

class PackedChunkIdNameNode extends NameNode {
  /** Bug: id = gen × 16 + index, so chunk 16 of write g is chunk 0 of write g + 1. */
  protected override split(content: string, gen: number): { meta: ChunkMeta[]; data: string[] } {
    const { meta, data } = super.split(content, gen);
    return { meta: meta.map((m) => ({ ...m, id: `b${gen * INDEX_SLOTS + m.index}` })), data };
  }
}

export const packedChunkId: BugVariant = {
  name: 'packed-chunk-id',
  description: 'chunk ids pack the generation and the index into one number with room for 16 chunks: a larger artifact shares chunk ids with the next write',
  source: 'HDFS erasure-coded block groups (low 4 bits of a block id: the index in its group)',
  classes: { nameNodeClass: PackedChunkIdNameNode },
};
