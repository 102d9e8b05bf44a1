import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkHistoryText, parseActorsimHistory } from '../../properties/check-history-file';
import { HistoryFormatError } from '../../properties/from-history';
import { detectHistoryFormat, parseJepsenLog } from '../../properties/jepsen-log';
import { checkLinearizability } from '../../properties/linearizability';
import { registerModel } from '../../properties/models/register-model';

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

test('parses tab-separated lines, log prefixes, EDN maps; skips nemesis and comments', () => {
  const history = parseJepsenLog(
    lines(
      '; a comment',
      'INFO  jepsen.util - 0\t:invoke\t:write\t3',
      '1 :invoke :cas [3 4]',
      ':nemesis\t:info\t:start\tnil',
      '0\t:ok\t:write\t3',
      '{:process 2, :type :invoke, :f :read, :value nil}',
      '1\t:info\t:cas\t:timed-out',
      '{:process 2, :type :ok, :f :read, :value 4, :time 123}',
      '',
      '3\t:invoke\t:read\tnil',
      '3\t:fail\t:read\tnil\t:timed-out',
      '4\t:invoke\t:write\t"text"',
    ),
  );
  assert.equal(history, [
    { process: 0, type: 'invoke', op: 'write', args: [3], timeMs: 1 },
    { process: 1, type: 'invoke', op: 'cas', args: [3, 4], timeMs: 2 },
    { process: 0, type: 'ok', op: 'write', args: [3], timeMs: 4 },
    { process: 2, type: 'invoke', op: 'read', args: [], timeMs: 5 },
    { process: 1, type: 'unknown', op: 'cas', args: [3, 4], timeMs: 6 },
    { process: 2, type: 'ok', op: 'read', args: [], result: 4, timeMs: 7 },
    { process: 3, type: 'invoke', op: 'read', args: [], timeMs: 9 },
    { process: 3, type: 'fail', op: 'read', args: [], result: 'timed-out', timeMs: 10 },
    { process: 4, type: 'invoke', op: 'write', args: ['text'], timeMs: 11 },
  ]);
});

test('a linearizable register history with concurrency, cas and a timed-out write', () => {
  const log = lines(
    '0\t:invoke\t:write\t1',
    '1\t:invoke\t:read\tnil',
    '1\t:ok\t:read\tnil', // read before the write took effect
    '0\t:ok\t:write\t1',
    '2\t:invoke\t:cas\t[1 2]',
    '1\t:invoke\t:read\tnil',
    '1\t:ok\t:read\t1', // concurrent with the cas: old value
    '2\t:ok\t:cas\t[1 2]',
    '0\t:invoke\t:cas\t[1 5]',
    '0\t:fail\t:cas\t[1 5]', // value was 2: failed, no effect
    '3\t:invoke\t:write\t7',
    '3\t:info\t:write\t:timed-out',
    '1\t:invoke\t:read\tnil',
    '1\t:ok\t:read\t2', // the timed-out write has not landed yet...
    '1\t:invoke\t:read\tnil',
    '1\t:ok\t:read\t7', // ...now it has
  );
  const result = checkLinearizability(parseJepsenLog(log), registerModel);
  assert.is(result.verdict, 'ok');
  assert.is(result.operations, 8);
  assert.is(result.failed, 1);
  assert.is(result.partitions, 1);
});

test('a stale read in a register history is a violation with the values in its timeline', () => {
  const log = lines(
    '0\t:invoke\t:write\t1',
    '0\t:ok\t:write\t1',
    '0\t:invoke\t:write\t2',
    '0\t:ok\t:write\t2',
    '1\t:invoke\t:read\tnil',
    '1\t:ok\t:read\t1',
  );
  const result = checkLinearizability(parseJepsenLog(log), registerModel);
  assert.is(result.verdict, 'violation');
  const violation = result.violation;
  if (violation === undefined) throw new Error('expected a violation');
  assert.equal(violation.operations.map((op) => registerModel.describeOperation(op.input, op.output)), ['write(1)', 'write(2)', 'read() -> 1']);
  assert.match(violation.timeline, 'write(2)');
  assert.match(violation.timeline, 'read() -> 1');
  assert.match(violation.timeline, 'p1');
});

test('a cas that succeeds against the wrong value is a violation', () => {
  const log = lines(
    '0\t:invoke\t:write\t1',
    '0\t:ok\t:write\t1',
    '1\t:invoke\t:cas\t[3 4]',
    '1\t:ok\t:cas\t[3 4]',
  );
  assert.is(checkLinearizability(parseJepsenLog(log), registerModel).verdict, 'violation');
  // The same cas timed out: it did not happen, and that is fine.
  const timedOut = log.replace('1\t:ok\t:cas\t[3 4]', '1\t:info\t:cas\t[3 4]');
  assert.is(checkLinearizability(parseJepsenLog(timedOut), registerModel).verdict, 'ok');
});

