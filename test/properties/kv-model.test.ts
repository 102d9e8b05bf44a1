import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkLinearizabilityBruteForce } from '../../properties/brute-force';
import { checkHistoryText } from '../../properties/check-history-file';
import { HistoryFormatError, operationsFromHistory } from '../../properties/from-history';
import type { History } from '../../properties/history';
import { parseJepsenLog } from '../../properties/jepsen-log';
import { checkLinearizability } from '../../properties/linearizability';
import { independentKeys } from '../../properties/models/independent-keys';
import { kvKeyModel, kvModel } from '../../properties/models/kv-model';
import { singlePartition, type Model } from '../../properties/model';
import { registerModel, type RegisterInput, type RegisterOutput, type RegisterValue } from '../../properties/models/register-model';
import { syntheticHistory, toKnossosKvLog } from '../../properties/synthetic-history';
import { searchLinearization } from '../../properties/wgl-search';
import { historyOf } from './history-builder';

// The kv model (put/get/append per key), the independentKeys combinator and
// the Knossos/Porcupine kv log format. Verdicts are cross-checked by brute
// force on small histories, and by construction on big ones (synthetic
// histories: a sequential execution with overlapping intervals, or one read
// corrupted so that no linearization exists).

const lines = (...rows: string[]): string => rows.join('\n') + '\n';

function formatError(run: () => unknown): HistoryFormatError {
  try {
    run();
  } catch (err) {
    if (err instanceof HistoryFormatError) return err;
    throw err;
  }
  throw new Error('expected a HistoryFormatError');
}

test('reads Knossos/Porcupine kv lines: put, get, append, ok/fail/info, nil for absent', () => {
  const history = parseJepsenLog(
    lines(
      '{:process 0, :type :invoke, :f :put, :key "k", :value "v"}',
      '{:process 1, :type :invoke, :f :get, :key "k", :value nil}',
      '{:process 0, :type :ok, :f :put, :key "k", :value "v"}',
      '{:process 1, :type :ok, :f :get, :key "k", :value nil}',
      '{:process 0, :type :invoke, :f :append, :key "k", :value "w"}',
      '{:process 0, :type :info, :f :append, :key "k", :value "w"}',
      '{:process 2, :type :invoke, :f :append, :key 7, :value 3}',
      '{:process 2, :type :fail, :f :append, :key 7, :value 3}',
    ),
  );
  assert.equal(history, [
    { process: 0, type: 'invoke', op: 'put', args: ['k', 'v'], timeMs: 0 },
    { process: 1, type: 'invoke', op: 'get', args: ['k'], timeMs: 1 },
    { process: 0, type: 'ok', op: 'put', args: ['k', 'v'], timeMs: 2 },
    { process: 1, type: 'ok', op: 'get', args: ['k'], result: null, timeMs: 3 },
    { process: 0, type: 'invoke', op: 'append', args: ['k', 'w'], timeMs: 4 },
    { process: 0, type: 'unknown', op: 'append', args: ['k', 'w'], timeMs: 5 },
    { process: 2, type: 'invoke', op: 'append', args: [7, 3], timeMs: 6 },
    { process: 2, type: 'fail', op: 'append', args: [7, 3], timeMs: 7 },
  ]);
  assert.match(formatError(() => parseJepsenLog('{:process 0, :type :invoke, :f :put, :value "v"}')).message, /line 1: .*:key of a :put must be a string or a number, got undefined/);
  assert.match(
    formatError(() => parseJepsenLog(lines('{:process 0, :type :invoke, :f :get, :key "a", :value nil}', '{:process 0, :type :ok, :f :get, :key "b", :value nil}'))).message,
    /line 2: process 0 completes :get on key "b" but invoked it on key "a"/,
  );
});

test('kv semantics: append concatenates, get of an absent key is nil, keys are independent', () => {
  const ok = historyOf([
    { p: 0, op: 'get', args: ['a'], call: 0, ret: 1, result: null },
    { p: 0, op: 'append', args: ['a', 'x'], call: 2, ret: 3 },
    { p: 0, op: 'append', args: ['a', 'y'], call: 4, ret: 5 },
    { p: 1, op: 'get', args: ['a'], call: 6, ret: 7, result: 'xy' },
    { p: 1, op: 'put', args: ['b', 'z'], call: 8, ret: 9 },
    { p: 1, op: 'append', args: ['b', '!'], call: 10, ret: 11 },
    { p: 0, op: 'get', args: ['b'], call: 12, ret: 13, result: 'z!' },
    { p: 0, op: 'get', args: ['c'], call: 14, ret: 15, result: null },
  ]);
  const result = checkLinearizability(ok, kvModel);
  assert.is(result.verdict, 'ok');
  assert.is(result.partitions, 3);
  const reordered = historyOf([
    { p: 0, op: 'append', args: ['a', 'x'], call: 2, ret: 3 },
    { p: 0, op: 'append', args: ['a', 'y'], call: 4, ret: 5 },
    { p: 1, op: 'get', args: ['a'], call: 6, ret: 7, result: 'yx' },
  ]);
  const bad = checkLinearizability(reordered, kvModel);
  assert.is(bad.verdict, 'violation');
  assert.is(bad.violation?.partition, 'a');
  // A value seen on another key is not this key's: partitions do not mix.
  const crossed = historyOf([
    { p: 0, op: 'put', args: ['a', 'v'], call: 0, ret: 1 },
    { p: 1, op: 'get', args: ['b'], call: 2, ret: 3, result: 'v' },
  ]);
  assert.is(checkLinearizability(crossed, kvModel).verdict, 'violation');
});

