import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// Runs the README's code blocks exactly as written, so the README cannot drift
// from the code: every ```ts block is saved at the repository root, type-checked
// with the project's compiler options and run with the command the README
// gives (`npx ts-node FILE.ts`); every `// → VALUE` comment on a console.log
// line must appear in the output, in order. The quick start's `npm start` runs
// too (`npm install` and `npm test` are what is running this test).

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

interface Block {
  lang: string;
  body: string;
  line: number;
}

function codeBlocks(text: string): Block[] {
  const out: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    out.push({ lang: open[1]!, body: body.join('\n') + '\n', line: start + 1 });
  }
  return out;
}

const blocks = codeBlocks(readme);
const tsBlocks = blocks.filter((b) => b.lang === 'ts');

test('the README has TypeScript examples, each naming how it is run', () => {
  assert.ok(tsBlocks.length >= 2, `expected at least 2 ts blocks, found ${tsBlocks.length}`);
  for (const b of tsBlocks) {
    assert.match(b.body.split('\n')[0]!, /^\/\/ [\w-]+\.ts: run from the repository root with `npx ts-node [\w-]+\.ts`$/, `README line ${b.line}`);
  }
});

function typeErrors(file: string): string[] {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram([file], { ...parsed.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

for (const b of tsBlocks) {
  const name = /`npx ts-node ([\w-]+\.ts)`/.exec(b.body)?.[1] ?? `block-${b.line}.ts`;
  test(`README block at line ${b.line} (${name}) type-checks and prints what it says`, () => {
    // A unique file name at the root, so relative imports resolve as in the README.
    const file = path.join(root, `.readme-${process.pid}-${name}`);
    fs.writeFileSync(file, b.body);
    try {
      assert.equal(typeErrors(file), [], `type errors in the README block at line ${b.line}`);
      const r = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), file], { cwd: root, encoding: 'utf8', timeout: 120_000 });
      assert.is(r.stderr, '', `stderr of the README block at line ${b.line}`);
      assert.is(r.status, 0, `exit code of the README block at line ${b.line}`);
      const expected = [...b.body.matchAll(/console\.log\(.*\/\/ → (.+?)(?: \(.*\))?$/gm)].map((m) => m[1]!.trim());
      assert.ok(expected.length > 0, `the README block at line ${b.line} states no output (// → ...)`);
      const output = r.stdout.split('\n');
      let at = 0;
      for (const want of expected) {
        const found = output.findIndex((l, i) => i >= at && l.trim() === want);
        assert.ok(found >= 0, `README line ${b.line}: expected a line ${JSON.stringify(want)} after output line ${at}, got:\n${r.stdout}`);
        at = found + 1;
      }
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
}

test('the quick start: npm start runs the verification scenario', () => {
  const quick = blocks.find((b) => b.lang === 'sh' && b.body.includes('npm start'));
  assert.ok(quick, 'a sh block with npm start');
  const commands = quick!.body.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean);
  assert.equal(commands, ['npm install', 'npm start', 'npm test']);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['start', '--silent'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /verdict: HEALTHY/);
  console.log('note: README quick start: ran `npm start`; `npm install` and `npm test` are what runs this test');
});

test.run();
