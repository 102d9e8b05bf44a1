import { InvalidArgumentError, show } from '../core/errors';

// The extra options a scenario understands, declared once: the CLI builds its
// flags and help from these, and the scenario validates programmatic callers
// against the same ranges, so a test and a command line cannot disagree.

interface FlagBase {
  /** Kebab-case CLI name (`--crash-at-ms`); the option key is its camelCase (`crashAtMs`). */
  name: string;
  description: string;
}

export interface IntegerFlag extends FlagBase {
  kind: 'integer';
  default: number;
  min: number;
  max: number;
}

export interface BooleanFlag extends FlagBase {
  kind: 'boolean';
  default: boolean;
}

export interface StringFlag extends FlagBase {
  kind: 'string';
  default: string;
  /** When set, the only accepted values. */
  choices?: readonly string[];
}

export type ScenarioFlag = IntegerFlag | BooleanFlag | StringFlag;

export type FlagValue = number | boolean | string;

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
type ValueOf<F extends ScenarioFlag> = F extends IntegerFlag ? number : F extends BooleanFlag ? boolean : string;

/** The typed options of a flag list declared `as const satisfies readonly ScenarioFlag[]`. */
export type FlagValues<Fs extends readonly ScenarioFlag[]> = { [F in Fs[number] as CamelCase<F['name']>]: ValueOf<F> };

/** `crash-at-ms` → `crashAtMs`. */
export function flagKey(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Option keys every scenario accepts besides its own flags (see ScenarioRunOptions). */
const COMMON_KEYS: ReadonlySet<string> = new Set(['seed', 'keepTrace', 'strategy', 'onProgress']);

/**
 * Applies defaults and checks each value against its flag; unknown keys are
 * errors so a typo (`taks: 4`) does not silently run the default.
 */
export function readScenarioOptions<const Fs extends readonly ScenarioFlag[]>(scenario: string, flags: Fs, options: Record<string, unknown>): FlagValues<Fs> {
  const byKey = new Map<string, ScenarioFlag>();
  for (const f of flags) byKey.set(flagKey(f.name), f);
  for (const key of Object.keys(options)) {
    if (!COMMON_KEYS.has(key) && !byKey.has(key) && options[key] !== undefined) {
      const known = [...byKey.keys()].join(', ') || 'none';
      throw new InvalidArgumentError(`${scenario}: unknown option ${show(key)} (its options: ${known})`);
    }
  }
  const out: Record<string, FlagValue> = {};
  for (const [key, flag] of byKey) {
    const value = options[key];
    out[key] = value === undefined ? flag.default : checkFlagValue(scenario, key, flag, value);
  }
  return out as FlagValues<Fs>;
}

function checkFlagValue(scenario: string, key: string, flag: ScenarioFlag, value: unknown): FlagValue {
  const bad = (what: string): never => {
    throw new InvalidArgumentError(`${scenario}: ${key} must be ${what}, got ${show(value)}`);
  };
  switch (flag.kind) {
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < flag.min || value > flag.max) {
        return bad(`an integer in ${flag.min}..${flag.max}`);
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') return bad('a boolean');
      return value;
    case 'string':
      if (typeof value !== 'string') return bad('a string');
      if (flag.choices && !flag.choices.includes(value)) return bad(`one of ${flag.choices.join(', ')}`);
      return value;
  }
}
