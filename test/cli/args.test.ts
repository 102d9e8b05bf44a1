import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CliUsageError, parseFlags, parseIntegerFlag, parseSeedFlag, type FlagSpec } from '../../cli/args';

const FLAGS: FlagSpec[] = [
  { name: 'seed', type: 'string', description: 'seed' },
  { name: 'seeds', type: 'string', description: 'how many' },
  { name: 'json', type: 'boolean', description: 'json' },
];
const ONE = { min: 1, max: 1, names: '<scenario>' };

function usage(run: () => unknown): CliUsageError {
  try {
    run();
  } catch (err) {
    if (err instanceof CliUsageError) return err;
    throw err;
  }
  throw new Error('expected a CliUsageError');
}

test('parses flags and positionals; readers apply defaults', () => {
  const a = parseFlags('run', ['pi', '--seed', '7', '--json', '--seeds=3'], FLAGS, ONE);
  assert.equal(a.positionals, ['pi']);
  assert.is(a.seed('seed', 1), 7);
  assert.is(a.integer('seeds', { min: 1, max: 10, default: 1 }), 3);
  assert.ok(a.flag('json'));
  const b = parseFlags('run', ['pi'], FLAGS, ONE);
  assert.is(b.seed('seed', 1), 1);
  assert.is(b.integer('seeds', { min: 1, max: 10, default: 4 }), 4);
  assert.not.ok(b.flag('json'));
});

test('an unknown flag is named, with the flags that exist', () => {
  const err = usage(() => parseFlags('run', ['pi', '--bogus'], FLAGS, ONE));
  assert.is(err.code, 'USAGE');
  assert.match(err.message, /unknown flag --bogus/);
  assert.match(err.message, /--seed, --seeds, --json, --help/);
  assert.match(usage(() => parseFlags('run', ['pi', '-x'], FLAGS, ONE)).message, /unknown flag -x/);
});

test('missing values, values on booleans and wrong positional counts are usage errors', () => {
  assert.match(usage(() => parseFlags('run', ['pi', '--seed'], FLAGS, ONE)).message, /--seed needs a value/);
  assert.match(usage(() => parseFlags('run', ['pi', '--seed', '--json'], FLAGS, ONE)).message, /--seed needs a value/);
  assert.match(usage(() => parseFlags('run', ['pi', '--json=1'], FLAGS, ONE)).message, /--json takes no value/);
  assert.match(usage(() => parseFlags('run', [], FLAGS, ONE)).message, /missing <scenario>/);
  assert.match(usage(() => parseFlags('run', ['pi', 'extra'], FLAGS, ONE)).message, /unexpected argument "extra"/);
});

test('integers: decimal only, within range, message names the flag, range and value', () => {
  assert.is(parseIntegerFlag('seeds', '12', { min: 1, max: 100 }), 12);
  assert.is(parseIntegerFlag('offset', '-3', { min: -5, max: 5 }), -3);
  assert.match(usage(() => parseIntegerFlag('seeds', '0', { min: 1, max: 100 })).message, /^--seeds must be an integer in 1\.\.100, got "0"$/);
  for (const bad of ['abc', '1.5', '1e3', '0x10', '', '99999999999999999999']) {
    assert.throws(() => parseIntegerFlag('seeds', bad, { min: 1, max: Number.MAX_SAFE_INTEGER }), /--seeds must be an integer/);
  }
});

test('seeds: integer text becomes a number, other non-empty text stays a string, empty is refused', () => {
  assert.is(parseSeedFlag('seed', '42'), 42);
  assert.is(parseSeedFlag('seed', '-1'), -1);
  assert.is(parseSeedFlag('seed', 'abc'), 'abc');
  assert.is(parseSeedFlag('seed', '1.5'), '1.5');
  assert.is(parseSeedFlag('seed', '99999999999999999999'), '99999999999999999999');
  assert.match(usage(() => parseSeedFlag('seed', '')).message, /--seed must be an integer or a non-empty string, got ""/);
});

test('choices name the accepted values', () => {
  const a = parseFlags('run', ['pi', '--seed', 'x'], FLAGS, ONE);
  assert.is(a.choice('seed', ['x', 'y'], 'y'), 'x');
  assert.match(usage(() => a.choice('seed', ['p', 'q'], 'p')).message, /--seed must be one of p, q, got "x"/);
});

test.run();
