import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runRealChaos } from '../../real/chaos';
import { openClusterFile } from '../../real/control';
import { leftovers, tempDir, track, watchdog } from './helpers';

// Chaos on real processes, bounded (at most two minutes): concurrent clients
// against a real cluster while a nemesis SIGKILLs and SIGSTOPs storage nodes
// and the name node and deletes or flips bytes in chunk files. The history
// must pass the store's linearizability check, and once healed every chunk
// is back at R with no stray file on any disk. (`npm run soak:real` runs longer.)

watchdog('chaos.test', 120_000);
const dir = tempDir('actorsim-chaos-');

test('real processes under SIGKILL, SIGSTOP and file faults: a linearizable history, and healed, every chunk at R with no stray files', async () => {
  const C = join(dir, 'c');
  const report = await runRealChaos({
    dir: C,
    durationMs: 20_000,
    minFaults: 6, // every kind once
    maxDurationMs: 55_000,
    log: (l) => process.stdout.write(`    ${l}\n`),
  });
  track(openClusterFile(C).cluster);
  const kinds = new Set(report.faults.map((f) => f.fault));
  process.stdout.write(
    `\nnote: real chaos: ${report.history.length / 2} operations (${report.operations.ok} ok, ${report.operations.fail} fail, ${report.operations.unknown} unknown), ` +
      `${report.faults.length} faults (${[...kinds].sort().join(', ')}), healed in ${report.healMs} ms, verdict ${report.verdict}\n`,
  );
  assert.is(report.verdict, 'ok', report.violation ?? '');
  assert.equal(report.unhealed, [], 'healed: every chunk at R, no stray files');
  assert.equal([...kinds].sort(), ['delete-chunk', 'flip-chunk', 'kill-nn', 'kill-storage', 'stop-nn', 'stop-storage'], 'every kind of fault ran');
  assert.ok(report.operations.ok >= 50, `only ${report.operations.ok} operations succeeded`);
  // Writes and reads both succeeded (the check had something to check).
  assert.ok(report.history.some((e) => e.type === 'ok' && e.op === 'get'), 'an ok get');
  assert.ok(report.history.some((e) => e.type === 'ok' && (e.op === 'upload' || e.op === 'update')), 'an ok write');
  assert.equal(leftovers(openClusterFile(C).cluster), []);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
