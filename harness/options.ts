import { InvalidArgumentError, show } from '../core/errors';
import { Streams, type Seed, type SeededStream } from '../sim';

// A scenario's options: drawn from the seed's own `options` stream (so adding
// a draw elsewhere never reshuffles them), then explicit overrides win, then
// the scenario checks the result. Declared flags let the CLI set them.

export interface OptionFlag {
  /** Kebab-case CLI name (`--replicas`); the option key is its camelCase (`replicas`). */
  name: string;
  kind: 'integer' | 'boolean' | 'string';
  description: string;
  /** Integers: the accepted range. */
  min?: number;
  max?: number;
  /** Strings: the only accepted values, when set. */
  choices?: readonly string[];
  /**
   * For an option that is not plain text (a fault list → a record): turns the
   * flag's text into the option's value, throwing an InvalidArgumentError
   * that names the flag. The option is then checked by OptionsSpec.check, not by `kind`.
   */
  parse?(text: string): unknown;
  /** The inverse of parse, for printed command lines (default String). */
  format?(value: unknown): string;
}

export interface OptionsSpec<O extends object> {
  /** Draws every option from the scenario's stream; draw them all, always, so an override changes only what it names. The seed is there for a system that draws from streams of its own. */
  draw(stream: SeededStream, seed: Seed): O;
  /**
   * How overrides combine with the draw (default: each replaces the option it
   * names). For options that depend on each other, e.g. a larger replication
   * factor grows the cluster, or a partial fault list.
   */
  merge?(drawn: O, overrides: Partial<O>, seed: Seed): O;
  /** Throws an InvalidArgumentError naming a bad option (after overrides). */
  check?(options: O): void;
  /** Options a command line may set (`--replicas 5`). */
  flags?: readonly OptionFlag[];
  /** The seed's stream they are drawn from (default `options`; a system moving onto the harness keeps its old draws by naming its old stream). */
  stream?: string;
}

/** `crash-at-ms` → `crashAtMs`. */
export function optionKey(flagName: string): string {
  return flagName.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function drawOptions<O extends object>(scenario: string, spec: OptionsSpec<O>, seed: Seed, overrides: Partial<O> = {}): O {
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new InvalidArgumentError(`${scenario}: option overrides must be an object, got ${show(overrides)}`);
  }
  const drawn = spec.draw(new Streams(seed).get(spec.stream ?? 'options'), seed);
  for (const key of Object.keys(overrides)) {
    if (!(key in drawn)) throw new InvalidArgumentError(`${scenario}: unknown option ${show(key)} (its options: ${Object.keys(drawn).join(', ')})`);
  }
  const out = spec.merge ? spec.merge(drawn, overrides, seed) : ({ ...drawn, ...overrides } as O);
  for (const f of spec.flags ?? []) checkFlagValue(scenario, f, (out as Record<string, unknown>)[optionKey(f.name)]);
  spec.check?.(out);
  return out;
}

/** Checks one option against its declared flag; throws naming the option and value. */
export function checkFlagValue(scenario: string, flag: OptionFlag, value: unknown): void {
  const key = optionKey(flag.name);
  if (flag.parse) return; // its option is checked by OptionsSpec.check
  const bad = (what: string): never => {
    throw new InvalidArgumentError(`${scenario}: option ${key} (--${flag.name}) must be ${what}, got ${show(value)}`);
  };
  switch (flag.kind) {
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) bad('an integer');
      if ((flag.min !== undefined && (value as number) < flag.min) || (flag.max !== undefined && (value as number) > flag.max)) bad(`an integer in ${flag.min ?? '-inf'}..${flag.max ?? 'inf'}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') bad('a boolean');
      return;
    case 'string':
      if (typeof value !== 'string') bad('a string');
      if (flag.choices && !flag.choices.includes(value as string)) bad(`one of ${flag.choices.join(', ')}`);
      return;
  }
}

/** Parses a flag's command-line text into its option value (throws naming the flag). */
export function parseFlagText(scenario: string, flag: OptionFlag, text: string | boolean): unknown {
  if (flag.parse) {
    if (typeof text !== 'string') throw new InvalidArgumentError(`${scenario}: --${flag.name} needs a value, got ${show(text)}`);
    return flag.parse(text);
  }
  let value: unknown = text;
  if (flag.kind === 'integer') value = typeof text === 'string' && /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (flag.kind === 'integer' && !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError(`${scenario}: --${flag.name} must be an integer, got ${show(text)}`);
  }
  checkFlagValue(scenario, flag, value);
  return value;
}
