// Chunks are byte ranges of the content's UTF-8 encoding. On the wire and on
// disk a chunk's bytes are a binary string (one char per byte, 0..255) so any
// actor message can carry them; a checksum guards them end to end.

export interface ChunkMeta {
  /** Unique for all time: `b<gen>_<index>` (gen is the write's generation stamp, as in HDFS). */
  id: string;
  index: number;
  size: number;
  checksum: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

export function chunkId(gen: number, index: number): string {
  return `b${gen}_${index}`;
}

export function splitContent(content: string, chunkSizeBytes: number, gen: number): { meta: ChunkMeta[]; data: string[] } {
  const bytes = encoder.encode(content);
  const meta: ChunkMeta[] = [];
  const data: string[] = [];
  const count = Math.max(1, Math.ceil(bytes.length / chunkSizeBytes));
  for (let i = 0; i < count; i++) {
    const part = bytes.subarray(i * chunkSizeBytes, Math.min(bytes.length, (i + 1) * chunkSizeBytes));
    let s = '';
    for (let j = 0; j < part.length; j++) s += String.fromCharCode(part[j]!);
    meta.push({ id: chunkId(gen, i), index: i, size: part.length, checksum: checksum(s) });
    data.push(s);
  }
  return { meta, data };
}

export function joinChunks(data: readonly string[]): string {
  let total = 0;
  for (const d of data) total += d.length;
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const d of data) for (let i = 0; i < d.length; i++) bytes[o++] = d.charCodeAt(i) & 0xff;
  return decoder.decode(bytes);
}

/** FNV-1a over the bytes and the length: catches any flipped character. */
export function checksum(binary: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < binary.length; i++) h = Math.imul(h ^ binary.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ binary.length, 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
