import { BUGS } from '../scenarios/bugs';
import { parseFlags, type FlagSpec } from './args';
import { EXIT_OK } from './exit-codes';
import type { CliIo } from './io';
import { hasScenarioFlag, moduleFromArgv, SCENARIO_FLAG } from './scenario-module';
import type { Verb } from './verb';

// `actorsim bugs`: the catalogue of deliberately broken store variants, or
// with --scenario MODULE the bug variants that module declares.

const FLAGS: readonly FlagSpec[] = [{ name: 'json', type: 'boolean', description: 'print exactly one JSON object' }, SCENARIO_FLAG];

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseFlags('bugs', argv, FLAGS, { min: 0, max: 0, names: 'no arguments' });
  const list = hasScenarioFlag(argv)
    ? moduleFromArgv(argv).scenario.bugs.map((b) => ({ name: b.name, description: b.summary, source: null as string | null }))
    : BUGS.map((b) => ({ name: b.name, description: b.description, source: b.source as string | null }));
  if (args.flag('json')) {
    io.out(JSON.stringify({ bugs: list.map((b) => ({ name: b.name, description: b.description, ...(b.source !== null ? { source: b.source } : {}) })) }) + '\n');
  } else {
    const width = 18;
    for (const b of list) io.out(`${b.name.padEnd(width)} ${b.description}\n${b.source !== null ? `${' '.repeat(width + 1)}(${b.source})\n` : ''}`);
    if (list.length === 0) io.out('(no bug variants declared)\n');
  }
  return EXIT_OK;
}

export const bugsVerb: Verb = {
  name: 'bugs',
  usage: '[--json] [--scenario MODULE]',
  summary: 'list the deliberately broken store variants that --bug selects (with --scenario: the variants a scenario module declares)',
  flags: FLAGS,
  run,
};