test('independentKeys works for any per-key model: registers keyed by their first argument', () => {
  type KeyedInput = { key: string; inner: RegisterInput };
  const perKey: Model<RegisterValue, KeyedInput, RegisterOutput> = {
    name: 'register',
    init: () => registerModel.init(),
    step: (state, input, output) => registerModel.step(state, input.inner, output),
    key: (state) => registerModel.key(state),
    readOnly: (input) => input.inner.op === 'read',
    partition: singlePartition,
    decode: (event) => {
      const inner = registerModel.decode({ ...event, args: event.args.slice(1) });
      return inner === null ? null : { input: { key: String(event.args[0]), inner: inner.input }, output: inner.output };
    },
    describeOperation: (input, output) => `${input.key}: ${registerModel.describeOperation(input.inner, output)}`,
    describeState: (state) => registerModel.describeState(state),
  };
  const keyedRegister = independentKeys(perKey, (input) => input.key);
  const history = historyOf([
    { p: 0, op: 'write', args: ['x', 1], call: 0, ret: 1 },
    { p: 1, op: 'write', args: ['y', 2], call: 0, ret: 1 },
    { p: 0, op: 'read', args: ['x'], call: 2, ret: 3, result: 1 },
    { p: 1, op: 'read', args: ['y'], call: 2, ret: 3, result: 2 },
  ]);
  assert.is(checkLinearizability(history, keyedRegister).verdict, 'ok');
  // As one register it would be a violation: that is what the refusal below prevents.
  const swapped = historyOf([
    { p: 0, op: 'write', args: ['x', 1], call: 0, ret: 1 },
    { p: 1, op: 'write', args: ['y', 2], call: 0, ret: 1 },
    { p: 0, op: 'read', args: ['x'], call: 2, ret: 3, result: 2 },
  ]);
  const result = checkLinearizability(swapped, keyedRegister);
  assert.is(result.verdict, 'violation');
  assert.is(result.violation?.partition, 'x');
  assert.is(keyedRegister.name, 'register per key');
});

test('a multi-key history is refused by the single-register model, never checked as one register', () => {
  const keyedLog = lines(
    '{:process 0, :type :invoke, :f :write, :key "a", :value 1}',
    '{:process 0, :type :ok, :f :write, :key "a", :value 1}',
    '{:process 1, :type :invoke, :f :read, :key "b", :value nil}',
    '{:process 1, :type :ok, :f :read, :key "b", :value nil}',
  );
  assert.match(formatError(() => checkHistoryText(keyedLog, { model: 'register' })).message, /register model checks one register, but the operations name 2 keys \("a", "b"\): use the kv model/);
  // Without --model a keyed Jepsen log is a kv history (read/write read as get/put).
  const auto = checkHistoryText(keyedLog);
  assert.is(auto.model, 'kv');
  assert.is(auto.result.verdict, 'ok');
  const json = JSON.stringify([
    { process: 0, type: 'invoke', op: 'write', args: ['a', 1], timeMs: 0 },
    { process: 0, type: 'ok', op: 'write', args: ['a', 1], timeMs: 1 },
  ]);
  assert.match(formatError(() => checkHistoryText(json, { model: 'register' })).message, /operations name a key \("a"\)/);
  const kvOps = lines('{:process 0, :type :invoke, :f :put, :key "a", :value "v"}', '{:process 0, :type :ok, :f :put, :key "a", :value "v"}');
  assert.throws(() => checkHistoryText(kvOps, { model: 'register' }), /use the kv model/);
});

test("Jepsen's independent histories (the key inside the value) are keyed: kv checks them, register refuses them", () => {
  const log = (lastRead: number): string =>
    lines(
      '0\t:invoke\t:write\t[1 3]',
      '0\t:ok\t:write\t[1 3]',
      '1\t:invoke\t:write\t[2 4]',
      '1\t:ok\t:write\t[2 4]',
      '0\t:invoke\t:cas\t[1 [3 5]]',
      '0\t:ok\t:cas\t[1 [3 5]]',
      '1\t:invoke\t:cas\t[2 [9 1]]',
      '1\t:fail\t:cas\t[2 [9 1]]',
      '2\t:invoke\t:read\t[1 nil]',
      `2\t:ok\t:read\t[1 ${lastRead}]`,
    );
  const history = parseJepsenLog(log(5));
  assert.equal(history[4], { process: 0, type: 'invoke', op: 'cas', args: [1, 3, 5], timeMs: 4 });
  assert.equal(history[9], { process: 2, type: 'ok', op: 'read', args: [1], result: 5, timeMs: 9 });
  const ok = checkHistoryText(log(5));
  assert.is(ok.model, 'kv');
  assert.is(ok.result.verdict, 'ok');
  assert.is(ok.result.partitions, 2);
  assert.is(ok.result.observed, 1); // the failed cas: key 2 did not hold 9
  assert.is(checkHistoryText(log(3)).result.verdict, 'violation'); // the cas 3 -> 5 completed before
  assert.throws(() => checkHistoryText(log(5), { model: 'register' }), /operations name 2 keys/);
  // A failed cas whose old value was there is a violation.
  const badCas = lines('0 :invoke :write [1 3]', '0 :ok :write [1 3]', '1 :invoke :cas [1 [3 4]]', '1 :fail :cas [1 [3 4]]');
  assert.is(checkHistoryText(badCas).result.verdict, 'violation');
});

