import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ActorsimError } from '../../../core/errors';
import { StoreClient } from '../../../core/store';
import type { HistoryEvent } from '../../../properties/history';
import { StoreWorld } from '../../../scenarios/store-world';
import { assertHealthy, assertNoViolations, content, diskChunks, fail, ok, world } from './helpers';

// Bad input is refused with a clear error code and changes nothing.

async function seeded(o: Parameters<typeof world>[0] = {}) {
  const w = await world(o);
  const a = content('a', 3);
  ok(await w.do(w.client(0).upload('a', a)), 'upload a');
  await w.settle(100);
  const status = await w.status();
  const disks = JSON.stringify([...diskChunks(w)]);
  /** Nothing changed: the same artifacts, versions and chunks, the same disks, and `a` reads back. */
  const unchanged = async (what: string) => {
    await w.settle(100);
    const s = await w.status();
    assert.equal(s.artifacts.map((x) => [x.name, x.version, x.chunks.map((c) => c.id)]), status.artifacts.map((x) => [x.name, x.version, x.chunks.map((c) => c.id)]), `${what}: artifacts changed`);
    assert.is(JSON.stringify([...diskChunks(w)]), disks, `${what}: disks changed`);
    assertHealthy(w, s, what);
    assert.is(ok(await w.do(w.client(1).get('a')), `${what}: get a`), a);
    assertNoViolations(w);
  };
  return { w, a, unchanged };
}

const badNames: Array<[string, string]> = [
  ['empty', ''],
  ['with a newline', 'line\nbreak'],
  ['with a tab', 'tab\there'],
  ['of 256 characters', 'n'.repeat(256)],
];

test('bad names are refused by every operation with INVALID_NAME and change nothing', async () => {
  const { w, unchanged } = await seeded();
  for (const [what, name] of badNames) {
    fail(await w.do(w.client(0).upload(name, 'x')), 'INVALID_NAME', `upload of a name ${what}`);
    fail(await w.do(w.client(0).update(name, 'x')), 'INVALID_NAME', `update of a name ${what}`);
    fail(await w.do(w.client(0).get(name)), 'INVALID_NAME', `get of a name ${what}`);
    fail(await w.do(w.client(0).delete(name)), 'INVALID_NAME', `delete of a name ${what}`);
  }
  fail(await w.do(w.client(0).upload(42 as never, 'x')), 'INVALID_NAME', 'a name that is not a string');
  await unchanged('after bad names');
});

test('a name of 255 characters (the limit) and a unicode name are fine', async () => {
  const { w, unchanged } = await seeded();
  const long = 'n'.repeat(255);
  ok(await w.do(w.client(0).upload(long, 'long')), 'upload of 255 chars');
  assert.is(ok(await w.do(w.client(1).get(long)), 'get'), 'long');
  ok(await w.do(w.client(0).upload('größe/日本', 'ü')), 'unicode name');
  assert.is(ok(await w.do(w.client(1).get('größe/日本')), 'get'), 'ü');
  ok(await w.do(w.client(0).delete(long)), 'delete');
  ok(await w.do(w.client(0).delete('größe/日本')), 'delete');
  await unchanged('after the round trip');
});

test('the error messages name the operation, the rule and the value', async () => {
  const w = await world();
  const client = new StoreClient(w.system.clientAt('c1'), { maxContentBytes: 100 });
  const cases: Array<[() => Promise<unknown>, string, RegExp]> = [
    [() => client.upload('', 'x'), 'INVALID_NAME', /upload: artifact name must be 1\.\.255 .*"" \(0 characters\)/],
    [() => client.get('a\nb'), 'INVALID_NAME', /get: artifact name must not contain control characters, got "a\\nb"/],
    [() => client.delete('n'.repeat(256)), 'INVALID_NAME', /delete: .*\(256 characters\)/],
    [() => client.update('a', 'z'.repeat(101)), 'CONTENT_TOO_LARGE', /update: content is 101 bytes, over the limit of 100 bytes/],
    [() => client.upload('a', 7 as never), 'INVALID_CONTENT', /upload: content must be a string, got 7/],
  ];
  for (const [run, code, message] of cases) {
    let err: unknown = null;
    await w.do(run().catch((e) => (err = e)));
    assert.instance(err, ActorsimError);
    assert.is((err as ActorsimError).code, code);
    assert.match((err as Error).message, message);
  }
  assertNoViolations(w);
});

test('upload of an existing name fails ALREADY_EXISTS and keeps the old content', async () => {
  const { w, unchanged } = await seeded();
  fail(await w.do(w.client(1).upload('a', content('other', 2))), 'ALREADY_EXISTS', 'second upload');
  await unchanged('after the refused upload');
});

test('update, get and delete of a missing name fail NOT_FOUND', async () => {
  const { w, unchanged } = await seeded();
  fail(await w.do(w.client(0).update('missing', 'x')), 'NOT_FOUND', 'update');
  fail(await w.do(w.client(0).get('missing')), 'NOT_FOUND', 'get');
  fail(await w.do(w.client(0).delete('missing')), 'NOT_FOUND', 'delete');
  // A deleted name is missing too.
  ok(await w.do(w.client(0).upload('b', 'bee')), 'upload b');
  ok(await w.do(w.client(0).delete('b')), 'delete b');
  fail(await w.do(w.client(1).delete('b')), 'NOT_FOUND', 'delete again');
  fail(await w.do(w.client(1).update('b', 'x')), 'NOT_FOUND', 'update deleted');
  await unchanged('after the refused operations');
});