test('reading a value only an unknown write wrote is fine; reading it before that write began is not', () => {
  const fine = lines('0\t:invoke\t:write\t9', '1\t:invoke\t:read\tnil', '1\t:ok\t:read\t9', '0\t:info\t:write\t9');
  assert.is(checkLinearizability(parseJepsenLog(fine), registerModel).verdict, 'ok');
  const early = lines('1\t:invoke\t:read\tnil', '1\t:ok\t:read\t9', '0\t:invoke\t:write\t9', '0\t:info\t:write\t9');
  assert.is(checkLinearizability(parseJepsenLog(early), registerModel).verdict, 'violation');
  // An invoke with no completion at all is an unknown outcome too.
  const open = lines('0\t:invoke\t:write\t9', '1\t:invoke\t:read\tnil', '1\t:ok\t:read\t9');
  assert.is(checkLinearizability(parseJepsenLog(open), registerModel).verdict, 'ok');
});

test('bad Jepsen lines name the line number and the text', () => {
  const unparsable = formatError(() => parseJepsenLog(lines('0\t:invoke\t:read\tnil', '0 :ok :read [1')));
  assert.is(unparsable.code, 'HISTORY_FORMAT');
  assert.match(unparsable.message, 'line 2');
  assert.match(unparsable.message, '0 :ok :read [1');
  const orphan = formatError(() => parseJepsenLog(lines('0\t:invoke\t:read\tnil', '0\t:ok\t:read\t1', '5\t:ok\t:write\t2')));
  assert.match(orphan.message, 'line 3');
  assert.match(orphan.message, 'no open invoke');
  const twice = formatError(() => parseJepsenLog(lines('0\t:invoke\t:read\tnil', '0\t:invoke\t:read\tnil')));
  assert.match(twice.message, 'line 2: process 0 invokes :read while its :read from line 1 is still open');
  const op = formatError(() => parseJepsenLog(lines('0\t:invoke\t:add\t1')));
  assert.match(op.message, 'line 1: the operation must be :read, :write or :cas');
  const cas = formatError(() => parseJepsenLog(lines('0\t:invoke\t:cas\t3')));
  assert.match(cas.message, 'line 1: a cas value must be [old new]');
  const type = formatError(() => parseJepsenLog(lines('0\t:begin\t:read\tnil')));
  assert.match(type.message, 'line 1: the type must be');
});

test('detectHistoryFormat tells actorsim JSON from Jepsen logs', () => {
  assert.is(detectHistoryFormat('[{"process":0,"type":"invoke","op":"get","args":["a"],"timeMs":0}]'), 'actorsim');
  assert.is(detectHistoryFormat('  [ ]'), 'actorsim');
  assert.is(detectHistoryFormat('{ "history": [] }'), 'actorsim');
  assert.is(detectHistoryFormat('{"process":0,"type":"invoke","op":"get","args":["a"],"timeMs":0}\n'), 'actorsim');
  assert.is(detectHistoryFormat('0\t:invoke\t:read\tnil\n'), 'jepsen');
  assert.is(detectHistoryFormat('INFO  jepsen.util - 0\t:invoke\t:read\tnil\n'), 'jepsen');
  assert.is(detectHistoryFormat('{:process 0, :type :invoke, :f :read, :value nil}\n'), 'jepsen');
});

test('checkHistoryText picks the register model for Jepsen and the store model for actorsim', () => {
  const jepsen = checkHistoryText(lines('0\t:invoke\t:write\t1', '0\t:ok\t:write\t1', '1\t:invoke\t:read\tnil', '1\t:ok\t:read\t2'));
  assert.is(jepsen.format, 'jepsen');
  assert.is(jepsen.model, 'register');
  assert.is(jepsen.result.verdict, 'violation');

  const events = [
    { process: 0, type: 'invoke', op: 'upload', args: ['a', 'x'], timeMs: 0 },
    { process: 0, type: 'ok', op: 'upload', args: ['a', 'x'], timeMs: 1 },
    { process: 1, type: 'invoke', op: 'get', args: ['a'], timeMs: 2 },
    { process: 1, type: 'ok', op: 'get', args: ['a'], result: 'x', timeMs: 3 },
  ];
  for (const text of [JSON.stringify(events), JSON.stringify({ seed: 7, history: events }), events.map((e) => JSON.stringify(e)).join('\n')]) {
    const checked = checkHistoryText(text);
    assert.is(checked.format, 'actorsim');
    assert.is(checked.model, 'store');
    assert.is(checked.result.verdict, 'ok');
    assert.is(checked.result.operations, 2);
  }
  const asRegister = checkHistoryText(
    JSON.stringify([
      { process: 0, type: 'invoke', op: 'write', args: [1], timeMs: 0 },
      { process: 0, type: 'ok', op: 'write', args: [1], timeMs: 1 },
    ]),
    { model: 'register' },
  );
  assert.is(asRegister.model, 'register');
  assert.is(asRegister.result.verdict, 'ok');
});

test('malformed actorsim history text names the line', () => {
  const err = formatError(() => parseActorsimHistory('{"process":0,"type":"invoke","op":"get","args":["a"],"timeMs":0}\n{"process":0,\n'));
  assert.match(err.message, 'history line 2');
  const notEvents = formatError(() => parseActorsimHistory('{"runs": 3}'));
  assert.match(notEvents.message, 'expected a JSON array of events');
});

test.run();
