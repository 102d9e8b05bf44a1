#!/usr/bin/env node
'use strict';
// The CLI: the compiled JavaScript when the build is current, else the sources (bin/entry-point.js).
const { loadEntry } = require('./entry-point');
loadEntry('cli/main', process.argv.slice(2)).main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`actorsim: internal error: ${err && err.stack || err}\n`); process.exitCode = 4; },
);