test('content over maxContentBytes is refused with CONTENT_TOO_LARGE (client side and name node side)', async () => {
  const { w, unchanged } = await seeded({ store: { maxContentBytes: 200 } });
  fail(await w.do(w.client(0).upload('big', 'b'.repeat(201))), 'CONTENT_TOO_LARGE', 'upload over the limit');
  fail(await w.do(w.client(0).update('a', 'b'.repeat(300))), 'CONTENT_TOO_LARGE', 'update over the limit');
  // Bytes, not characters: 67 three-byte characters are 201 bytes.
  fail(await w.do(w.client(0).upload('big', '€'.repeat(67))), 'CONTENT_TOO_LARGE', 'multi-byte content over the limit');
  // The name node checks too (a client with a laxer limit).
  const lax = new StoreClient(w.system.clientAt('c2'), { maxContentBytes: 10_000 });
  let err: unknown = null;
  await w.do(lax.upload('big', 'b'.repeat(500)).catch((e) => (err = e)));
  assert.is((err as ActorsimError).code, 'CONTENT_TOO_LARGE');
  assert.is((err as { outcome?: string }).outcome, 'fail');
  await unchanged('after the refused content');
  // Exactly at the limit is fine.
  const at = 'c'.repeat(200);
  ok(await w.do(w.client(0).upload('edge', at)), 'upload at the limit');
  assert.is(ok(await w.do(w.client(1).get('edge')), 'get'), at);
});

test('the name node refuses bad input sent past the client checks', async () => {
  const { w, unchanged } = await seeded();
  const nn = w.system.clientAt('c1');
  const h = nn.getActor<{ upload(n: unknown, c: unknown): Promise<unknown>; delete(n: unknown): Promise<void> }>('namenode');
  for (const [args, code] of [
    [['', 'x'], 'INVALID_NAME'],
    [['x\ny', 'x'], 'INVALID_NAME'],
    [[5, 'x'], 'INVALID_NAME'],
    [['ok', { not: 'a string' }], 'INVALID_CONTENT'],
  ] as Array<[[unknown, unknown], string]>) {
    let err: unknown = null;
    await w.do(nn.get(h.call.upload(args[0], args[1])).catch((e) => (err = e)));
    assert.ok(err, `upload ${JSON.stringify(args)} was accepted`);
    assert.is((err as { originalCode?: string }).originalCode, code, `upload ${JSON.stringify(args)}`);
  }
  await unchanged('after bad input at the name node');
});

test('empty content is a valid artifact of one empty chunk', async () => {
  const { w } = await seeded();
  ok(await w.do(w.client(0).upload('empty', '')), 'upload empty');
  assert.is(ok(await w.do(w.client(1).get('empty')), 'get empty'), '');
  const s = await w.status();
  assertHealthy(w, s, 'with an empty artifact');
});

test('R larger than the number of storage nodes is refused with INVALID_ARGUMENT naming replicationFactor and its value', () => {
  let err: unknown = null;
  try {
    new StoreWorld({ seed: 1, storageNodes: 2, store: { replicationFactor: 3 } });
  } catch (e) {
    err = e;
  }
  assert.instance(err, ActorsimError);
  assert.is((err as ActorsimError).code, 'INVALID_ARGUMENT');
  assert.match((err as Error).message, /replicationFactor/);
  assert.match((err as Error).message, /\b3\b/);
  assert.match((err as Error).message, /\b2\b/);
});

test('bad store options are refused with INVALID_ARGUMENT naming the option', () => {
  const bad: Array<[Record<string, unknown>, RegExp]> = [
    [{ replicationFactor: 0 }, /replicationFactor must be an integer >= 1, got 0/],
    [{ chunkSizeBytes: 1.5 }, /chunkSizeBytes must be an integer >= 1, got 1\.5/],
    [{ maxContentBytes: -1 }, /maxContentBytes/],
    [{ deadTimeoutMs: 100, heartbeatIntervalMs: 100 }, /deadTimeoutMs \(100\) must exceed heartbeatIntervalMs \(100\)/],
    [{ replicaton: 3 }, /unknown store option "replicaton"/],
  ];
  for (const [store, message] of bad) {
    let err: unknown = null;
    try {
      new StoreWorld({ seed: 1, storageNodes: 3, store: store as never });
    } catch (e) {
      err = e;
    }
    assert.is((err as ActorsimError | null)?.code, 'INVALID_ARGUMENT', JSON.stringify(store));
    assert.match((err as Error).message, message);
  }
});

test('a refused operation is recorded as fail (definitely did not happen), never unknown', async () => {
  const { w } = await seeded();
  const start = w.history.length;
  await w.do(w.client(0).upload('', 'x'));
  await w.do(w.client(0).get('nope'));
  await w.do(w.client(0).upload('a', 'again'));
  const done = w.history.slice(start).filter((e: HistoryEvent) => e.type !== 'invoke');
  assert.equal(done.map((e) => [e.op, e.type, e.result]), [
    ['upload', 'fail', 'INVALID_NAME'],
    ['get', 'fail', 'NOT_FOUND'],
    ['upload', 'fail', 'ALREADY_EXISTS'],
  ]);
});

test.run();
