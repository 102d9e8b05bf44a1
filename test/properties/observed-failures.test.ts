import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkHistoryText } from '../../properties/check-history-file';
import type { History } from '../../properties/history';
import { checkLinearizability } from '../../properties/linearizability';
import { registerModel } from '../../properties/models/register-model';
import { storeModel } from '../../properties/models/store-model';
import { del, get, historyOf, upload, type OpSpec } from './history-builder';

// Failures that observe the state (Model.observeFailure): never an effect, but
// checked as reads inside their interval. Hand-written histories whose only
// anomaly is such a failure are violations; correct ones stay linearizable.

const failed = (spec: OpSpec, reason: string): OpSpec => ({ ...spec, outcome: 'fail', result: reason });

function verdict(history: History, model: 'store' | 'register' = 'store'): string {
  return (model === 'store' ? checkLinearizability(history, storeModel) : checkLinearizability(history, registerModel)).verdict;
}

test('a get NOT_FOUND right after an acknowledged upload (no delete) is a violation', () => {
  const history = historyOf([upload(0, 'a', 'x', 0, 10), failed(get(1, 'a', '', 20, 30), 'NOT_FOUND')]);
  const result = checkLinearizability(history, storeModel);
  assert.is(result.verdict, 'violation');
  assert.is(result.failed, 1);
  assert.is(result.observed, 1);
  assert.match(result.violation!.timeline, /get\("a"\) failed NOT_FOUND: absent/);
  // Through check-history, as the actorsim JSON a recording client writes.
  assert.is(checkHistoryText(JSON.stringify(history)).result.verdict, 'violation');
});

test('an upload ALREADY_EXISTS after an acknowledged delete is a violation', () => {
  const history = historyOf([upload(0, 'a', 'x', 0, 10), del(0, 'a', 20, 30), failed(upload(1, 'a', 'y', 40, 50), 'ALREADY_EXISTS')]);
  assert.is(verdict(history), 'violation');
  assert.is(checkHistoryText(JSON.stringify(history), { model: 'store' }).result.verdict, 'violation');
});

test('update and delete failing NOT_FOUND observe absence', () => {
  const base = [upload(0, 'a', 'x', 0, 10)];
  assert.is(verdict(historyOf([...base, failed({ p: 1, op: 'update', args: ['a', 'y'], call: 20, ret: 30 }, 'NOT_FOUND')])), 'violation');
  assert.is(verdict(historyOf([...base, failed(del(1, 'a', 20, 30), 'NOT_FOUND')])), 'violation');
});

test('correct histories with observing failures stay linearizable', () => {
  const cases: OpSpec[][] = [
    // Before any upload, and concurrent with one: absence is possible.
    [failed(get(1, 'a', '', 0, 5), 'NOT_FOUND'), upload(0, 'a', 'x', 10, 20)],
    [upload(0, 'a', 'x', 0, 20), failed(get(1, 'a', '', 5, 8), 'NOT_FOUND')],
    // After a delete, absent; after an upload, present.
    [upload(0, 'a', 'x', 0, 10), del(0, 'a', 20, 30), failed(get(1, 'a', '', 40, 50), 'NOT_FOUND'), failed(del(1, 'a', 60, 70), 'NOT_FOUND')],
    [upload(0, 'a', 'x', 0, 10), failed(upload(1, 'a', 'y', 20, 30), 'ALREADY_EXISTS'), get(2, 'a', 'x', 40, 50)],
    // Concurrent with the delete: present or absent, either is fine.
    [upload(0, 'a', 'x', 0, 10), del(0, 'a', 20, 40), failed(upload(1, 'a', 'y', 25, 30), 'ALREADY_EXISTS'), failed(get(2, 'a', '', 26, 31), 'NOT_FOUND')],
    // Other names are other registers.
    [upload(0, 'a', 'x', 0, 10), failed(get(1, 'b', '', 20, 30), 'NOT_FOUND')],
  ];
  for (const specs of cases) assert.is(verdict(historyOf(specs)), 'ok', JSON.stringify(specs));
});

test('failures that observe nothing are dropped, as before', () => {
  for (const reason of ['UNAVAILABLE', 'SAFE_MODE', 'TIMEOUT', undefined]) {
    const history = historyOf([upload(0, 'a', 'x', 0, 10), { ...get(1, 'a', '', 20, 30), outcome: 'fail', result: reason }]);
    const result = checkLinearizability(history, storeModel);
    assert.is(result.verdict, 'ok', String(reason));
    assert.is(result.observed, 0);
  }
});

test('an ok get recorded with a null result observes absence', () => {
  assert.is(verdict(historyOf([upload(0, 'a', 'x', 0, 10), { p: 1, op: 'get', args: ['a'], call: 20, ret: 30, result: null }])), 'violation');
  assert.is(verdict(historyOf([{ p: 1, op: 'get', args: ['a'], call: 0, ret: 5, result: null }, upload(0, 'a', 'x', 10, 20)])), 'ok');
});

test('register: a failed cas observes that the value differed', () => {
  const write = (p: number, value: number, call: number, ret: number): OpSpec => ({ p, op: 'write', args: [value], call, ret });
  const cas = (p: number, from: number, to: number, call: number, ret: number): OpSpec => ({ p, op: 'cas', args: [from, to], call, ret, outcome: 'fail' });
  assert.is(verdict(historyOf([write(0, 1, 0, 10), cas(1, 1, 2, 20, 30)]), 'register'), 'violation');
  assert.is(verdict(historyOf([write(0, 1, 0, 10), cas(1, 3, 2, 20, 30)]), 'register'), 'ok');
  assert.is(verdict(historyOf([write(0, 1, 0, 10), cas(1, 1, 2, 5, 30)]), 'register'), 'ok'); // concurrent: before the write
  // The Jepsen form: a :fail cas.
  const log = ['0 :invoke :write 1', '0 :ok :write 1', '1 :invoke :cas [1 2]', '1 :fail :cas [1 2]'].join('\n');
  assert.is(checkHistoryText(log).result.verdict, 'violation');
});

test.run();
