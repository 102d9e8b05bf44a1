import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// The bin never runs a stale build: a miniature checkout in a temporary folder
// (this repository's bin/ and scripts/build.js, its node_modules linked, a
// one-file CLI whose main() says which file it runs from) shows the bin
// choosing the compiled JavaScript only while dist/ was built from the sources
// as they are, and the TypeScript through ts-node otherwise.

const ROOT = join(__dirname, '..', '..');
const state = require(join(ROOT, 'bin', 'build-state.js')) as {
  sourceFingerprint(root: string): string;
  buildIsCurrent(root: string): boolean;
};

const dir = mkdtempSync(join(tmpdir(), 'actorsim-build-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

// No @types/node in the mini project (it keeps each tsc run short): the two globals it uses are declared.
const MAIN = (word: string): string =>
  `declare const process: { stdout: { write(s: string): void } };\ndeclare const __filename: string;\nexport async function main(argv: readonly string[]): Promise<number> {\n  process.stdout.write(\`${word} \${__filename.endsWith('.ts') ? 'ts' : 'js'} \${argv.join(' ')}\\n\`);\n  return 0;\n}\n`;

function setUp(): void {
  for (const f of ['actorsim.js', 'entry-point.js', 'build-state.js']) {
    mkdirSync(join(dir, 'bin'), { recursive: true });
    copyFileSync(join(ROOT, 'bin', f), join(dir, 'bin', f));
  }
  mkdirSync(join(dir, 'scripts'));
  copyFileSync(join(ROOT, 'scripts', 'build.js'), join(dir, 'scripts', 'build.js'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  write('package.json', '{ "name": "mini", "version": "1.0.0" }\n');
  write('tsconfig.json', JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, types: [], skipLibCheck: true, noEmit: true }, include: ['scenarios', 'cli'] }));
  write('tsconfig.build.json', JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: false, rootDir: '.', outDir: 'dist' }, include: ['scenarios', 'cli'] }));
  write('cli/main.ts', MAIN('one'));
  write('scenarios/notes.md', 'not a source\n');
}

function bin(): string {
  const r = spawnSync(process.execPath, [join(dir, 'bin', 'actorsim.js'), 'a', 'b'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  assert.is(r.status, 0, r.stderr);
  return r.stdout;
}

function build(...flags: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(dir, 'scripts', 'build.js'), ...flags], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

test('never built: the bin runs the sources; built: the compiled JavaScript; a second build is skipped', () => {
  setUp();
  assert.is(bin(), 'one ts a b\n');
  const b = build();
  assert.is(b.code, 0, b.out);
  assert.ok(existsSync(join(dir, 'dist', 'cli', 'main.js')));
  assert.is(bin(), 'one js a b\n');
  assert.match(build().out, /dist\/ is current/);
});

test('an edited source makes the build stale until the next build', () => {
  write('cli/main.ts', MAIN('two'));
  assert.is(bin(), 'two ts a b\n');
  assert.is(build().code, 0);
  assert.is(bin(), 'two js a b\n');
});

test('a source restored with an older mtime, a new file, a deleted file, a changed config: each is stale; a non-source file is not', () => {
  const current = (): boolean => state.buildIsCurrent(dir);
  const restamp = (): void => writeFileSync(join(dir, 'dist', '.build-stamp.json'), JSON.stringify({ fingerprint: state.sourceFingerprint(dir) }));
  assert.ok(current());
  utimesSync(join(dir, 'cli', 'main.ts'), new Date(2000, 0, 1), new Date(2000, 0, 1));
  assert.not.ok(current(), 'older mtime');
  restamp();
  write('scenarios/extra.ts', 'export const x = 1;\n');
  assert.not.ok(current(), 'new file');
  restamp();
  unlinkSync(join(dir, 'scenarios', 'extra.ts'));
  assert.not.ok(current(), 'deleted file');
  restamp();
  write('tsconfig.json', readFileSync(join(dir, 'tsconfig.json'), 'utf8') + '\n');
  assert.not.ok(current(), 'config');
  restamp();
  write('scenarios/notes.md', 'still not a source, edited\n');
  assert.ok(current(), 'a markdown file is not a source');
});

test('a build that fails type-checking leaves no stamp: the bin runs the sources', () => {
  assert.is(build('--force').code, 0);
  write('cli/main.ts', MAIN('three') + 'export const n: number = "not a number";\n');
  const b = build();
  assert.is.not(b.code, 0, b.out);
  assert.match(b.out, /TS2322/);
  assert.not.ok(existsSync(join(dir, 'dist', '.build-stamp.json')));
  assert.is(bin(), 'three ts a b\n');
});

test('bad flags to the build exit 2 naming the flag', () => {
  const b = build('--fast');
  assert.is(b.code, 2);
  assert.match(b.out, /unknown flag "--fast"/);
});

test('an installed package (no tsconfig.build.json beside it) always runs its build', () => {
  write('cli/main.ts', MAIN('four'));
  assert.is(build().code, 0);
  write('cli/main.ts', MAIN('five'));
  assert.is(bin(), 'five ts a b\n');
  unlinkSync(join(dir, 'tsconfig.build.json'));
  assert.is(bin(), 'four js a b\n');
});

test.run();
