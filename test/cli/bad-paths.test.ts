import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../cli/main';
import { memoryIo, type MemoryIo } from '../../cli/io';

// Bad output paths, flags that cannot go together and empty inputs are bad input: exit 2, one line naming the
// flag (or file) and the value, no stack trace, and nothing written.

const dir = mkdtempSync(join(tmpdir(), 'actorsim-bad-paths-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const aFile = join(dir, 'a-regular-file');
writeFileSync(aFile, 'x');

async function cli(...args: string[]): Promise<MemoryIo & { code: number }> {
  const io = memoryIo();
  const code = await main(args, io);
  return Object.assign(io, { code });
}

const cases: Array<[string[], RegExp]> = [
  [['run', 'swarm', '--seed', '1', '--bug', 'early-ack', '--failures', join(aFile, 'sub')], /--failures: ".*a-regular-file\/sub" cannot be created: ".*a-regular-file" is not a folder/],
  [['run', 'swarm', '--seed', '1', '--failures', aFile], /--failures: ".*a-regular-file" exists and is not a folder/],
  [['swarm', '--seeds', '2', '--workers', '1', '--failures', join(aFile, 'x', 'y')], /--failures: .* is not a folder/],
  [['soak', '--histories', '2', '--workers', '1', '--failures', aFile], /--failures: .* exists and is not a folder/],
  [['swarm', '--seeds', '2', '--workers', '1', '--shard', '1/2', '--out', join(aFile, 'shard.json')], /--out: .* is not a folder/],
  [['swarm', '--seeds', '2', '--workers', '1', '--shard', '1/2', '--out', dir], /--out: .* exists and is not a regular file/],
  [['swarm', '--seeds', '2', '--workers', '1', '--json', '--report'], /--report prints text and cannot be combined with --json/],
  [['merge', aFile, '--json', '--report'], /--report prints text and cannot be combined with --json/],
  [['hunt', '--bug', 'stale-read', '--failures', aFile], /--failures: .* exists and is not a folder/],
];

for (const [argv, message] of cases) {
  test(`actorsim ${argv.join(' ').replace(dir, 'DIR')}: exit 2, names the flag, writes nothing`, async () => {
    const before = readdirSync(dir).sort();
    const r = await cli(...argv);
    assert.is(r.code, 2, r.stderr + r.stdout);
    assert.match(r.stderr, message);
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
    assert.is(r.stdout, '');
    assert.equal(readdirSync(dir).sort(), before);
  });
}

test('check-history on an empty file or an empty history is bad input, not "linearizable"', async () => {
  for (const [name, text] of [['empty.json', ''], ['blank.json', '\n\n'], ['empty-array.json', '[]'], ['empty-history.json', '{"history":[]}'], ['empty.edn', '']] as const) {
    const f = join(dir, name);
    writeFileSync(f, text);
    const r = await cli('check-history', f);
    assert.is(r.code, 2, `${name}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /holds no operations/);
    assert.not.match(r.stdout, /linearizable/);
    rmSync(f);
  }
  assert.ok(existsSync(aFile));
});

test.run();
