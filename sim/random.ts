import seedrandom from 'seedrandom';
import { InvalidArgumentError, show } from '../core/errors';
import type { RandomStream } from '../core/actors/host';

// One root seed, one named child stream per component (network, faults,
// workload, scheduler, ...), so that adding a draw to one component never
// reshuffles another's. Alea: fast, and identical on every platform.

export type Seed = number | string;

export function checkSeed(api: string, seed: unknown): Seed {
  if (typeof seed === 'string' && seed.length > 0) return seed;
  if (typeof seed === 'number' && Number.isSafeInteger(seed)) return seed;
  throw new InvalidArgumentError(`${api}: seed must be a safe integer or a non-empty string, got ${show(seed)}`);
}

export class SeededStream implements RandomStream {
  private readonly prng: seedrandom.PRNG;
  constructor(readonly seed: string) {
    this.prng = seedrandom.alea(seed);
  }

  int(n: number): number {
    if (!(n >= 1) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`random.int: n must be a positive safe integer, got ${show(n)}`);
    return Math.floor(this.prng() * n);
  }

  chance(numerator: number, denominator: number): boolean {
    if (numerator <= 0) return false;
    if (numerator >= denominator) return true;
    return this.int(denominator) < numerator;
  }

  float(): number {
    return this.prng();
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new InvalidArgumentError('random.pick: no items to pick from');
    return items[this.int(items.length)] as T;
  }

  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
}

/** The root of a run's randomness: named child streams derived from one seed. */
export class Streams {
  private readonly cache = new Map<string, SeededStream>();
  constructor(readonly seed: Seed) {}

  get(name: string): SeededStream {
    let s = this.cache.get(name);
    if (!s) {
      s = new SeededStream(`${this.seed}/${name}`);
      this.cache.set(name, s);
    }
    return s;
  }
}
