import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitContent } from '../../core/store';
import { utf8Length } from '../../core/store/validate';
import { Streams } from '../../sim';
import { drawSwarmOptions, SwarmOptions } from '../../scenarios/swarm-options';
import { drawWorkload } from '../../scenarios/workload';
import { readRepro, reproFromResult, writeRepro } from '../../scenarios/repro-file';
import { runSwarm } from '../../scenarios/swarm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The widened swarm space (issue 15): seeds draw R = 1, a block-report
// interval apart from the heartbeat (past the dead timeout too), content of
// every UTF-8 length, empty and many-chunk content, and one hot name; half
// the seeds keep the classic space whole; an override of one knob puts only
// that dimension back. (That the space's bug variants are found only in it:
// the catalogue test in swarm.test.ts.)

const SEEDS = 600;
const CLASSIC_KNOBS = { alphabet: 'basic', emptyContentPercent: 0, contentChunksMax: 4, hotNamePercent: 0, thinkTimeMsMax: 200 };

function knobs(o: SwarmOptions) {
  return { alphabet: o.alphabet, emptyContentPercent: o.emptyContentPercent, contentChunksMax: o.contentChunksMax, hotNamePercent: o.hotNamePercent, thinkTimeMsMax: o.thinkTimeMsMax };
}

test('the drawn space reaches every widened dimension, and half the seeds stay classic', () => {
  let rOne = 0;
  let reportPastDead = 0;
  let reportApart = 0;
  let unicode = 0;
  let empty = 0;
  let large = 0;
  let hot = 0;
  let classic = 0;
  let tinyChunks = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const o = drawSwarmOptions(seed);
    assert.ok(o.replicationFactor >= 1 && o.replicationFactor <= o.storageNodes, `seed ${seed}: R ${o.replicationFactor} of ${o.storageNodes}`);
    if (o.replicationFactor === 1) rOne += 1;
    if (o.blockReportIntervalMs > o.deadTimeoutMs) reportPastDead += 1;
    if (o.blockReportIntervalMs !== o.heartbeatIntervalMs * 4) reportApart += 1;
    if (o.alphabet === 'unicode') unicode += 1;
    if (o.emptyContentPercent > 0) empty += 1;
    if (o.contentChunksMax > 4) large += 1;
    if (o.chunkSizeBytes < 16) {
      tinyChunks += 1;
      assert.ok(o.contentChunksMax > 4, `seed ${seed}: chunks of ${o.chunkSizeBytes} bytes without large content`);
      assert.is(drawSwarmOptions(seed, { contentChunksMax: 4 }).chunkSizeBytes >= 16, true);
    }
    if (o.hotNamePercent > 0) {
      hot += 1;
      assert.ok(o.clients >= 5, `seed ${seed}: a hot name with ${o.clients} clients`);
      assert.ok(o.thinkTimeMsMax < 200);
    }
    if (o.replicationFactor > 1 && o.blockReportIntervalMs === o.heartbeatIntervalMs * 4 && JSON.stringify(knobs(o)) === JSON.stringify(CLASSIC_KNOBS)) classic += 1;
  }
  const share = (n: number, lo: number, hi: number, what: string) => assert.ok(n >= SEEDS * lo && n <= SEEDS * hi, `${what}: ${n} of ${SEEDS}`);
  share(rOne, 0.1, 0.25, 'R = 1');
  share(reportApart, 0.18, 0.32, 'report interval apart from the heartbeat');
  share(reportPastDead, 0.1, 0.32, 'report interval past the dead timeout');
  share(unicode, 0.18, 0.32, 'unicode content');
  share(empty, 0.18, 0.32, 'empty content');
  share(large, 0.1, 0.25, 'large content');
  share(tinyChunks, 0.04, 0.13, 'chunks smaller than a character');
  share(hot, 0.18, 0.32, 'a hot name');
  share(classic, 0.45, 0.6, 'classic seeds');
});

