import { parseArgs } from 'node:util';
import { ActorsimError, show } from '../core/errors';
import type { Seed } from '../sim';

// Flag parsing for every verb: node:util's parseArgs in strict mode, with its
// errors turned into messages that name the flag and the value, and typed
// readers for integers (with ranges), choices and seeds.

/** Bad command-line input; the verb exits with EXIT_USAGE. */
export class CliUsageError extends ActorsimError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** Error codes that mean the user's input was bad (exit 2), not that actorsim broke. */
const BAD_INPUT_CODES: ReadonlySet<string> = new Set(['USAGE', 'UNKNOWN_SCENARIO', 'INVALID_ARGUMENT', 'UNKNOWN_BUG', 'BAD_REPRO', 'BAD_SHARD', 'SCENARIO_CODE']);

/** `--help` on a verb whose flags depend on its input (a scenario module's): thrown by the parser, printed by main (exit 0). */
export class HelpRequested extends ActorsimError {
  constructor(readonly text: string) {
    super('HELP', 'help requested');
  }
}

/** True when the flags (before a `--`) ask for help. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const flags = end === -1 ? argv : argv.slice(0, end);
  return flags.includes('--help') || flags.includes('-h');
}

export function isBadInput(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof ActorsimError && typeof code === 'string' && BAD_INPUT_CODES.has(code);
}

export interface FlagSpec {
  /** Without the dashes: `seed` for `--seed`. */
  name: string;
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder shown in help: `S`, `N`, `random|pct`. */
  value?: string;
  /** Accepted range shown in help, e.g. `1..10000`. */
  range?: string;
  /** Shown in help; readers take their own defaults. */
  default?: string;
  description: string;
}

export const HELP_FLAG: FlagSpec = { name: 'help', type: 'boolean', short: 'h', description: 'show this help' };

type Values = Record<string, string | boolean | undefined>;

/** Parsed flags and positionals, with readers that validate as they read. */
export class ParsedArgs {
  constructor(
    readonly verb: string,
    private readonly values: Values,
    readonly positionals: readonly string[],
  ) {}

  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  string(name: string): string | undefined {
    const v = this.values[name];
    return typeof v === 'string' ? v : undefined;
  }

  integer(name: string, range: { min: number; max: number; default: number }): number {
    const text = this.string(name);
    return text === undefined ? range.default : parseIntegerFlag(name, text, range);
  }

  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const text = this.string(name);
    return text === undefined ? fallback : parseChoiceFlag(name, text, choices);
  }

  seed(name: string, fallback: Seed): Seed {
    const text = this.string(name);
    return text === undefined ? fallback : parseSeedFlag(name, text);
  }
}

/** An integer in [min, max], written in decimal: `--seeds 0` with min 1 fails naming both. */
export function parseIntegerFlag(name: string, text: string, range: { min: number; max: number }): number {
  const n = /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw new CliUsageError(`--${name} must be an integer in ${range.min}..${range.max}, got ${show(text)}`);
  }
  return n;
}

export function parseChoiceFlag<T extends string>(name: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) {
    throw new CliUsageError(`--${name} must be one of ${choices.join(', ')}, got ${show(text)}`);
  }
  return text as T;
}

/** Integer text becomes a number seed (so `--seed 1` and `{ seed: 1 }` agree); other non-empty text stays a string seed. */
export function parseSeedFlag(name: string, text: string): Seed {
  if (text === '') throw new CliUsageError(`--${name} must be an integer or a non-empty string, got ""`);
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n)) return n;
  }
  return text;
}

export function parseFlags(verb: string, argv: readonly string[], flags: readonly FlagSpec[], positionals: { min: number; max: number; names: string }): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const f of [...flags, HELP_FLAG]) options[f.name] = f.short === undefined ? { type: f.type } : { type: f.type, short: f.short };
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true }) as { values: Values; positionals: string[] };
  } catch (err) {
    throw new CliUsageError(describeParseError(err, flags));
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) throw new CliUsageError(`missing ${positionals.names}`);
  if (count > positionals.max) {
    throw new CliUsageError(`unexpected argument ${show(parsed.positionals[positionals.max])} (expected ${positionals.names})`);
  }
  return new ParsedArgs(verb, parsed.values, parsed.positionals);
}

/** Rewords node's parseArgs errors: the flag named once, the known flags listed. */
function describeParseError(err: unknown, flags: readonly FlagSpec[]): string {
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '?';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag} (flags: ${flags.map((f) => `--${f.name}`).join(', ') || 'none'}, --help)`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing|ambiguous/.test(message)) return `${flag} needs a value (write ${flag}=VALUE for a value starting with -)`;
      if (/does not take an argument/.test(message)) return `${flag} takes no value`;
      return `${flag}: ${message}`;
    default:
      return message;
  }
}
