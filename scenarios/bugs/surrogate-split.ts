import { ChunkMeta, chunkId, checksum, NameNode } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: the UTF-16 code unit vs UTF-8 byte confusion: String.prototype.slice
// cuts between the halves of a surrogate pair, and each half then encodes as
// U+FFFD (WHATWG Encoding). Text in the Basic Multilingual Plane never shows it.

const encoder = new TextEncoder();

class CodeUnitChunkingNameNode extends NameNode {
  /** Bug: cuts the string every chunkSizeBytes code units, then encodes each piece: an astral character on a cut is lost. */
  protected override split(content: string, gen: number): { meta: ChunkMeta[]; data: string[] } {
    const size = this.options.chunkSizeBytes;
    const meta: ChunkMeta[] = [];
    const data: string[] = [];
    const count = Math.max(1, Math.ceil(content.length / size));
    for (let i = 0; i < count; i++) {
      const bytes = encoder.encode(content.slice(i * size, (i + 1) * size));
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b);
      meta.push({ id: chunkId(gen, i), index: i, size: s.length, checksum: checksum(s) });
      data.push(s);
    }
    return { meta, data };
  }
}

export const surrogateSplit: BugVariant = {
  name: 'surrogate-split',
  description: 'cuts content into chunks by UTF-16 code units, not UTF-8 bytes: a surrogate pair split across two chunks reads back as two U+FFFD',
  source: 'UTF-16 surrogate pair split by String.slice (WHATWG Encoding: a lone surrogate encodes as U+FFFD)',
  needs: 'the widened swarm space: astral characters in contents',
  widened: { dimension: 'unicode content (astral characters)', classic: () => ({ alphabet: 'basic' }) },
  classes: { nameNodeClass: CodeUnitChunkingNameNode },
};
