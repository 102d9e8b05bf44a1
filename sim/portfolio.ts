import { Streams, type Seed } from './random';
import { STRATEGIES, type StrategyName } from './scheduler';

// A strategy portfolio: no one scheduling strategy finds every bug first
// (PCT favours ordering bugs of small depth, random the long tail, fair PCT
// keeps liveness checks meaningful, delay-bounding explores near the FIFO
// order), so a sweep draws each seed's strategy, uniformly over all of them,
// from the seed's own `strategy` stream: same seed, same strategy, and
// nothing else in the run's draw moves.

export const PORTFOLIO: readonly StrategyName[] = STRATEGIES;

export function drawStrategy(seed: Seed): StrategyName {
  return new Streams(seed).get('strategy').pick(PORTFOLIO);
}
