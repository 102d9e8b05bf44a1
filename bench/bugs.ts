import { BUGS } from '../scenarios/bugs';
import { STRATEGIES } from '../sim';
import { hunt, type HuntResult } from '../scenarios/hunt';

// Bug-finding power: for every deliberately broken variant and every
// strategy, seeds to the first violation, wall time, and the shrunk repro.

const clock = () => Number(process.hrtime.bigint()) / 1e6; // determinism-ok: benchmark wall time

export async function benchBugs(maxSeeds = 1000): Promise<{ results: Array<Omit<HuntResult, 'shrunk'>>; found: number; variants: number; medianSeedsToFind: number }> {
  const results: Array<Omit<HuntResult, 'shrunk'>> = [];
  for (const b of BUGS) {
    for (const s of STRATEGIES) {
      const { shrunk: _file, ...r } = await hunt(b.name, s, maxSeeds, clock);
      results.push(r);
    }
  }
  const seeds = results.filter((r) => r.found).map((r) => r.seedsToFind).sort((a, b) => a - b);
  const found = new Set(results.filter((r) => r.found).map((r) => r.bug)).size;
  return { results, found, variants: BUGS.length, medianSeedsToFind: seeds.length ? seeds[Math.floor(seeds.length / 2)]! : 0 };
}
