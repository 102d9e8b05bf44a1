import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AssertionFailedError } from '../../../core/errors';
import { checkLogRecord } from '../../../core/store/log-record';
import type { LogRecord } from '../../../core/store/name-node';

// Edit-log records are checked before they are appended: a record the name
// node could not replay would keep it from ever starting again.

const good: LogRecord = { op: 'commit', name: 'a', version: 1, gen: 7, size: 3, chunks: [{ id: 'b7_0', index: 0, size: 2, checksum: 'c0' }, { id: 'b7_1', index: 1, size: 1, checksum: 'c1' }] };

test('records the name node writes pass', () => {
  checkLogRecord(good);
  checkLogRecord({ op: 'reserve', upTo: 64 });
  checkLogRecord({ op: 'delete', name: 'a' });
  checkLogRecord({ op: 'commit', name: 'empty', version: 2, gen: 9, size: 0, chunks: [{ id: 'b9_0', index: 0, size: 0, checksum: 'c' }] });
});

test('records it could not replay are refused with an assertion naming what is wrong', () => {
  const bad: Array<[unknown, RegExp]> = [
    [{ op: 'commit', name: 'poison', version: 1, gen: 1, size: 1, chunks: null }, /needs at least one chunk/],
    [{ ...good, chunks: [good.op === 'commit' ? good.chunks[1] : null] }, /chunk 0 is/],
    [{ ...good, size: 4 }, /chunks hold 3 bytes, the record says 4/],
    [{ ...good, name: '' }, /bad name/],
    [{ ...good, version: 0 }, /needs version, gen >= 1/],
    [{ op: 'reserve', upTo: -1 }, /reserve needs upTo >= 1/],
    [{ op: 'delete', name: 7 }, /delete of a bad name/],
    [{ op: 'drop-table' }, /unknown record op "drop-table"/],
    [null, /must be an object/],
  ];
  for (const [rec, why] of bad) {
    assert.throws(() => checkLogRecord(rec as LogRecord), (e: Error) => e instanceof AssertionFailedError && why.test(e.message), JSON.stringify(rec));
  }
});

test.run();
