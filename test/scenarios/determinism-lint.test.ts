import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// core/, sim/, scenarios/, properties/ and reports/ must not read the wall
// clock, real timers or unseeded randomness: a seed has to replay the same
// run. The few allowed exceptions (the CLI timing a check for display) carry a
// `determinism-ok:` comment on the same line.

const ROOT = join(__dirname, '..', '..');
const BANNED = /\bMath\.random\b|\bDate\.now\b|\bnew Date\b|\bperformance\.now\b|\bprocess\.hrtime\b|(?<![.\w])set(Timeout|Interval|Immediate)\s*\((?![^)]*:)|\bcrypto\.random/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    return e.isDirectory() ? tsFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

test('no wall clock or unseeded randomness in core, sim, scenarios, properties, reports outside determinism-ok lines', () => {
  const offences: string[] = [];
  for (const file of ['core', 'sim', 'scenarios', 'cli', 'properties', 'reports', 'harness', 'examples'].flatMap((d) => tsFiles(join(ROOT, d)))) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      if (BANNED.test(code) && !line.includes('determinism-ok:')) offences.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.equal(offences, []);
});

// Which folder may import which is test/layers.test.ts; here only the examples' narrower rule.
test('examples/ import only the harness and core public faces', () => {
  const offences: string[] = [];
  for (const file of tsFiles(join(ROOT, 'examples'))) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      const from = /from '([^']+)'/.exec(line)?.[1];
      if (from !== undefined && from.startsWith('..') && !['../../harness', '../../core/actors'].includes(from)) offences.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.equal(offences, []);
});

test('the lint catches what it should (a checker is tested by showing it catch a bad case)', () => {
  assert.ok(BANNED.test('const t = Date.now();'));
  assert.ok(BANNED.test('setTimeout(f, 1)'));
  assert.ok(BANNED.test('Math.random()'));
  assert.not.ok(BANNED.test('this.ctx.random.int(3)'));
  assert.not.ok(BANNED.test('this.ctx.setInterval(100, f)'));
  assert.not.ok(BANNED.test('  setInterval(ms: number, fn: () => unknown): TimerId;'));
});

test.run();
