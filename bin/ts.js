#!/usr/bin/env node
'use strict';
// Runs a TypeScript entry point through ts-node in transpile-only mode (type
// checking is `npm run typecheck`, part of `npm test`).
const path = require('node:path');
require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: node bin/ts.js FILE.ts [args...]\n');
  process.exit(2);
}
process.argv.splice(2, 1);
require(path.resolve(entry));
