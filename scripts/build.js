#!/usr/bin/env node
'use strict';
// The build: `tsc -p tsconfig.build.json` into dist/ (git-ignored; JavaScript
// and .d.ts of index.ts and the library folders), then a stamp with the
// sources' fingerprint (bin/build-state.js) so the bin knows it is current.
//   node scripts/build.js           build unless dist/ is current (npm run build; `prepare`, so npm install/ci/pack)
//   node scripts/build.js --check   type-check tests and bench too and build, in one tsc program (npm test's first step)
//   node scripts/build.js --force   build even when current
// The stamp is removed before tsc writes (nothing trusts a half-written dist/)
// and written only when tsc succeeds; the fingerprint is taken before tsc
// starts, so an edit during the build leaves the build stale.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, DIST, STAMP, sourceFingerprint, readStamp } = require('../bin/build-state');

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--check' && a !== '--force');
if (unknown.length) {
  process.stderr.write(`build: unknown flag ${JSON.stringify(unknown[0])} (flags: --check, --force)\n`);
  process.exit(2);
}
const check = args.includes('--check');
const force = args.includes('--force');

const fingerprint = sourceFingerprint();
const stamp = readStamp();
if (!check && !force && stamp && stamp.fingerprint === fingerprint) {
  process.stdout.write('build: dist/ is current\n');
  process.exit(0);
}
fs.rmSync(STAMP, { force: true });
// tsconfig.check.json extends the build config with test/ and bench/: their
// JavaScript lands in dist/test and dist/bench too, which the package leaves out.
const config = path.join(ROOT, check ? 'tsconfig.check.json' : 'tsconfig.build.json');
const r = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', config], { cwd: ROOT, stdio: 'inherit' });
if (r.status !== 0) {
  process.stderr.write(`build: tsc -p ${path.relative(ROOT, config)} failed${r.signal ? ` (${r.signal})` : ''}; dist/ is not current (the CLI runs the sources)\n`);
  process.exit(r.status || 1);
}
fs.mkdirSync(DIST, { recursive: true });
fs.writeFileSync(STAMP, JSON.stringify({ fingerprint }) + '\n');
