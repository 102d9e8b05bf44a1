import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderHtmlReport } from '../../reports/html';
import { main } from '../../cli/main';
import { memoryIo, type MemoryIo } from '../../cli/io';
import { getScenario } from '../../scenarios/index';
import { locateCause, type CauseEvent } from '../../scenarios/violation-cause';
import { runReportInput } from '../../scenarios/report-input';

// Reports and `replay --trace` centre on a violation's likely cause, not on the
// moment a late check noticed it, and mark every violation.

const dir = mkdtempSync(join(tmpdir(), 'actorsim-cause-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<MemoryIo & { code: number }> {
  const io = memoryIo();
  const code = await main(args, io);
  return Object.assign(io, { code });
}

const ev = (i: number, timeMs: number, kind: string, node: string): CauseEvent => ({ i, timeMs, kind, node });
const events: CauseEvent[] = [
  ev(0, 10, 'deliver', 'nn'),
  ev(1, 20, 'crash', 's1'),
  ev(2, 30, 'partition', 's2'),
  ev(3, 40, 'network', '@sim'),
  ev(4, 50, 'deliver', 's1'),
  ev(5, 900, 'timer', 'nn'),
];

test('locateCause: the checker\'s own cause time wins', () => {
  const c = locateCause({ timeMs: 900, causeMs: 35 }, events)!;
  assert.is(c.index, 2);
  assert.match(c.why, /checker placed/);
});

test('locateCause: a fault on the violation\'s nodes, destructive before cutting before the rest', () => {
  assert.is(locateCause({ timeMs: 900, nodes: ['s2'] }, events)!.index, 2);
  assert.is(locateCause({ timeMs: 900, nodes: ['s1'] }, events)!.index, 1);
  // No node given: the crash outranks the later partition and network change.
  assert.is(locateCause({ timeMs: 900 }, events)!.index, 1);
  // Faults after detection are never causes.
  assert.is(locateCause({ timeMs: 25 }, events)!.index, 1);
  // Nothing faulty before detection: detection itself.
  const none = locateCause({ timeMs: 15 }, events)!;
  assert.is(none.index, 0);
  assert.match(none.why, /detected/);
  assert.is(locateCause({ timeMs: 1 }, []), null);
});

test('the HTML report centres its sequence diagram on the cause, seconds before detection', async () => {
  const r = await getScenario('swarm').run({ seed: 1, bug: 'early-ack', keepTrace: true });
  assert.not.ok(r.ok);
  const first = r.violations[0]!;
  const focus = r.report!.traceFocus!;
  assert.ok(focus, 'a focus event');
  assert.ok(focus.timeMs < first.timeMs - 1000, `focus ${focus.timeMs}ms, detected ${first.timeMs}ms`);
  const window = r.report!.traceAround!;
  assert.ok(window.some((e) => e.i === focus.i), 'the window holds the focus event');
  assert.ok(window.every((e) => e.timeMs < first.timeMs), 'the window is around the cause, not the detection');
  const html = renderHtmlReport(runReportInput(r));
  assert.match(html, new RegExp(`<p id="sequence-focus">Centred on event #${focus.i} at ${focus.timeMs}ms: `));
  assert.match(html, new RegExp(`<rect class="focus" data-i="${focus.i}"`));
});

test('replay --trace marks every violation and each likely cause', async () => {
  const failures = join(dir, 'failures');
  // The first unchecked-read seed whose run has several violations.
  let seed = 0;
  let n = 0;
  for (let s = 1; s <= 40 && n < 2; s++) {
    const run = await cli('run', 'swarm', '--seed', String(s), '--bug', 'unchecked-read', '--failures', failures, '--json');
    if (run.code !== 1) continue;
    seed = s;
    n = JSON.parse(run.stdout).violations.length as number;
  }
  assert.ok(n >= 2, 'a run with several violations in 40 seeds');
  const r = await cli('replay', join(failures, `swarm-unchecked-read-${seed}.json`), '--trace', '--around', '3');
  assert.is(r.code, 1, r.stderr);
  const marks = r.stdout.split('\n').filter((l) => l.startsWith('>>> VIOLATION'));
  assert.is(marks.length, n);
  // Each violation once (placed by time, so not necessarily in the result's order).
  assert.equal(marks.map((l) => Number(/^>>> VIOLATION (\d+)\//.exec(l)![1])).sort((a, b) => a - b), Array.from({ length: n }, (_, k) => k + 1));
  assert.ok(r.stdout.split('\n').some((l) => l.startsWith('>>> likely cause of violation 1 ')));
});

test.run();