function smallKvHistories(seed: number): History[] {
  const clients = 1 + (seed % 3);
  const base = { kind: 'kv' as const, clients, operations: 6, seed, keys: 1 + (seed % 2), maxDuration: 6, unknownRate: 0.2 };
  const out: History[] = [syntheticHistory(base)];
  try {
    out.push(syntheticHistory({ ...base, corrupt: true }));
  } catch {
    // No read qualifies for corruption in this draw.
  }
  // And one with a read's value swapped for another drawn value: either verdict.
  const mutated = syntheticHistory({ ...base, seed: seed + 1 }).map((e) => ({ ...e }));
  const reads = mutated.filter((e) => e.type === 'ok' && e.op === 'get');
  const values = [null, ...mutated.filter((e) => e.op !== 'get' && e.type === 'invoke').map((e) => e.args[1] as string)];
  if (reads.length > 0) reads[seed % reads.length]!.result = values[seed % values.length]!;
  out.push(mutated);
  return out;
}

test('the checker agrees with brute force on small kv histories with unknown outcomes', () => {
  const counts = { ok: 0, violation: 0 };
  for (let seed = 0; seed < 400; seed += 1) {
    for (const history of smallKvHistories(seed)) {
      const ops = operationsFromHistory(history, kvModel).operations;
      const perKey = kvModel.partition(ops);
      const expected = perKey.every((part) => checkLinearizabilityBruteForce(part.operations, kvKeyModel) === 'ok') ? 'ok' : 'violation';
      const result = checkLinearizability(history, kvModel);
      assert.is(result.verdict, expected, `seed ${seed}: ${JSON.stringify(history)}`);
      if (result.violation) assert.is(checkLinearizabilityBruteForce(result.violation.operations, kvKeyModel), 'violation');
      counts[expected] += 1;
    }
  }
  console.log(`note: kv brute-force cross-check: ${counts.ok} linearizable, ${counts.violation} violations`);
  assert.ok(counts.ok >= 200 && counts.violation >= 200, JSON.stringify(counts));
});

test('shrinking an append violation stays within its step budget and still fails on its own', () => {
  // 38 operations, appends on one key from 6 clients, some unknown: the case
  // that once made the shrinker run until killed.
  const history = syntheticHistory({ kind: 'kv', clients: 6, operations: 38, seed: 5, keys: 1, unknownRate: 0.3, corrupt: true });
  for (const minimizeMaxSteps of [2_000, 50_000]) {
    const result = checkLinearizability(history, kvModel, { minimizeMaxSteps });
    assert.is(result.verdict, 'violation');
    const v = result.violation!;
    assert.ok(v.minimizeSteps <= minimizeMaxSteps, `${v.minimizeSteps} > ${minimizeMaxSteps}`);
    assert.ok(v.operations.length >= 1 && v.operations.length <= 38);
    // The reported set cannot be linearized with every other operation weakened away.
    assert.is(searchLinearization(v.operations, kvKeyModel, { maxSteps: 1_000_000 }).verdict, 'violation');
  }
});

test('Knossos kv logs of 1 to 50 clients: linearizable ones check ok, one corrupted read is caught', () => {
  // As in Jepsen's independent tests, keys grow with the clients, so each
  // key sees a bounded concurrency (a violation's proof is exhaustive).
  for (const clients of [1, 2, 3, 5, 10, 20, 35, 50]) {
    for (const seed of [1, 2]) {
      const keys = 2 + Math.floor(clients / 4);
      const options = { kind: 'kv' as const, clients, operations: 60 + 4 * clients, seed: seed * 100 + clients, keys, unknownRate: 0.05 };
      const good = checkHistoryText(toKnossosKvLog(syntheticHistory(options)));
      assert.is(good.model, 'kv');
      assert.is(good.result.verdict, 'ok', `${clients} clients, seed ${seed}: ${good.result.violation?.summary ?? ''}`);
      const bad = checkHistoryText(toKnossosKvLog(syntheticHistory({ ...options, corrupt: true })));
      assert.is(bad.result.verdict, 'violation', `${clients} clients, seed ${seed}, corrupted`);
    }
  }
});

test.run();
