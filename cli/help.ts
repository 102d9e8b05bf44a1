import { HELP_FLAG, type FlagSpec } from './args';
import type { Verb } from './verb';

// Help text, generated from the verbs' flag specs so it cannot drift from
// what the parser accepts.

export function flagLines(flags: readonly FlagSpec[], indent = '  '): string[] {
  const rows = flags.map((f) => {
    const name = `${f.short ? `-${f.short}, ` : ''}--${f.name}${f.value ? ` ${f.value}` : ''}`;
    const notes = [f.range, f.default !== undefined && f.default !== '' ? `default: ${f.default}` : undefined].filter((n) => n !== undefined);
    const text = notes.length > 0 ? `${f.description} (${notes.join(', ')})` : f.description;
    return [name, text] as const;
  });
  const width = Math.max(0, ...rows.map(([name]) => name.length));
  return rows.map(([name, text]) => `${indent}${name.padEnd(width)}  ${text}`);
}

export async function verbHelp(verb: Verb): Promise<string> {
  const lines = [`usage: actorsim ${verb.name} ${verb.usage}`, '', verb.summary, '', 'flags:', ...flagLines([...verb.flags, HELP_FLAG])];
  if (verb.moreHelp) lines.push('', ...(await verb.moreHelp()));
  return lines.join('\n') + '\n';
}

export async function globalHelp(verbs: readonly Verb[]): Promise<string> {
  const lines = [
    'actorsim: deterministic simulation and chaos testing for actor systems',
    '',
    'usage: actorsim <verb> [flags]      actorsim <verb> --help      actorsim --version',
    '',
    'exit codes: 0 ok, 1 violation, 2 bad input, 3 diverged or unknown',
  ];
  for (const verb of verbs) {
    lines.push('', `actorsim ${verb.name} ${verb.usage}`, `  ${verb.summary}`, ...flagLines(verb.flags, '    '));
    if (verb.moreHelp) lines.push(...(await verb.moreHelp()).map((l) => (l === '' ? l : `  ${l}`)));
  }
  return lines.join('\n') + '\n';
}
