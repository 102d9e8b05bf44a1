#!/usr/bin/env node
'use strict';
const path = require('node:path');
require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
require('../scenarios/cli/main').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`actorsim: internal error: ${err && err.stack || err}\n`); process.exitCode = 4; },
);
