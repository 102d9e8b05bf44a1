import type { FlagSpec } from './args';
import type { CliIo } from './io';

// One CLI verb (`actorsim <name> ...`). Each lives in its own file and is
// listed in main.ts; help is generated from these fields.

export interface Verb {
  name: string;
  /** What follows the verb in the usage line: `<scenario> [flags]`. */
  usage: string;
  summary: string;
  flags: readonly FlagSpec[];
  /** Further help lines (e.g. the scenarios and their flags); may load modules. */
  moreHelp?(): Promise<string[]>;
  /** Parses `argv` (the arguments after the verb) and returns the exit code. Throws CliUsageError on bad input. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
