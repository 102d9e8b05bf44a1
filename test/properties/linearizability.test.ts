import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HistoryFormatError, operationsFromHistory } from '../../properties/from-history';
import type { History } from '../../properties/history';
import { checkLinearizability } from '../../properties/linearizability';
import type { Operation } from '../../properties/model';
import { registerModel, type RegisterInput, type RegisterOutput } from '../../properties/models/register-model';
import { storeModel } from '../../properties/models/store-model';
import { searchLinearization } from '../../properties/wgl-search';
import { del, get, historyOf, update, upload, type OpSpec } from './history-builder';

const check = (specs: OpSpec[]) => checkLinearizability(historyOf(specs), storeModel);

test('a sequential store life cycle is linearizable', () => {
  const result = check([
    upload(0, 'a', 'x', 0, 1),
    get(1, 'a', 'x', 2, 3),
    update(0, 'a', 'y', 4, 5),
    get(1, 'a', 'y', 6, 7),
    del(0, 'a', 8, 9),
    upload(1, 'a', 'z', 10, 11),
    get(0, 'a', 'z', 12, 13),
  ]);
  assert.is(result.verdict, 'ok');
  assert.is(result.partitions, 1);
  assert.is(result.operations, 7);
  assert.is(result.violation, undefined);
});

test('a get overlapping an update may see old or new content, but not new then old', () => {
  const base = [upload(0, 'a', 'x', 0, 1), update(0, 'a', 'y', 2, 10)];
  assert.is(check([...base, get(1, 'a', 'x', 3, 4), get(2, 'a', 'y', 5, 6)]).verdict, 'ok');
  assert.is(check([...base, get(1, 'a', 'y', 3, 4), get(2, 'a', 'y', 5, 6)]).verdict, 'ok');
  assert.is(check([...base, get(1, 'a', 'y', 3, 4), get(2, 'a', 'x', 5, 6)]).verdict, 'violation');
});

test('stale read after an acknowledged update is a violation naming the update and the read', () => {
  const result = check([upload(0, 'a', 'x', 0, 1), update(1, 'a', 'y', 2, 3), get(2, 'a', 'x', 4, 5)]);
  assert.is(result.verdict, 'violation');
  const violation = result.violation;
  if (violation === undefined) throw new Error('expected a violation');
  assert.is(violation.partition, 'a');
  // The upload is not essential: whenever it happened, the update overwrote x.
  assert.equal(violation.operations.map((op) => op.input.op), ['update', 'get']);
  assert.is(violation.culpritId, 2);
  assert.ok(violation.minimal);
  assert.match(violation.timeline, '"x"');
  assert.match(violation.timeline, '"y"');
  assert.match(violation.timeline, 'update("a", "y")');
  assert.match(violation.timeline, 'get("a") -> "x"');
  assert.match(violation.timeline, 'p2');
  assert.match(violation.summary, 'get("a") -> "x"');
});

test('a read of content never written shrinks to the read alone', () => {
  const result = check([upload(0, 'a', 'x', 0, 1), get(1, 'a', 'x', 2, 3), get(1, 'a', 'zzz', 4, 5), get(0, 'a', 'x', 6, 7)]);
  assert.is(result.verdict, 'violation');
  assert.equal(result.violation?.operations.map((op) => op.id), [2]);
  assert.match(result.violation?.timeline ?? '', '"zzz"');
});

test('two uploads of one name both succeeding is a violation, concurrent or not', () => {
  for (const second of [upload(1, 'a', 'y', 2, 3), upload(1, 'a', 'y', 0, 3)]) {
    const result = check([upload(0, 'a', 'x', 0, 1), second]);
    assert.is(result.verdict, 'violation');
    assert.is(result.violation?.operations.length, 2);
  }
  // The second one failing is what the store should do.
  const fine = check([upload(0, 'a', 'x', 0, 1), upload(1, 'a', 'y', 2, 3, 'fail')]);
  assert.is(fine.verdict, 'ok');
  assert.is(fine.operations, 2);
  assert.is(fine.failed, 1);
  assert.is(fine.checked, 1);
});

test('a delete that is undone (content read after an acknowledged delete) is a violation', () => {
  const result = check([upload(0, 'a', 'x', 0, 1), del(1, 'a', 2, 3), get(2, 'a', 'x', 4, 5)]);
  assert.is(result.verdict, 'violation');
  // The upload is essential: were it free to happen again, it could explain the read.
  assert.equal(result.violation?.operations.map((op) => op.input.op), ['upload', 'delete', 'get']);
  // With an upload in between, the same read is fine.
  const again = check([upload(0, 'a', 'x', 0, 1), del(1, 'a', 2, 3), upload(0, 'a', 'x', 4, 5), get(2, 'a', 'x', 6, 7)]);
  assert.is(again.verdict, 'ok');
});

