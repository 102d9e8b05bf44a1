import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// scenarios/ must not read the wall clock or unseeded randomness: a seed has to
// replay the same run. The one allowed exception (the CLI timing a check for
// display) carries a `determinism-ok:` comment on the same line.

const ROOT = join(__dirname, '..', '..');
const BANNED = /\bMath\.random\b|\bDate\.now\b|\bnew Date\b|\bperformance\.now\b|\bprocess\.hrtime\b|\bset(Timeout|Interval|Immediate)\b|\bcrypto\.random/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    return e.isDirectory() ? tsFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

test('no wall clock or unseeded randomness in scenarios/ outside determinism-ok lines', () => {
  const offences: string[] = [];
  for (const file of tsFiles(join(ROOT, 'scenarios'))) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      if (BANNED.test(code) && !line.includes('determinism-ok:')) offences.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.equal(offences, []);
});

test.run();
