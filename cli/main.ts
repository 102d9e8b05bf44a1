import { version } from '../package.json';
import { show } from '../core/errors';
import { HelpRequested, isBadInput, wantsHelp } from './args';
import { hasScenarioFlag } from './scenario-module';
import { checkHistoryVerb } from './check-history';
import { EXIT_OK, EXIT_USAGE } from './exit-codes';
import { globalHelp, verbHelp } from './help';
import { processIo, type CliIo } from './io';
import { runVerb } from './run';
import { swarmVerb } from './swarm';
import { replayVerb } from './replay';
import { shrinkVerb } from './shrink';
import { bugsVerb } from './bugs';
import { huntVerb } from './hunt';
import { mergeVerb } from './merge';
import { soakVerb } from './soak';
import { clusterVerb } from './cluster';
import { storeVerb } from './store';
import type { Verb } from './verb';

// The CLI's entry (bin/actorsim.js calls main): picks the verb, handles
// --help and --version, and turns bad input into exit code 2 with one line
// on stderr that names what was wrong. To add a verb, write cli/<verb>.ts
// exporting a Verb and list it here.

export const VERBS: readonly Verb[] = [runVerb, swarmVerb, replayVerb, shrinkVerb, bugsVerb, huntVerb, mergeVerb, soakVerb, checkHistoryVerb, clusterVerb, storeVerb];

/** Verbs whose flags, with --scenario MODULE, are the module's (its options). */
const MODULE_HELP: ReadonlySet<string> = new Set(['run', 'swarm', 'hunt', 'soak']);

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.err(await globalHelp(VERBS));
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const named = first === 'help' ? VERBS.find((v) => v.name === rest[0]) : undefined;
    io.out(named ? await verbHelp(named) : await globalHelp(VERBS));
    return EXIT_OK;
  }
  if (first === '--version' || first === '-v') {
    io.out(`actorsim ${version}\n`);
    return EXIT_OK;
  }
  const verb = VERBS.find((v) => v.name === first);
  if (!verb) {
    io.err(`actorsim: unknown verb ${show(first)} (verbs: ${VERBS.map((v) => v.name).join(', ')}; see actorsim --help)\n`);
    return EXIT_USAGE;
  }
  // With --scenario MODULE the verb's flags are the module's: the verb prints that help itself.
  if (wantsHelp(rest) && !(hasScenarioFlag(rest) && MODULE_HELP.has(verb.name))) {
    io.out(await verbHelp(verb));
    return EXIT_OK;
  }
  try {
    return await verb.run(rest, io);
  } catch (err) {
    if (err instanceof HelpRequested) {
      io.out(err.text);
      return EXIT_OK;
    }
    if (!isBadInput(err)) throw err;
    io.err(`actorsim ${verb.name}: ${(err as Error).message} (see actorsim ${verb.name} --help)\n`);
    return EXIT_USAGE;
  }
}
