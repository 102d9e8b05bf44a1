import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EDIT_LOG, EDIT_LOG_MIRROR, EditLogCorruptError, frameRecord, parseRecord, replayEditLog } from '../../../core/store/edit-log';
import { SimDisk } from '../../../sim';

// The edit log's framing and replay: sequence numbers, checksums, lengths,
// two copies; torn tails dropped with their size, rot repaired from the
// other copy, and a record intact in neither copy stops replay by name.

const recs = [{ op: 'reserve', upTo: 64 }, { op: 'commit', name: 'a', gen: 1 }, { op: 'delete', name: 'a' }];

function diskWith(primary: unknown[], mirror: unknown[]): SimDisk {
  const d = new SimDisk();
  d.rewriteLog(EDIT_LOG, primary);
  d.rewriteLog(EDIT_LOG_MIRROR, mirror);
  return d;
}

const framed = recs.map((r, i) => frameRecord(i + 1, r));
const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === '1' ? '2' : '1') + s.slice(at + 1);

test('a framed record round-trips; a flipped character is caught even when it still parses; a prefix is torn', () => {
  const f = frameRecord(7, { op: 'commit', name: 'x', checksum: 'abcd0123' });
  assert.equal(parseRecord(f), { ok: true, seq: 7, rec: { op: 'commit', name: 'x', checksum: 'abcd0123' } });
  const rotted = f.replace('abcd0123', 'abcd0124');
  JSON.parse(rotted.slice(rotted.indexOf('{'))); // still valid JSON
  const p = parseRecord(rotted);
  assert.is(p.ok, false);
  assert.is(!p.ok && p.torn, false, 'rot is not a tear');
  for (const cut of [0, 1, 3, 12, f.length - 1]) {
    const t = parseRecord(f.slice(0, cut));
    assert.ok(!t.ok && t.torn, `a prefix of ${cut} characters is torn`);
  }
});

test('both copies whole: the records in order, nothing to say', () => {
  const r = replayEditLog(diskWith(framed, framed));
  assert.equal(r.records, recs);
  assert.equal(r.notes, []);
});

test('a torn tail is dropped, saying how many bytes, and cut off the file', () => {
  const torn = framed[2]!.slice(0, 10);
  const d = diskWith([...framed.slice(0, 2), torn], framed.slice(0, 2));
  const r = replayEditLog(d);
  assert.equal(r.records, recs.slice(0, 2));
  assert.equal(r.notes, [`edit log "editlog": dropped a torn record at its end (record 3, 10 bytes)`]);
  assert.equal(d.readLog(EDIT_LOG), framed.slice(0, 2), 'the torn bytes are gone from the log');
});

test('rot in one copy is repaired from the other', () => {
  const d = diskWith([framed[0], flip(framed[1]!, framed[1]!.indexOf('gen') + 5), framed[2]], framed);
  const r = replayEditLog(d);
  assert.equal(r.records, recs);
  assert.match(r.notes.join('\n'), /"editlog": repaired from the other copy \(3 records\)/);
  assert.equal(d.readLog(EDIT_LOG), framed);
});

test('a record intact in neither copy stops replay with a message naming the record and each copy', () => {
  const bad = flip(framed[1]!, framed[1]!.indexOf('gen') + 5);
  const d = diskWith([framed[0], bad, framed[2]], [framed[0], bad, framed[2]]);
  assert.throws(
    () => replayEditLog(d),
    (e: Error) =>
      e instanceof EditLogCorruptError &&
      e.code === 'EDIT_LOG_CORRUPT' &&
      /^edit log: record 2 \(seq 2\) is intact in no copy \(in "editlog": checksum mismatch \(stored [0-9a-f]{8}\); in "editlog.mirror": checksum mismatch/.test(e.message),
  );
  // The last record rotted in both copies is rot, not a tear: it stops replay too (it was acknowledged).
  const last = flip(framed[2]!, framed[2]!.indexOf('name') + 8);
  assert.throws(() => replayEditLog(diskWith([...framed.slice(0, 2), last], [...framed.slice(0, 2), last])), /record 3 \(seq 3\) is intact in no copy/);
});

test('a torn record a failed repair left in the middle is skipped; the records after it still count', () => {
  const torn = framed[2]!.slice(0, 7);
  const d = diskWith([...framed.slice(0, 2), torn, framed[2]!], framed);
  const r = replayEditLog(d);
  assert.equal(r.records, recs);
  assert.equal(r.notes, [`edit log "editlog": dropped a torn record in its middle (record 3, 7 bytes)`]);
  assert.equal(d.readLog(EDIT_LOG), framed);
});

test('a record dropped at a record boundary is found by its sequence number', () => {
  const gap = [framed[0], framed[2]];
  assert.throws(() => replayEditLog(diskWith(gap, gap)), /record 2 \(seq 2\) is intact in no copy .*out of sequence \(seq 3 after seq 1: a record was dropped/);
  // Dropped from one copy only: the other has it.
  assert.equal(replayEditLog(diskWith(gap, framed)).records, recs);
});

test.run();
