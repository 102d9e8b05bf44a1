'use strict';
// The test runner's TypeScript loader (`node -r ./scripts/ts-register.js`):
// what ts-node's transpile-only mode does (TypeScript's own transpileModule
// with the project's compiler options, no type check), with the output kept
// on disk by content. `npm test` starts about a hundred processes that import
// the same sources; each used to compile them all again, which was about half
// of the suite's CPU. A source that changes gets a new key; the type check is
// the build step's job (scripts/build.js --check).
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'actorsim-ts');
const FORMAT = 'actorsim-ts-cache/1';

let ts = null;
let options = null;
let salt = null;

/** What every key depends on besides the source: this loader, TypeScript's version, the project's options. */
function keySalt() {
  if (salt === null) {
    const tsVersion = JSON.parse(fs.readFileSync(require.resolve('typescript/package.json'), 'utf8')).version;
    salt = [FORMAT, tsVersion, fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')].join('\0');
  }
  return salt;
}

function compilerOptions() {
  if (options === null) {
    ts = require('typescript');
    const read = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
    if (read.error) throw new Error(`ts-register: tsconfig.json: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
    const parsed = ts.convertCompilerOptionsFromJson(read.config.compilerOptions, ROOT);
    options = { ...parsed.options, noEmit: false, sourceMap: false, inlineSourceMap: true, inlineSources: true, declaration: false };
  }
  return options;
}

function compile(source, filename) {
  const key = crypto.createHash('sha256').update(keySalt()).update('\0').update(filename).update('\0').update(source).digest('hex');
  const file = path.join(CACHE, key.slice(0, 2), `${key}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // Not compiled yet.
  }
  const result = require('typescript').transpileModule(source, { compilerOptions: compilerOptions(), fileName: filename, reportDiagnostics: true });
  // Syntax errors fail the load, as under ts-node (transpileModule reports only those); never cached.
  if (result.diagnostics && result.diagnostics.length > 0) {
    const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' };
    throw new Error(`Unable to compile TypeScript:\n${ts.formatDiagnostics(result.diagnostics, host)}`);
  }
  const out = result.outputText;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, out);
    fs.renameSync(tmp, file); // atomic: parallel test processes never read half a file
  } catch {
    // A read-only node_modules: run uncached.
  }
  return out;
}

Module._extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
