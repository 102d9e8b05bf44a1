import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { STORE_FAULT_SITE_NAMES, STORE_MARK_NAMES } from '../../core/store/marks';
import { runSwarm, type SwarmRunResult } from '../../scenarios/swarm';
import { drawSwarmOptions } from '../../scenarios/swarm-options';

// Coverage marks and fault points in the default swarm. The default sweep is
// seeds 1..2000: if a prefix 1..K already reaches every named mark of the
// store, the sweep does too. Seeds run in order until every mark is reached
// (K was 125 when measured: torn edit-log tails are the rarest), at most
// MAX_K; every run on the way must pass (buggified paths are correct
// behaviour) and every fault point must fire somewhere in it.

const MAX_K = 250;

test(`the default swarm reaches every named store mark within its first seeds (at most ${MAX_K}), all passing, every fault point firing`, async () => {
  const unreached = new Set<string>(STORE_MARK_NAMES);
  const unfired = new Set<string>(STORE_FAULT_SITE_NAMES);
  let buggifyRuns = 0;
  let k = 0;
  while (unreached.size + unfired.size > 0 && k < MAX_K) {
    k += 1;
    const r = await runSwarm({ seed: k, traceValues: false });
    assert.ok(r.ok, `seed ${k}: ${r.violations.map((v) => `${v.kind}: ${v.message.split('\n')[0]}`).join('; ')}`);
    for (const [name, n] of Object.entries(r.marks)) if (n > 0) unreached.delete(name);
    for (const site of Object.keys(r.buggified)) unfired.delete(site);
    if (r.swarm.buggify) buggifyRuns += 1;
    else assert.equal(r.buggified, {}, `seed ${k} has buggify off: nothing fires`);
  }
  assert.equal([...unreached], [], `marks not reached by seeds 1..${k}`);
  assert.equal([...unfired], [], `fault points that never fired in seeds 1..${k}`);
  assert.ok(buggifyRuns > 0 && buggifyRuns < k, `buggify is drawn per seed: on in ${buggifyRuns} of ${k}`);
});

test('a buggified swarm seed replays to the same trace hash, firings and marks', async () => {
  let seed = 1;
  while (!drawSwarmOptions(seed).buggify) seed += 1;
  const runs: SwarmRunResult[] = [await runSwarm({ seed }), await runSwarm({ seed })];
  const [a, b] = runs as [SwarmRunResult, SwarmRunResult];
  assert.ok(Object.keys(a.buggified).length > 0, `seed ${seed} fires some fault point`);
  assert.is(b.traceHash, a.traceHash);
  assert.equal(b.buggified, a.buggified);
  assert.equal(b.marks, a.marks);
  // The same seed with buggify overridden off fires nothing and runs otherwise.
  const off = await runSwarm({ seed, overrides: { buggify: false } });
  assert.equal(off.buggified, {});
  assert.is.not(off.traceHash, a.traceHash);
  assert.equal(off.workload, a.workload, 'the workload draw does not depend on buggify');
  assert.equal(off.schedule, a.schedule, 'nor the fault schedule');
});

test.run();
