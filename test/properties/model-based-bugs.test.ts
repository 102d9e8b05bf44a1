import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeCommand, DISK_WEIGHTS, modelBasedProperty, modelFailureReport, newCounter, runCommands } from '../../scenarios/model-based';
import { BUGS } from '../../scenarios/bugs';
import { fcRun } from './fc-seed';

// The model-based suite must catch every broken store variant of the bug
// catalogue, and shrink the failure to a short, readable command list.

const MAX_RUNS = 6000;
const MAX_SHRUNK_COMMANDS = 15;
// Pinned like the real-store suite: while the store bugs of store-bugs.test.ts
// are open, a variant's run may shrink to one of them instead, whose races
// shrink less well.
const run = fcRun('model-based (bug variants)');
const counter = newCounter();

// Variants that need the swarm world's duplicated calls or skewed clocks are
// hunted there (test/scenarios/swarm.test.ts): these commands cannot express them.
for (const bug of BUGS.filter((b) => b.needs === undefined)) {
  test(`model-based property fails on bug variant ${bug.name} and shrinks to <= ${MAX_SHRUNK_COMMANDS} commands`, async () => {
    const variant = { name: bug.name, ...bug.classes };
    const weights = bug.faultClass === 'disk' ? { weights: DISK_WEIGHTS } : {};
    const details = await fc.check(modelBasedProperty({ variant, counter, ...weights }), { numRuns: MAX_RUNS, ...run.params(`model-based:${bug.name}`) });
    assert.ok(details.failed, `${bug.name}: no failure in ${MAX_RUNS} random command histories`);
    const [config, commands] = details.counterexample!;
    const rerun = await runCommands(config, commands, variant);
    const report = modelFailureReport(`model-based:${bug.name}`, details, rerun, { file: 'test/properties/model-based-bugs.test.ts' });
    assert.not.ok(rerun.ok, `${bug.name}: the shrunk counterexample passes when rerun (not deterministic?)\n${report.text}`);
    assert.ok(commands.length <= MAX_SHRUNK_COMMANDS, `${bug.name}: shrunk to ${commands.length} commands\n${report.text}`);
    // Differential: the real store passes the same commands, so the failure is the variant's own bug.
    const real = await runCommands(config, commands);
    assert.ok(real.ok, `${bug.name}: the real store fails the shrunk counterexample too:\n${real.violations.map((v) => v.message).join('\n')}\n${report.text}`);
    console.log(
      `\nnote: ${bug.name}: caught after ${details.numRuns} runs, shrunk to ${commands.length} commands (${[...new Set(rerun.violations.map((v) => v.kind))].join(', ')}): ` +
        commands.map((c) => describeCommand(c, config)).join(' | '),
    );
  });
}

test.after(() => {
  console.log(`\nnote: ${counter.withFaults} randomized histories with faults (${counter.histories} model-based histories on bug variants, shrinking included)`);
});

test.run();
