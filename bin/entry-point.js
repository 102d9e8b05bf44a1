'use strict';
// Loads one of actorsim's entry modules (a path from the package root without
// extension, e.g. 'scenarios/cli/main'): the compiled JavaScript in dist/ when
// it is current, else the TypeScript source through ts-node (transpile-only).
// The choice made here: a stale build never runs. In a checkout edited since
// its last build (or never built) the CLI runs the sources (correct, ~10 s
// slower to start; on a terminal it says so); `npm run build`, `npm install`
// and `npm test` rebuild. Code loaded either way follows suit: swarm workers
// and real cluster processes run the same kind of code as their parent.
const path = require('node:path');
const { ROOT, DIST, buildIsCurrent } = require('./build-state');

function loadEntry(modulePath) {
  if (buildIsCurrent()) return require(path.join(DIST, modulePath));
  if (process.stderr.isTTY) process.stderr.write('actorsim: dist/ is older than the sources (or missing); running them through ts-node (`npm run build` makes the CLI start fast)\n');
  require('ts-node').register({ transpileOnly: true, project: path.join(ROOT, 'tsconfig.json') });
  return require(path.join(ROOT, modulePath));
}

module.exports = { loadEntry };
