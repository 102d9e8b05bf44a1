// fast-check seeds for the property suites. FC_SEED pins the seed (an
// integer, or `random` for a fresh one); FC_PATH with FC_PROPERTY replays one
// property's counterexample, as the failure report prints them. The seed in use
// is always printed on a `note:` line, so any failure can be replayed.

export interface FcParams {
  seed: number;
  path?: string;
  endOnFailure?: boolean;
}

export interface FcRun {
  seed: number;
  /** The fast-check parameters for one property (FC_PATH only applies to the property FC_PROPERTY names). */
  params(property: string): FcParams;
}

function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff); // determinism-ok: test/ only; the seed is printed and replayable
}

/**
 * The seed for one test file: FC_SEED when set, else `pinned` when given (a
 * file pinned on purpose says why), else a fresh random seed.
 */
export function fcRun(suite: string, options: { pinned?: number; why?: string } = {}): FcRun {
  const env = process.env.FC_SEED;
  let seed: number;
  let source: string;
  if (env !== undefined && env !== '' && env !== 'random') {
    seed = Number(env);
    if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", got ${JSON.stringify(env)}`);
    source = 'from FC_SEED';
  } else if (options.pinned !== undefined && env !== 'random') {
    seed = options.pinned;
    source = `pinned${options.why ? `: ${options.why}` : ''}; FC_SEED=random explores`;
  } else {
    seed = randomSeed();
    source = 'random';
  }
  console.log(`note: ${suite}: fast-check seed ${seed} (${source}; replay with FC_SEED=${seed})`);
  return {
    seed,
    params(property) {
      const path = process.env.FC_PATH;
      const mine = process.env.FC_PROPERTY === undefined || process.env.FC_PROPERTY === property;
      return path !== undefined && path !== '' && mine ? { seed, path, endOnFailure: true } : { seed };
    },
  };
}
