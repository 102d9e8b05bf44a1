'use strict';
// Worker thread entry: registers ts-node (transpile-only) and loads the TypeScript worker module named in workerData.
const path = require('node:path');
const { workerData } = require('node:worker_threads');
require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
require(path.join(__dirname, '..', workerData.module));
