import { BUGS } from '../scenarios/bugs';
import { parseFlags, type FlagSpec } from './args';
import { EXIT_OK } from './exit-codes';
import type { CliIo } from './io';
import type { Verb } from './verb';

// `actorsim bugs`: the catalogue of deliberately broken store variants.

const FLAGS: readonly FlagSpec[] = [{ name: 'json', type: 'boolean', description: 'print exactly one JSON object' }];

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseFlags('bugs', argv, FLAGS, { min: 0, max: 0, names: 'no arguments' });
  if (args.flag('json')) {
    io.out(JSON.stringify({ bugs: BUGS.map((b) => ({ name: b.name, description: b.description, source: b.source })) }) + '\n');
  } else {
    for (const b of BUGS) io.out(`${b.name.padEnd(18)} ${b.description}\n${' '.repeat(19)}(${b.source})\n`);
  }
  return EXIT_OK;
}

export const bugsVerb: Verb = {
  name: 'bugs',
  usage: '[--json]',
  summary: 'list the deliberately broken store variants that --bug selects',
  flags: FLAGS,
  run,
};
