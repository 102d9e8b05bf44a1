import { getBug } from './bugs';
import { summarize, SeedSummary } from './seed-summary';
import { runSwarm } from './swarm';
import type { SwarmOptions } from './swarm-options';

// Runs a list of swarm seeds in this thread. The unit of work that worker
// threads and shards execute; results come back in seed order.

export interface BatchSpec {
  seeds: number[];
  overrides: Partial<SwarmOptions>;
  bug: string | null;
}

export async function runBatch(spec: BatchSpec, onSeed?: (s: SeedSummary) => void): Promise<SeedSummary[]> {
  const bug = spec.bug ? getBug(spec.bug) : null;
  const out: SeedSummary[] = [];
  for (const seed of spec.seeds) {
    const r = await runSwarm({ seed, overrides: spec.overrides, ...(bug ? { bug: bug.name, ...bug.classes } : {}) });
    const s = summarize(seed, r);
    out.push(s);
    onSeed?.(s);
  }
  return out;
}
