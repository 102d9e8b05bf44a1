import { InvalidArgumentError, show } from '../core/errors';
import { drawStrategy, isStrategyName, PORTFOLIO, type StrategyName } from '../sim';

// The per-strategy side of a hunt: the same seeds under each scheduling
// strategy, so that strategies are compared on equal draws. Says, per
// strategy, which seeds failed (first failing seed, failure rate), and what
// the portfolio finds: each seed under the strategy it draws, as swarm runs it.

export interface StrategyTally {
  strategy: StrategyName;
  seedsRun: number;
  failed: number;
  /** failed / seedsRun, to 4 decimals. */
  failureRate: number;
  firstFailingSeed: number | null;
  failingSeeds: number[];
  /** Violation kinds over every failing seed, in the order first seen. */
  kinds: string[];
  wallMs: number;
}

export interface PortfolioTally {
  seedsRun: number;
  failed: number;
  failureRate: number;
  firstFailingSeed: number | null;
  failingSeeds: number[];
  /** Seeds that drew each strategy. */
  drawn: Partial<Record<StrategyName, number>>;
}

export interface StrategySweep {
  from: number;
  seeds: number;
  strategies: StrategyTally[];
  /** Each seed under its drawn strategy; null unless every strategy of the portfolio ran. */
  portfolio: PortfolioTally | null;
  /** The strategies that failed first (earliest first failing seed); empty if none failed. */
  firstFinders: StrategyName[];
}

export interface SweepRun<R> {
  ok: boolean;
  kinds: readonly string[];
  result: R;
}

export interface SweepOptions {
  from: number;
  seeds: number;
  strategies: readonly StrategyName[];
  /** Wall clock for wallMs (passed in: this folder reads no clock itself). */
  clock: () => number;
}

const rate = (failed: number, run: number) => (run === 0 ? 0 : Math.round((failed / run) * 10_000) / 10_000);

/** Runs seeds from..from+seeds-1 under every strategy; `firsts` holds the first failing run of each. */
export async function sweepStrategies<R>(o: SweepOptions, run: (seed: number, strategy: StrategyName) => Promise<SweepRun<R>>): Promise<{ sweep: StrategySweep; firsts: Map<StrategyName, R> }> {
  if (!Number.isSafeInteger(o.from)) throw new InvalidArgumentError(`sweepStrategies: from must be a safe integer, got ${show(o.from)}`);
  if (!Number.isSafeInteger(o.seeds) || o.seeds < 1) throw new InvalidArgumentError(`sweepStrategies: seeds must be an integer >= 1, got ${show(o.seeds)}`);
  if (o.strategies.length === 0 || new Set(o.strategies).size !== o.strategies.length || !o.strategies.every(isStrategyName)) {
    throw new InvalidArgumentError(`sweepStrategies: strategies must be distinct strategy names, got ${show(o.strategies)}`);
  }
  const strategies: StrategyTally[] = [];
  const firsts = new Map<StrategyName, R>();
  for (const strategy of o.strategies) {
    const started = o.clock();
    const failingSeeds: number[] = [];
    const kinds = new Set<string>();
    for (let k = 0; k < o.seeds; k++) {
      const seed = o.from + k;
      const r = await run(seed, strategy);
      if (r.ok) continue;
      failingSeeds.push(seed);
      for (const kind of r.kinds) kinds.add(kind);
      if (!firsts.has(strategy)) firsts.set(strategy, r.result);
    }
    strategies.push({
      strategy,
      seedsRun: o.seeds,
      failed: failingSeeds.length,
      failureRate: rate(failingSeeds.length, o.seeds),
      firstFailingSeed: failingSeeds[0] ?? null,
      failingSeeds,
      kinds: [...kinds],
      wallMs: Math.round(o.clock() - started),
    });
  }
  const earliest = Math.min(...strategies.map((t) => t.firstFailingSeed ?? Number.POSITIVE_INFINITY));
  return { sweep: { from: o.from, seeds: o.seeds, strategies, portfolio: portfolioTally(o, strategies), firstFinders: strategies.filter((t) => t.firstFailingSeed === earliest).map((t) => t.strategy) }, firsts };
}

function portfolioTally(o: SweepOptions, tallies: readonly StrategyTally[]): PortfolioTally | null {
  if (!PORTFOLIO.every((s) => o.strategies.includes(s))) return null;
  const failing = new Map(tallies.map((t) => [t.strategy, new Set(t.failingSeeds)]));
  const drawn: Partial<Record<StrategyName, number>> = {};
  const failingSeeds: number[] = [];
  for (let k = 0; k < o.seeds; k++) {
    const seed = o.from + k;
    const s = drawStrategy(seed);
    drawn[s] = (drawn[s] ?? 0) + 1;
    if (failing.get(s)!.has(seed)) failingSeeds.push(seed);
  }
  return { seedsRun: o.seeds, failed: failingSeeds.length, failureRate: rate(failingSeeds.length, o.seeds), firstFailingSeed: failingSeeds[0] ?? null, failingSeeds, drawn };
}

/** Text lines of a sweep: one row per strategy and one for the portfolio. */
export function sweepLines(sweep: StrategySweep, indent = '  '): string[] {
  const row = (name: string, run: number, failed: number, r: number, first: number | null, extra = '') =>
    `${indent}${name.padEnd(14)} ${String(run).padStart(6)} ${String(failed).padStart(7)} ${`${(r * 100).toFixed(1)}%`.padStart(7)} ${String(first ?? '-').padStart(11)}${extra}`;
  const lines = [`${indent}${'strategy'.padEnd(14)} ${'seeds'.padStart(6)} ${'failed'.padStart(7)} ${'rate'.padStart(7)} ${'first seed'.padStart(11)}`];
  for (const t of sweep.strategies) lines.push(row(t.strategy, t.seedsRun, t.failed, t.failureRate, t.firstFailingSeed, sweep.firstFinders.includes(t.strategy) ? '  (first)' : ''));
  const p = sweep.portfolio;
  if (p) lines.push(row('portfolio', p.seedsRun, p.failed, p.failureRate, p.firstFailingSeed, `  (drawn: ${PORTFOLIO.map((s) => `${s} ${p.drawn[s] ?? 0}`).join(', ')})`));
  return lines;
}