test('an unknown outcome may or may not have taken effect', () => {
  const base = [upload(0, 'a', 'x', 0, 1), update(1, 'a', 'y', 2, 3, 'unknown')];
  assert.is(check([...base, get(2, 'a', 'x', 4, 5)]).verdict, 'ok');
  assert.is(check([...base, get(2, 'a', 'y', 4, 5)]).verdict, 'ok');
  // Long after its timeout, it may still land...
  assert.is(check([...base, get(2, 'a', 'x', 4, 5), get(2, 'a', 'y', 100, 101)]).verdict, 'ok');
  // ...but once seen it cannot be unseen, and it cannot land before its invoke.
  assert.is(check([...base, get(2, 'a', 'y', 4, 5), get(2, 'a', 'x', 6, 7)]).verdict, 'violation');
  assert.is(check([upload(0, 'a', 'x', 0, 1), get(2, 'a', 'y', 2, 3), update(1, 'a', 'y', 4, 5, 'unknown')]).verdict, 'violation');
  // An invoke that never completes is unknown too.
  assert.is(check([upload(0, 'a', 'x', 0, 1), update(1, 'a', 'y', 2, 3, 'open'), get(2, 'a', 'y', 4, 5)]).verdict, 'ok');
  // An unknown get constrains nothing and is not checked at all.
  const unknownGet = check([upload(0, 'a', 'x', 0, 1), get(1, 'a', 'nope', 2, 3, 'unknown')]);
  assert.is(unknownGet.verdict, 'ok');
  assert.is(unknownGet.ignored, 1);
});

test('an unknown upload that must not take effect is simply left out', () => {
  // The unknown second upload can never succeed (the name exists), so it did not happen.
  const result = check([upload(0, 'a', 'x', 0, 1), upload(1, 'a', 'y', 2, 3, 'unknown'), get(2, 'a', 'x', 4, 5)]);
  assert.is(result.verdict, 'ok');
});

test('status operations are ignored but counted', () => {
  const result = check([upload(0, 'a', 'x', 0, 1), { p: 1, op: 'status', args: [], call: 0, ret: 2, result: { nodes: 3 } }]);
  assert.is(result.verdict, 'ok');
  assert.is(result.operations, 2);
  assert.is(result.ignored, 1);
});

test('ops that merely touch in time are concurrent', () => {
  // The get completes at the very instant the update is invoked: either order is allowed.
  const result = check([upload(0, 'a', 'x', 0, 1), get(1, 'a', 'y', 2, 5), update(0, 'a', 'y', 5, 6)]);
  assert.is(result.verdict, 'ok');
  assert.is(check([upload(0, 'a', 'x', 0, 1), get(1, 'a', 'y', 2, 4), update(0, 'a', 'y', 5, 6)]).verdict, 'violation');
});

test('a violation in one name among many names is reported with its partition and a small set', () => {
  const specs: OpSpec[] = [];
  let t = 0;
  for (const name of ['n0', 'n1', 'k', 'n2']) {
    specs.push(upload(0, name, 'x', t, t + 1), get(1, name, 'x', t + 2, t + 3));
    t += 4;
  }
  // Name "k": a long, busy life, then a stale read at the end.
  specs.push(update(0, 'k', 'y', t, t + 1), get(1, 'k', 'y', t + 2, t + 3), get(2, 'k', 'y', t + 2, t + 4));
  specs.push(update(0, 'k', 'z', t + 5, t + 6), get(1, 'k', 'z', t + 7, t + 8), get(2, 'k', 'y', t + 9, t + 10));
  specs.push(get(0, 'n0', 'x', t + 11, t + 12), update(0, 'k', 'w', t + 13, t + 14));
  const result = check(specs);
  assert.is(result.verdict, 'violation');
  assert.is(result.partitions, 4);
  const violation = result.violation;
  if (violation === undefined) throw new Error('expected a violation');
  assert.is(violation.partition, 'k');
  assert.ok(violation.minimal);
  const described = violation.operations.map((op) => storeModel.describeOperation(op.input, op.output));
  // y written, then z, then y read; nothing else about "k" matters.
  assert.equal(described, ['update("k", "y")', 'update("k", "z")', 'get("k") -> "y"']);
  assert.match(violation.summary, 'whatever the other');
  assert.match(violation.timeline, '<- not linearizable once this completes');
});