test('an override of one knob changes only its dimension; R = 1 and long report intervals are accepted', () => {
  for (let seed = 1; seed <= 60; seed++) {
    const d = drawSwarmOptions(seed);
    const hotOff = drawSwarmOptions(seed, { hotNamePercent: 0 });
    // The hot name brings its clients and think time: off, the classic ones come back.
    assert.is(hotOff.thinkTimeMsMax, 200);
    assert.equal({ ...hotOff, clients: 0, hotNamePercent: 0, thinkTimeMsMax: 0 }, { ...d, clients: 0, hotNamePercent: 0, thinkTimeMsMax: 0 });
    if (d.hotNamePercent === 0) assert.equal(hotOff, d);
    const one = drawSwarmOptions(seed, { replicationFactor: 1, blockReportIntervalMs: d.deadTimeoutMs * 3, alphabet: 'unicode' });
    assert.equal([one.replicationFactor, one.blockReportIntervalMs, one.alphabet], [1, d.deadTimeoutMs * 3, 'unicode']);
    assert.equal({ ...one, replicationFactor: 0, blockReportIntervalMs: 0, alphabet: 'basic' }, { ...d, replicationFactor: 0, blockReportIntervalMs: 0, alphabet: 'basic' });
  }
  assert.throws(() => drawSwarmOptions(1, { blockReportIntervalMs: 0 }), /blockReportIntervalMs must be an integer in 1\.\./);
  assert.throws(() => drawSwarmOptions(1, { alphabet: 'latin1' as never }), /alphabet must be basic or unicode, got "latin1"/);
  assert.throws(() => drawSwarmOptions(1, { hotNamePercent: 101 }), /hotNamePercent/);
});

test('workloads: every UTF-8 length, empty and many-chunk content, one hot name; classic knobs read the stream as before', () => {
  const base = { clients: 6, operations: 400, names: 4, mix: { upload: 30, update: 30, get: 20, delete: 10, status: 10 }, chunkSizeBytes: 16 };
  const wide = drawWorkload(new Streams(7).get('workload'), { ...base, alphabet: 'unicode', emptyContentPercent: 20, contentChunksMax: 32, hotNamePercent: 80, thinkTimeMsMax: 10 });
  const contents = wide.filter((w) => w.content !== undefined).map((w) => w.content!);
  const lengths = new Set([...contents.join('')].map((ch) => utf8Length(ch)));
  assert.equal([...lengths].sort(), [1, 2, 3, 4]);
  assert.ok(contents.some((c) => c === ''), 'some content is empty');
  assert.ok(contents.some((c) => splitContent(c, 16, 1).meta.length > 16), 'some content spans more than 16 chunks');
  const named = wide.filter((w) => w.name !== undefined);
  const onHot = named.filter((w) => w.name === 'art0').length;
  assert.ok(onHot > named.length * 0.7, `${onHot} of ${named.length} named ops on the hot name`);
  assert.ok(wide.every((w) => w.delayMs < 10));
  // Astral characters whole (never half a surrogate pair), and the bytes split across chunks rejoin.
  for (const c of contents) assert.not.match(c, /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  // With the classic knobs (or none, as in a caller's own options) the old workload comes back.
  const none = drawWorkload(new Streams(7).get('workload'), base);
  const classic = drawWorkload(new Streams(7).get('workload'), { ...base, ...CLASSIC_KNOBS, alphabet: 'basic' as const });
  assert.equal(classic, none);
  assert.ok(none.every((w) => w.content === undefined || (w.content !== '' && [...w.content].every((ch) => utf8Length(ch) <= 3))));
});

test('a repro file written before the space grew replays its seed in the classic space, event for event', async () => {
  // A seed that widens the block-report interval: drawn afresh, the old file's run would diverge.
  let seed = 1;
  while (drawSwarmOptions(seed).blockReportIntervalMs === drawSwarmOptions(seed).heartbeatIntervalMs * 4) seed += 1;
  const d = drawSwarmOptions(seed);
  const classic = { blockReportIntervalMs: d.heartbeatIntervalMs * 4, ...CLASSIC_KNOBS, alphabet: 'basic' as const, operations: 8 };
  const run = await runSwarm({ seed, overrides: classic });
  const repro = reproFromResult(run, null);
  const { blockReportIntervalMs: _b, alphabet: _a, emptyContentPercent: _e, contentChunksMax: _c, hotNamePercent: _h, thinkTimeMsMax: _t, ...older } = repro.options;
  const dir = mkdtempSync(join(tmpdir(), 'actorsim-space-'));
  try {
    const file = join(dir, 'old.json');
    writeRepro(file, { ...repro, options: older as SwarmOptions });
    const read = readRepro(file);
    assert.equal(knobs(read.options), CLASSIC_KNOBS);
    assert.is(read.options.blockReportIntervalMs, d.heartbeatIntervalMs * 4);
    const again = await runSwarm({ seed, overrides: read.options, workload: read.workload, schedule: read.schedule });
    assert.is(again.traceHash, run.traceHash);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
