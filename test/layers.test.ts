import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import * as ts from 'typescript';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// The house follows its layers: every .ts file's imports (import, import type,
// export ... from, import(), require(), typeof import()) are read with
// TypeScript's own pre-processor (comments and strings are not imports), each
// relative one resolved to the folder it reaches, and checked against a table
// of what each folder may not import. A failure names the file, the import as
// written and the rule it breaks.

const ROOT = join(__dirname, '..');

/** Folder (or root file) → folders it may not import. A deeper entry (`core/store`) forbids only that sub-folder. */
const LAYER_RULES: Readonly<Record<string, readonly string[]>> = {
  // The system itself: it runs for real too, so nothing of the world or above it.
  core: ['sim', 'harness', 'scenarios', 'properties', 'reports', 'cli', 'real', 'bench', 'examples'],
  // The world: only core/'s Host seam.
  sim: ['harness', 'scenarios', 'properties', 'reports', 'cli', 'real', 'bench', 'examples'],
  // Checkers judge histories; they never run the scenarios they judge.
  properties: ['scenarios', 'harness', 'reports', 'cli', 'real', 'bench', 'examples'],
  // Pure renderers of the plain data they define (core/errors is all they may share).
  reports: ['core/actors', 'core/store', 'sim', 'harness', 'scenarios', 'properties', 'cli', 'real', 'bench', 'examples'],
  // The scenario API knows no particular system.
  harness: ['scenarios', 'cli', 'real', 'bench', 'examples'],
  scenarios: ['cli', 'real', 'bench', 'examples'],
  // real/ sits on top beside cli/ (it runs the store's recorded clients), but below the CLI.
  real: ['cli', 'bench', 'examples'],
  cli: ['bench', 'examples'],
  // The package's face: the library, not the CLI, the store's scenarios or the real host.
  'index.ts': ['scenarios', 'cli', 'real', 'bench', 'examples'],
};

interface FileImports {
  /** Path from the project root, with forward slashes. */
  file: string;
  /** Specifiers as written. */
  imports: readonly string[];
}

/** Every specifier a TypeScript source names, in order. */
function importSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** The rule key of a file: its top-level folder, or the file itself at the root. */
function layerOf(file: string): string {
  const slash = file.indexOf('/');
  return slash === -1 ? file : file.slice(0, slash);
}

/** One line per import that breaks the table; relative imports only (packages and node: are not layers). */
function layerOffences(files: readonly FileImports[], rules: Readonly<Record<string, readonly string[]>>): string[] {
  const offences: string[] = [];
  for (const { file, imports } of files) {
    const forbidden = rules[layerOf(file)] ?? [];
    for (const spec of imports) {
      if (!spec.startsWith('./') && !spec.startsWith('../')) continue;
      const target = posix.normalize(posix.join(posix.dirname(file), spec));
      const hit = forbidden.find((f) => target === f || target.startsWith(`${f}/`));
      if (hit !== undefined) offences.push(`${file}: import '${spec}' reaches ${hit}/, which ${layerOf(file)} may not import`);
    }
  }
  return offences;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return ['node_modules', 'dist', 'test', '.git'].includes(e.name) && dir === ROOT ? [] : sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

test('every source file imports only what its layer allows', () => {
  const files = sourceFiles(ROOT).map((full) => ({ file: relative(ROOT, full).split(sep).join('/'), imports: importSpecifiers(readFileSync(full, 'utf8')) }));
  for (const layer of ['core', 'sim', 'properties', 'reports', 'harness', 'scenarios', 'cli', 'index.ts']) {
    assert.ok(files.some((f) => layerOf(f.file) === layer), `no files read for ${layer}: the walk is broken`);
  }
  assert.ok(files.filter((f) => f.imports.some((s) => s.startsWith('../'))).length > 50, 'imports are read');
  assert.equal(layerOffences(files, LAYER_RULES), []);
});

test('the import reader sees every form and skips comments and strings', () => {
  const source = [
    "// import a from '../scenarios/commented';",
    "/* export * from '../scenarios/block'; */",
    "import type { A } from '../scenarios/a';",
    'export { B } from "../sim/b";',
    "export * from './c';",
    "const s = \"import d from '../scenarios/in-string'\";",
    "type T = typeof import('../cli/d');",
    "const e = () => import('../harness/e');",
    "const f = require('../real/f');",
    "import 'node:fs';",
  ].join('\n');
  assert.equal(importSpecifiers(source), ['../scenarios/a', '../sim/b', './c', '../cli/d', '../harness/e', '../real/f', 'node:fs']);
});

test('the checker catches a bad import list (and only the bad imports), naming file, import and rule', () => {
  const fake: FileImports[] = [
    { file: 'reports/html.ts', imports: ['../scenarios/result', './_internals/escape-html', '../core/errors', 'node:crypto'] },
    { file: 'reports/_internals/grid.ts', imports: ['../../core/store/status', '../report-input'] },
    { file: 'properties/model-based/run.ts', imports: ['../../scenarios/swarm', '../history'] },
    { file: 'sim/network.ts', imports: ['../core/actors', '../harness/run'] },
    { file: 'harness/run.ts', imports: ['../reports/report-input', '../sim', '../properties/history'] },
    { file: 'core/store/client.ts', imports: ['../../sim'] },
    { file: 'index.ts', imports: ['./scenarios/result', './reports'] },
    { file: 'cli/run.ts', imports: ['../scenarios/index', '../reports'] },
  ];
  assert.equal(layerOffences(fake, LAYER_RULES), [
    "reports/html.ts: import '../scenarios/result' reaches scenarios/, which reports may not import",
    "reports/_internals/grid.ts: import '../../core/store/status' reaches core/store/, which reports may not import",
    "properties/model-based/run.ts: import '../../scenarios/swarm' reaches scenarios/, which properties may not import",
    "sim/network.ts: import '../harness/run' reaches harness/, which sim may not import",
    "core/store/client.ts: import '../../sim' reaches sim/, which core may not import",
    "index.ts: import './scenarios/result' reaches scenarios/, which index.ts may not import",
  ]);
  // A folder's own files and a name that merely starts like a forbidden one are not offences.
  assert.equal(layerOffences([{ file: 'sim/a.ts', imports: ['./b', '../simulation-notes'] }], LAYER_RULES), []);
});

test.run();