test('checking a list of operations directly works like checking the history', () => {
  const ops: Operation<RegisterInput, RegisterOutput>[] = [
    { id: 0, process: 0, call: 0, ret: 10, input: { op: 'write', value: 1 }, output: null, outcome: 'ok' },
    { id: 1, process: 1, call: 1, ret: 2, input: { op: 'read' }, output: 1, outcome: 'ok' },
    { id: 2, process: 1, call: 3, ret: 4, input: { op: 'read' }, output: null, outcome: 'ok' },
    { id: 3, process: 2, call: 0, ret: 1, input: { op: 'cas', from: 5, to: 6 }, output: null, outcome: 'fail' },
  ];
  const result = checkLinearizability(ops, registerModel);
  assert.is(result.verdict, 'violation');
  assert.is(result.operations, 4);
  assert.is(result.failed, 1);
  // The write is not essential: it may have happened at any time after its invoke.
  assert.equal(result.violation?.operations.map((op) => op.id), [1, 2]);
  assert.is(checkLinearizability(ops.slice(0, 2), registerModel).verdict, 'ok');
});

test('a step budget too small gives unknown, never a wrong verdict', () => {
  // 14 concurrent writes, then reads that pin the write order down to one permutation.
  const specs: OpSpec[] = [];
  for (let i = 0; i < 14; i += 1) specs.push({ p: i, op: 'write', args: [i], call: 0, ret: 100 });
  specs.push({ p: 20, op: 'read', args: [], call: 101, ret: 102, result: 0 });
  const history = historyOf(specs);
  const tiny = checkLinearizability(history, registerModel, { maxSteps: 50 });
  assert.is(tiny.verdict, 'unknown');
  assert.is(tiny.steps, 50);
  assert.is(tiny.violation, undefined);
  // Deterministic: the same budget gives the same answer and the same step count.
  assert.equal(checkLinearizability(history, registerModel, { maxSteps: 50 }), tiny);
  assert.is(checkLinearizability(history, registerModel).verdict, 'ok');
});

test('many unknown writes: a relaxed search still finds a read of a value never written', () => {
  // The exact search would try every subset and order of the 20 unknown writes.
  const specs: OpSpec[] = [];
  for (let i = 0; i < 20; i += 1) specs.push({ p: i, op: 'write', args: [i], call: i, ret: 100, outcome: 'unknown' });
  specs.push({ p: 30, op: 'read', args: [], call: 101, ret: 102, result: 99 });
  const history = historyOf(specs);
  const ops = operationsFromHistory(history, registerModel).operations;
  assert.is(searchLinearization(ops, registerModel, { maxSteps: 100_000 }).verdict, 'unknown');
  const result = checkLinearizability(history, registerModel, { maxSteps: 4_000 });
  assert.is(result.verdict, 'violation');
  assert.equal(result.violation?.operations.map((op) => registerModel.describeOperation(op.input, op.output)), ['read() -> 99']);
  // Reading a value one of them wrote is fine, and found without the relaxation.
  const fine = historyOf([...specs.slice(0, -1), { p: 30, op: 'read', args: [], call: 101, ret: 102, result: 7 }]);
  assert.is(checkLinearizability(fine, registerModel, { maxSteps: 40_000 }).verdict, 'ok');
});

test('an undecided partition does not hide a violation in another one', () => {
  const specs: OpSpec[] = [];
  for (let i = 0; i < 16; i += 1) specs.push(upload(i, 'big', `c${i}`, 0, 100, 'unknown'));
  for (let i = 0; i < 16; i += 1) specs.push(get(20 + i, 'big', `c${i}`, 101 + 2 * i, 102 + 2 * i));
  specs.push(upload(40, 'small', 'x', 0, 1), upload(41, 'small', 'y', 2, 3));
  const result = checkLinearizability(historyOf(specs), storeModel, { maxSteps: 100 });
  assert.is(result.verdict, 'violation');
  assert.is(result.violation?.partition, 'small');
  const without = checkLinearizability(historyOf(specs.slice(0, -2)), storeModel, { maxSteps: 100 });
  assert.is(without.verdict, 'unknown');
});

test('200 names x 10 sequential operations check quickly, one partition per name', () => {
  const specs: OpSpec[] = [];
  let t = 0;
  for (let round = 0; round < 5; round += 1) {
    for (let n = 0; n < 200; n += 1) {
      const name = `artifact-${n}`;
      const p = n % 7;
      if (round === 0) specs.push(upload(p, name, `v0-${n}`, t, t + 1));
      else specs.push(update(p, name, `v${round}-${n}`, t, t + 1));
      specs.push(get(p, name, `v${round}-${n}`, t + 2, t + 3));
      t += 4;
    }
  }
  assert.is(specs.length, 2000);
  const started = performance.now();
  const result = checkLinearizability(historyOf(specs), storeModel);
  const elapsedMs = performance.now() - started;
  assert.is(result.verdict, 'ok');
  assert.is(result.partitions, 200);
  assert.is(result.operations, 2000);
  assert.ok(result.steps <= 2000 * 2, `steps ${result.steps}`);
  assert.ok(elapsedMs < 5000, `took ${elapsedMs} ms`);
  console.log(`\nnote: 200 names x 10 operations checked in ${result.steps} steps, ${Math.round(elapsedMs)} ms`);
});

