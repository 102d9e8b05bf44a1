import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// The test runner's cached TypeScript loader: an edited source runs as
// edited (the cache is keyed by content, never by name or time alone), and a
// thrown error points at the TypeScript line (inline source maps).

const LOADER = join(__dirname, '..', '..', 'scripts', 'ts-register.js');
const dir = mkdtempSync(join(tmpdir(), 'actorsim-ts-register-'));
const file = join(dir, 'probe.ts');

function run(): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ['-r', LOADER, '--enable-source-maps', file], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

test('an edited source runs as edited; the same source twice gives the same output', () => {
  writeFileSync(file, 'const n: number = 1;\nconsole.log(`n=${n}`);\n');
  assert.equal(run(), { code: 0, out: 'n=1\n' });
  assert.equal(run(), { code: 0, out: 'n=1\n' });
  writeFileSync(file, 'const n: number = 2;\nconsole.log(`n=${n}`);\n');
  assert.equal(run(), { code: 0, out: 'n=2\n' });
});

test('a syntax error fails the load with TypeScript\'s message, and is not kept: the fixed source runs', () => {
  writeFileSync(file, 'export const model = {{;\n');
  const bad = run();
  assert.is.not(bad.code, 0);
  assert.match(bad.out, /Unable to compile TypeScript:\n.*probe\.ts\(1,\d+\): error TS1136/);
  writeFileSync(file, 'console.log("fixed");\n');
  assert.equal(run(), { code: 0, out: 'fixed\n' });
});

test('a stack trace names the TypeScript line', () => {
  writeFileSync(file, 'interface A { x: number }\nconst a: A = { x: 3 };\n\nfunction boom(): never {\n  throw new Error(`boom ${a.x}`);\n}\nboom();\n');
  const r = run();
  assert.is.not(r.code, 0);
  assert.match(r.out, /Error: boom 3/);
  assert.match(r.out, /probe\.ts:5:\d+/);
});

test.run();
