import { CliUsageError } from './args';

// `--shard i/n`: which contiguous slice of a sweep's seeds this process runs
// (the store's swarm and a scenario module's swarm split the same way).

export function parseShard(text: string): { i: number; n: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || !(n >= 1) || !(i >= 1) || i > n) throw new CliUsageError(`--shard must be i/n with 1 <= i <= n, got ${JSON.stringify(text)}`);
  return { i, n };
}

/** Contiguous slice i of n of the indices 0..count-1. */
export function shardSlice(count: number, shard: { i: number; n: number }): [number, number] {
  return [Math.floor(((shard.i - 1) * count) / shard.n), Math.floor((shard.i * count) / shard.n)];
}
