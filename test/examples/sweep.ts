import * as assert from 'uvu/assert';
import { huntScenario, loadScenario, replayRepro, runScenario, swarmScenario } from '../../harness';

// The acceptance checks every example system passes, through the public API
// only: the correct version passes a sweep of seeds, each bug variant is
// found within 100 seeds and shrunk to at most 10 operations plus faults, the
// shrunk repro replays, and a seed's trace hash is stable.

export async function checkExample(modulePath: string, seeds: number): Promise<void> {
  const { scenario, module } = loadScenario(modulePath);
  const sweep = await swarmScenario(scenario, { seeds });
  assert.is(sweep.failed, 0, `${scenario.name}: failing seeds ${sweep.seeds.filter((s) => !s.ok).map((s) => `${s.seed} [${s.kinds.join(', ')}]`).join(', ')}`);
  assert.ok(Object.values(sweep.faults).reduce((a, b) => a + b, 0) > seeds, 'the sweep injected faults');
  assert.ok(scenario.bugs.length >= 1);
  for (const bug of scenario.bugs) {
    const h = await huntScenario(scenario, { bug: bug.name, seeds: 100, module });
    assert.ok(h.found, `${scenario.name} ${bug.name} not found in 100 seeds`);
    assert.ok(h.shrunkOperations! + h.shrunkFaults! <= 10, `${bug.name} shrunk to ${h.shrunkOperations} ops + ${h.shrunkFaults} faults`);
    const again = await replayRepro(scenario, h.shrunk!);
    assert.is(again.status, 'reproduced');
    console.log(`note: ${scenario.name} ${bug.name}: found at seed ${h.seed}, shrunk to ${h.shrunkOperations} ops + ${h.shrunkFaults} faults`);
  }
  const a = await runScenario(scenario, { seed: 7 });
  const b = await runScenario(scenario, { seed: 7 });
  assert.is(a.traceHash, b.traceHash);
  assert.equal(a.history, b.history);
}
