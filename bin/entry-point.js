'use strict';
// Loads one of actorsim's entry modules (a path from the package root without
// extension, e.g. 'cli/main'): the compiled JavaScript in dist/ when
// it is current, else the TypeScript source through ts-node (transpile-only).
// The choice made here: a stale build never runs. In a checkout edited since
// its last build (or never built) the CLI runs the sources (correct, ~10 s
// slower to start; on a terminal it says so); `npm run build`, `npm install`
// and `npm test` rebuild. Code loaded either way follows suit: swarm workers
// and real cluster processes run the same kind of code as their parent.
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, DIST, buildIsCurrent } = require('./build-state');

/**
 * A scenario module of this checkout (`--scenario ./examples/x.ts`, or a
 * scenario repro file naming one) imports the TypeScript sources of the
 * harness and the actor runtime: the CLI must then run those same sources,
 * not dist/, or two copies of the runtime meet (an Actor of one spawned by the
 * system of the other). An installed package has no sources: users' modules
 * import 'actorsim', which is dist/.
 */
function needsSources(argv) {
  if (!fs.existsSync(path.join(ROOT, 'tsconfig.build.json'))) return false;
  if (argv.some((a) => a === '--scenario' || a.startsWith('--scenario='))) return true;
  if ((argv[0] === 'replay' || argv[0] === 'shrink') && argv[1] !== undefined) {
    try {
      return fs.readFileSync(argv[1], 'utf8').slice(0, 200).includes('actorsim-scenario-repro/');
    } catch {
      return false;
    }
  }
  return false;
}

function loadEntry(modulePath, argv = []) {
  if (buildIsCurrent() && !needsSources(argv)) return require(path.join(DIST, modulePath));
  if (process.stderr.isTTY && !needsSources(argv)) process.stderr.write('actorsim: dist/ is older than the sources (or missing); running them through ts-node (`npm run build` makes the CLI start fast)\n');
  require('ts-node').register({ transpileOnly: true, project: path.join(ROOT, 'tsconfig.json') });
  return require(path.join(ROOT, modulePath));
}

module.exports = { loadEntry };
