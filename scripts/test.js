#!/usr/bin/env node
'use strict';
// The test command: type-checks the project and runs every test/**/*.test.ts
// file (uvu suites, transpile-only through scripts/ts-register.js, whose
// output is cached on disk) in its own process, two at a time. uvu's
// per-file totals are summed into the one closing line CI reads:
//   tests: N passed, M failed
// The exit code is non-zero when anything failed.
// The type check is also the build (scripts/build.js --check: one tsc program
// over the library, tests and bench that writes dist/), and it runs before any
// test file, so tests that spawn bin/actorsim.js run the compiled CLI of the
// sources under test, as users do. A run with a filter skips it; the bin then
// runs the sources through ts-node whenever dist/ is stale (bin/entry-point.js).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');

const root = path.join(__dirname, '..');
const filter = process.argv[2];

function findTests(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTests(full));
    else if (entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

function run(cmd, args, env) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint(); // determinism-ok: test runner timing only
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('close', (code, signal) => {
      const ms = Number((process.hrtime.bigint() - started) / 1000000n);
      resolve({ code: code ?? (signal ? 128 : 1), output, ms });
    });
  });
}

// Files a test might leave behind in the checkout (repro files, reports).
function strayFiles() {
  const out = [];
  for (const d of ['failures', '.']) {
    const full = path.join(root, d);
    if (!fs.existsSync(full)) continue;
    for (const f of fs.readdirSync(full)) {
      const rel = d === '.' ? f : `${d}/${f}`;
      if (d === 'failures' || /\.(json|html|ts)$/.test(f) && d === '.' && !['package.json', 'package-lock.json', 'tsconfig.json'].includes(f)) out.push(rel);
    }
  }
  return out;
}

// The files that take longest (mostly waiting on real processes) start first, so
// that the two workers finish together instead of one running the long tail alone.
const LONG = ['test/real/', 'test/readme.test.ts', 'test/package/pack.test.ts', 'test/properties/swarm-seeds.test.ts', 'test/properties/model-based'];
function longestFirst(files) {
  const rank = (f) => {
    const rel = path.relative(root, f).split(path.sep).join('/');
    const i = LONG.findIndex((p) => rel.startsWith(p));
    return i === -1 ? LONG.length : i;
  };
  return files.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map((x) => x.f);
}

const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

async function main() {
  const files = longestFirst(findTests(path.join(root, 'test')).filter((f) => !filter || f.includes(filter)));
  const jobs = [];
  if (!filter) {
    jobs.push({ name: 'typecheck and build (tsc -p tsconfig.check.json)', cmd: process.execPath, args: [path.join(root, 'scripts', 'build.js'), '--check'], typecheck: true });
  }
  for (const f of files) {
    // TypeScript's transpile-only output, cached on disk by content (scripts/ts-register.js): each test process no longer compiles the sources again.
    jobs.push({ name: path.relative(root, f), cmd: process.execPath, args: ['-r', path.join(root, 'scripts', 'ts-register.js'), '--enable-source-maps', f] });
  }
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const strayBefore = strayFiles();
  const failures = [];
  const workers = Math.max(1, Math.min(os.cpus().length, 4));
  let next = 0;
  async function worker(limit = Infinity) {
    for (let taken = 0; next < jobs.length && taken < limit; taken += 1) {
      const job = jobs[next++];
      const r = await run(job.cmd, job.args, { TS_NODE_TRANSPILE_ONLY: '1', FORCE_COLOR: '0', NO_COLOR: '1' });
      const text = strip(r.output);
      if (job.typecheck) {
        if (r.code === 0) passed += 1; else { failed += 1; failures.push(job.name); }
        process.stdout.write(`${r.code === 0 ? 'ok  ' : 'FAIL'} ${job.name} (${r.ms} ms)\n`);
        if (r.code !== 0) process.stdout.write(text + '\n');
        continue;
      }
      const total = /Total:\s+(\d+)/.exec(text);
      const pass = /Passed:\s+(\d+)/.exec(text);
      const skip = /Skipped:\s+(\d+)/.exec(text);
      const k = skip ? Number(skip[1]) : 0;
      let p = pass ? Number(pass[1]) : 0;
      let f = total ? Number(total[1]) - p : 0; // uvu's Total excludes skipped tests
      if (r.code !== 0 && f === 0) f = 1; // crashed before or after uvu counted
      if ((!total || (Number(total[1]) === 0 && k === 0)) && r.code === 0) f = 1; // a test file that ran no test is a failure
      passed += p;
      failed += f;
      skipped += k;
      const notes = text.split('\n').filter((l) => /^\s*(note|info):/.test(l)).map((l) => '     ' + l.trim());
      process.stdout.write(`${f === 0 ? 'ok  ' : 'FAIL'} ${job.name}: ${p} passed, ${f} failed${k ? `, ${k} skipped` : ''} (${r.ms} ms)\n`);
      if (notes.length) process.stdout.write(notes.join('\n') + '\n');
      if (f !== 0) {
        failures.push(job.name);
        process.stdout.write(text.split('\n').map((l) => '    | ' + l).join('\n') + '\n');
      }
    }
  }
  // The build first, alone: no test may run a half-written dist/.
  if (jobs[0] && jobs[0].typecheck) await worker(1);
  await Promise.all(Array.from({ length: workers }, () => worker()));
  // A test writes into its own temporary folder, never into the working tree.
  const stray = strayFiles().filter((f) => !strayBefore.includes(f));
  if (stray.length) {
    failed += 1;
    failures.push('working tree left clean');
    process.stdout.write(`FAIL the tests left files in the working tree: ${stray.join(', ')}\n`);
  }
  if (failures.length) process.stdout.write(`failed: ${failures.join(', ')}\n`);
  process.stdout.write(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}
main();
