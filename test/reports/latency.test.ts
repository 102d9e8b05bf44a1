import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { History } from '../../properties/history';
import { clientOperationCount, latencyByOp, quantileMs } from '../../reports/latency';
import { HISTORY } from './fixture';

function sequential(latenciesMs: readonly number[]): History {
  const h: History = [];
  let t = 0;
  for (const ms of latenciesMs) {
    h.push({ process: 0, type: 'invoke', op: 'get', args: ['a'], timeMs: t });
    h.push({ process: 0, type: 'ok', op: 'get', args: ['a'], result: 'x', timeMs: t + ms });
    t += ms + 1;
  }
  return h;
}

test('quantiles of 1..100 ms are nearest-rank: p50 50, p95 95, p99 99, max 100', () => {
  // Shuffled by a fixed permutation so the order of samples does not matter.
  const latencies = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1);
  const [row] = latencyByOp(sequential(latencies));
  assert.ok(row);
  assert.equal(row, { op: 'get', count: 100, ok: 100, fail: 0, unknown: 0, p50Ms: 50, p95Ms: 95, p99Ms: 99, maxMs: 100 });
});

test('the fixed history: pairs per process, counts outcomes, and ops come in order of first invocation', () => {
  assert.equal(latencyByOp(HISTORY), [
    { op: 'upload', count: 2, ok: 2, fail: 0, unknown: 0, p50Ms: 10, p95Ms: 30, p99Ms: 30, maxMs: 30 },
    // get: 5 (fail), 7 (ok), 100 (unknown: a timeout still kept its client waiting).
    { op: 'get', count: 3, ok: 1, fail: 1, unknown: 1, p50Ms: 7, p95Ms: 100, p99Ms: 100, maxMs: 100 },
    // delete never completed: unknown, with no latency sample.
    { op: 'delete', count: 1, ok: 0, fail: 0, unknown: 1, p50Ms: null, p95Ms: null, p99Ms: null, maxMs: null },
  ]);
});

test('interleaved processes are paired with their own invokes', () => {
  const h: History = [
    { process: 0, type: 'invoke', op: 'get', args: [], timeMs: 0 },
    { process: 1, type: 'invoke', op: 'get', args: [], timeMs: 1 },
    { process: 1, type: 'ok', op: 'get', args: [], timeMs: 3 },
    { process: 0, type: 'ok', op: 'get', args: [], timeMs: 50 },
  ];
  const [row] = latencyByOp(h);
  assert.is(row?.p50Ms, 2);
  assert.is(row?.maxMs, 50);
});

test('a completion without an invoke is ignored; an empty history has no rows', () => {
  assert.equal(latencyByOp([]), []);
  const rows = latencyByOp([{ process: 3, type: 'ok', op: 'get', args: [], timeMs: 9 }]);
  assert.equal(rows, []);
});

test('quantileMs: none is null, one sample is every quantile', () => {
  assert.is(quantileMs([], 0.5), null);
  assert.is(quantileMs([7], 0.01), 7);
  assert.is(quantileMs([7], 0.99), 7);
  assert.is(quantileMs([1, 2, 3, 4], 0.5), 2);
  assert.is(quantileMs([1, 2, 3, 4], 1), 4);
});

test('clientOperationCount counts invokes', () => {
  assert.is(clientOperationCount(HISTORY), 6);
  assert.is(clientOperationCount(undefined), 0);
});

test.run();