test('elapsedMs is only reported with a caller clock', () => {
  const history = historyOf([upload(0, 'a', 'x', 0, 1)]);
  assert.is(checkLinearizability(history, storeModel).elapsedMs, undefined);
  let now = 1000;
  const result = checkLinearizability(history, storeModel, { clock: () => (now += 5) });
  assert.is(result.elapsedMs, 5);
});

test('a negative or fractional step budget is rejected', () => {
  const history = historyOf([upload(0, 'a', 'x', 0, 1)]);
  assert.throws(() => checkLinearizability(history, storeModel, { maxSteps: -1 }), /maxSteps must be a non-negative integer/);
  assert.throws(() => checkLinearizability(history, storeModel, { minimizeMaxSteps: 1.5 }), /minimizeMaxSteps/);
});

// --- from-history

function formatError(history: History): HistoryFormatError {
  try {
    operationsFromHistory(history, storeModel);
  } catch (err) {
    if (err instanceof HistoryFormatError) return err;
    throw err;
  }
  throw new Error('expected a HistoryFormatError');
}

test('from-history pairs invokes and completions per process', () => {
  const history = historyOf([
    upload(0, 'a', 'x', 0, 5),
    get(1, 'a', 'x', 1, 3),
    upload(1, 'b', 'x', 4, 6, 'fail'),
    update(2, 'a', 'y', 2, 9, 'unknown'),
    del(0, 'a', 7, 8, 'open'),
  ]);
  const { operations, total, failed, ignored } = operationsFromHistory(history, storeModel);
  assert.is(total, 5);
  assert.is(failed, 1);
  assert.is(ignored, 0);
  assert.equal(operations.map((op) => [op.id, op.process, op.call, op.ret, op.outcome]), [
    [0, 0, 0, 5, 'ok'],
    [1, 1, 1, 3, 'ok'],
    [2, 2, 2, Infinity, 'unknown'],
    [4, 0, 7, Infinity, 'unknown'],
  ]);
  assert.is(operations[1]?.output, 'x');
  assert.is(operations[2]?.output, undefined);
});

test('from-history rejects a completion without an invoke', () => {
  const err = formatError([
    { process: 0, type: 'invoke', op: 'upload', args: ['a', 'x'], timeMs: 0 },
    { process: 0, type: 'ok', op: 'upload', args: ['a', 'x'], timeMs: 1 },
    { process: 1, type: 'ok', op: 'get', args: ['a'], result: 'x', timeMs: 2 },
  ]);
  assert.is(err.code, 'HISTORY_FORMAT');
  assert.match(err.message, 'history event 2');
  assert.match(err.message, 'no open invoke');
});

test('from-history rejects two invokes open on one process', () => {
  const err = formatError([
    { process: 0, type: 'invoke', op: 'upload', args: ['a', 'x'], timeMs: 0 },
    { process: 0, type: 'invoke', op: 'get', args: ['a'], timeMs: 1 },
  ]);
  assert.is(err.code, 'HISTORY_FORMAT');
  assert.match(err.message, 'history event 1');
  assert.match(err.message, 'still open');
});

test('from-history rejects a completion before its invoke', () => {
  const err = formatError([
    { process: 3, type: 'invoke', op: 'get', args: ['a'], timeMs: 10 },
    { process: 3, type: 'ok', op: 'get', args: ['a'], result: 'x', timeMs: 9 },
  ]);
  assert.match(err.message, 'history event 1');
  assert.match(err.message, 'before its invoke');
});

test('from-history rejects malformed events and arguments', () => {
  assert.match(formatError([{ process: 0, type: 'start', op: 'get', args: ['a'], timeMs: 0 } as never]).message, 'history event 0: type');
  const badArgs = formatError([
    { process: 0, type: 'invoke', op: 'upload', args: ['a'], timeMs: 0 },
    { process: 0, type: 'ok', op: 'upload', args: ['a'], timeMs: 1 },
  ]);
  assert.match(badArgs.message, 'history event 1: store model: upload: content must be a string');
  const badOp = formatError([
    { process: 0, type: 'invoke', op: 'rename', args: ['a'], timeMs: 0 },
    { process: 0, type: 'ok', op: 'rename', args: ['a'], timeMs: 1 },
  ]);
  assert.match(badOp.message, 'unknown operation "rename"');
  const mismatch = formatError([
    { process: 0, type: 'invoke', op: 'get', args: ['a'], timeMs: 0 },
    { process: 0, type: 'ok', op: 'delete', args: ['a'], timeMs: 1 },
  ]);
  assert.match(mismatch.message, 'history event 1');
});

test.run();
