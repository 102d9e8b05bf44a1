import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { final, liveness, runScenario, safety, ScenarioCodeError, type Scenario } from '../../harness';
import { main } from '../../cli/main';
import { memoryIo } from '../../cli/io';
import { toy } from './toy-scenario';

// A scenario's own bugs are the user's, never "an internal error of
// actorsim": a checker that throws is a `checker-error` violation with its
// stack (the run goes on, the other checkers still judge it); a setup that
// throws is a ScenarioCodeError naming the scenario and the seed, exit 2 on
// the CLI.

const boom = (where: string) => () => {
  throw new Error(`${where} bug`);
};

test('a safety, liveness or final checker that throws is a checker-error violation naming it; the run completes', async () => {
  const broken: Scenario = { ...toy, checkers: [...toy.checkers, safety('s-boom', boom('safety')), liveness('l-boom', boom('liveness')), final('f-boom', boom('final'))] };
  const r = await runScenario(broken, { seed: 3 });
  const errors = r.violations.filter((v) => v.kind === 'checker-error').map((v) => v.message.split('\n')[0]);
  assert.ok(errors.includes('liveness checker l-boom threw: Error: liveness bug'), errors.join(' | '));
  assert.ok(errors.includes('final checker f-boom threw: Error: final bug'), errors.join(' | '));
  assert.ok(errors.includes('safety checker s-boom threw: Error: safety bug'), errors.join(' | '));
  assert.is(errors.filter((e) => e?.startsWith('liveness')).length, 1, 'reported once, not once per retry');
  assert.match(r.violations.find((v) => v.message.startsWith('final checker f-boom'))!.message, /\n\s+at /);
  // The correct checkers still ran: the same seed without the broken ones passes.
  assert.is((await runScenario(toy, { seed: 3 })).ok, true);
});

test('a setup that throws is a ScenarioCodeError naming the scenario and the seed; the CLI exits 2', async () => {
  const broken: Scenario = { ...toy, setup: boom('setup') };
  let err: unknown = null;
  try {
    await runScenario(broken, { seed: 4 });
  } catch (e) {
    err = e;
  }
  assert.instance(err, ScenarioCodeError);
  assert.match((err as Error).message, /^runScenario\(toy-register\): setup threw at seed 4: Error: setup bug/);
  const dir = mkdtempSync(join(tmpdir(), 'actorsim-scenario-errors-'));
  const file = join(dir, 'broken.ts');
  writeFileSync(file, `import { defineScenario } from ${JSON.stringify(join(__dirname, '..', '..', 'harness'))};\nimport { toy } from ${JSON.stringify(join(__dirname, 'toy-scenario'))};\nexport default defineScenario({ ...toy, setup: () => { throw new Error('setup bug'); } });\n`);
  const io = memoryIo();
  const code = await main(['run', '--scenario', file, '--seed', '4'], io);
  assert.is(code, 2, io.stderr);
  assert.match(io.stderr, /setup threw at seed 4: Error: setup bug/);
  assert.not.match(io.stderr, /internal error/);
});

test.run();
