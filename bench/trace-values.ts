import { runSwarm } from '../scenarios/swarm';

// What the value digests in the trace hash cost: the same default swarm
// seeds with digests on and off, interleaved in rounds in one process so
// that machine noise falls on both sides alike. Budget: at most 15 %.

export interface TraceValueFigures {
  seeds: number;
  rounds: number;
  historiesPerSecWithValues: number;
  historiesPerSecWithoutValues: number;
  /** (without - with) / without, percent. */
  overheadPercent: number;
}

const now = () => Number(process.hrtime.bigint()) / 1e6; // determinism-ok: benchmark wall time

async function timeSeeds(seeds: readonly number[], traceValues: boolean): Promise<number> {
  const t0 = now();
  for (const seed of seeds) await runSwarm({ seed, traceValues, keepDigests: false });
  return now() - t0;
}

export async function benchTraceValues(seedsPerRound = 100, rounds = 4): Promise<TraceValueFigures> {
  const warm = Array.from({ length: 30 }, (_, i) => 200_000 + i);
  await timeSeeds(warm, true);
  await timeSeeds(warm, false);
  let withMs = 0;
  let withoutMs = 0;
  for (let r = 0; r < rounds; r++) {
    const seeds = Array.from({ length: seedsPerRound }, (_, i) => 1 + r * seedsPerRound + i);
    // Alternate which side goes first: neither gets the warmer caches every time.
    if (r % 2 === 0) {
      withMs += await timeSeeds(seeds, true);
      withoutMs += await timeSeeds(seeds, false);
    } else {
      withoutMs += await timeSeeds(seeds, false);
      withMs += await timeSeeds(seeds, true);
    }
  }
  const n = seedsPerRound * rounds;
  const withRate = (n / withMs) * 1000;
  const withoutRate = (n / withoutMs) * 1000;
  return {
    seeds: n,
    rounds,
    historiesPerSecWithValues: Math.round(withRate * 10) / 10,
    historiesPerSecWithoutValues: Math.round(withoutRate * 10) / 10,
    overheadPercent: Math.round(((withoutRate - withRate) / withoutRate) * 1000) / 10,
  };
}
