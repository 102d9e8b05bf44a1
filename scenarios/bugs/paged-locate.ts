import { Located, NameNode } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: chunk locations handed out in pages (HDFS's getBlockLocations
// returns the blocks of a byte range, the client prefetches
// dfs.client.read.prefetch.size bytes of them), paged with the classic
// slice(start, count) for slice(start, end) mix-up: correct for the first page
// only, so only artifacts of more chunks than a page show it.

/** Chunk locations per page. */
const PAGE = 16;

class PagedLocateNameNode extends NameNode {
  /** Bug: each page is chunks.slice(i, PAGE), not slice(i, i + PAGE): every page after the first is empty. */
  override locate(name: string): Located {
    const all = super.locate(name);
    const chunks: Located['chunks'] = [];
    for (let i = 0; i < all.chunks.length; i += PAGE) chunks.push(...all.chunks.slice(i, PAGE));
    return { ...all, chunks };
  }
}

export const pagedLocate: BugVariant = {
  name: 'paged-locate',
  description: 'the name node pages chunk locations with slice(i, 16) instead of slice(i, i + 16): an artifact of more than 16 chunks reads back truncated',
  source: "HDFS getBlockLocations paging (dfs.client.read.prefetch.size); JavaScript's slice(start, end) read as slice(start, count)",
  needs: 'the widened swarm space: artifacts of more than 16 chunks',
  widened: { dimension: 'large artifacts (many chunks)', classic: () => ({ contentChunksMax: 4 }) },
  classes: { nameNodeClass: PagedLocateNameNode },
};
