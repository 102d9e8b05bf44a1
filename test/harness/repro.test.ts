import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ddmin, loadScenario, readScenarioRepro, replayRepro, reproOf, runScenario, shrinkScenarioRepro, writeScenarioRepro } from '../../harness';
import { toy } from './toy-scenario';

// Repro files name their module; replay tells reproduced / passes / diverged;
// shrink is ddmin over faults and operations; the loader refuses bad modules.

const dir = mkdtempSync(join(tmpdir(), 'actorsim-harness-'));
const TOY = join(__dirname, 'toy-scenario.ts');

test('ddmin finds a 1-minimal failing subset', async () => {
  let calls = 0;
  const out = await ddmin([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], async (s) => {
    calls += 1;
    return s.includes(3) && s.includes(8);
  });
  assert.equal(out, [3, 8]);
  assert.ok(calls < 60);
  assert.equal(await ddmin([1, 2], async () => true), []);
});

test('a failing run round-trips through a repro file that names its module, and replays', async () => {
  const workload = [
    { client: 0, atMs: 20, op: 'write', args: ['a'] },
    { client: 0, atMs: 25, op: 'read', args: [] },
    { client: 0, atMs: 30, op: 'write', args: ['b'] },
    { client: 0, atMs: 31, op: 'refuse', args: [] },
    { client: 1, atMs: 100, op: 'read', args: [] },
    { client: 1, atMs: 110, op: 'write', args: ['c'] },
  ];
  const r = await runScenario(toy, { seed: 9, bug: 'stale', overrides: { clients: 2 }, workload, schedule: [{ atMs: 50, kind: 'pause', durationMs: 20, node: 's1' }] });
  assert.not.ok(r.ok);
  const file = join(dir, 'sub', 'toy.json');
  writeScenarioRepro(file, reproOf(r, TOY));
  const back = readScenarioRepro(file);
  assert.is(back.module, TOY);
  assert.equal(back.workload, workload);
  // Copied alone to another folder, the file still finds its module (its absolute path, on this machine).
  const copy = join(dir, 'elsewhere', 'deeper', 'toy.json');
  mkdirSync(join(dir, 'elsewhere', 'deeper'), { recursive: true });
  copyFileSync(file, copy);
  assert.is(readScenarioRepro(copy).module, TOY);
  const { scenario } = loadScenario(back.module);
  assert.is((await replayRepro(scenario, back)).status, 'reproduced');
  assert.is((await replayRepro(scenario, { ...back, bug: null })).status, 'passes');
  const other = await replayRepro(scenario, { ...back, seed: 10 });
  assert.is(other.status, 'diverged');
  // The file carries every event's digest: replay names the first event that differs, not a window.
  assert.ok(back.eventDigests !== undefined && back.eventDigests.length > 0);
  const d = other.firstDifferingEvent!;
  assert.ok(d !== null && d.index >= 0 && d.index < back.events, JSON.stringify(d));
  assert.ok(d.actual !== undefined && d.expectedDigest !== d.actualDigest);
  const s = await shrinkScenarioRepro(scenario, back);
  assert.equal(s.after, { operations: 3, faults: 0 });
  assert.equal(s.repro.workload.map((w) => w.args[0] ?? 'read'), ['a', 'b', 'read']);
  assert.is((await replayRepro(scenario, s.repro)).status, 'reproduced');
});

test('a JavaScript module (module.exports = scenario) loads as well', () => {
  const js = join(dir, 'mine.js');
  writeFileSync(js, `module.exports = require(${JSON.stringify(TOY.replace(/\.ts$/, ''))}).toy;\n`);
  assert.is(loadScenario(js).scenario.name, 'toy-register');
});

test('corrupt repro files and bad modules are refused, naming the file or flag and the value', () => {
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"format": "actorsim-scenario-repro/1"');
  assert.throws(() => readScenarioRepro(bad), /is not valid JSON/);
  assert.throws(() => readScenarioRepro(join(dir, 'missing.json')), /cannot read repro file .*ENOENT/);
  assert.throws(() => loadScenario('./no/such.ts'), /--scenario "\.\/no\/such\.ts": no such module file/);
  assert.throws(() => loadScenario(join(__dirname, 'run.test.ts').replace('run.test', '../../harness/ddmin'), '--scenario'), /exports no scenario/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
