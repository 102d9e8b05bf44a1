import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../cli/main';
import { memoryIo, type MemoryIo } from '../../cli/io';

// The report flags of `actorsim run`: --report, --html FILE, --json --full.
// In process with a recording io (the spawned wiring is covered by test/cli/cli.test.ts).

const dir = mkdtempSync(join(tmpdir(), 'actorsim-reports-cli-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<MemoryIo & { code: number }> {
  const io = memoryIo();
  const code = await main(args, io);
  return Object.assign(io, { code });
}

test('--report prints the terminal report after the normal output', async () => {
  const r = await cli(['run', 'verify', '--seed', '1', '--report']);
  assert.is(r.code, 0, r.stderr);
  const summary = r.stdout.indexOf('seed 1 ok trace');
  const report = r.stdout.indexOf('report: verify seed 1');
  assert.ok(summary !== -1);
  assert.ok(report > summary, 'after the summary line');
  for (const part of ['live storage nodes (of 5)', 'latency per operation', 'messages per operation', '-- faults']) assert.ok(r.stdout.includes(part), part);
});

test('--report with --json, and --full without --json, are usage errors', async () => {
  const a = await cli(['run', 'pi', '--report', '--json']);
  assert.is(a.code, 2);
  assert.is(a.stdout, '');
  assert.ok(a.stderr.includes('--report'), a.stderr);
  const b = await cli(['run', 'pi', '--full']);
  assert.is(b.code, 2);
  assert.ok(b.stderr.includes('--full'), b.stderr);
});

test('--json stays small; --json --full adds the history and the report data with the repro line', async () => {
  const small = JSON.parse((await cli(['run', 'verify', '--seed', '1', '--json'])).stdout) as Record<string, unknown>;
  assert.not.ok('history' in small);
  assert.not.ok('report' in small);
  const r = await cli(['run', 'verify', '--seed', '1', '--json', '--full']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout.trim().split('\n').length, 1);
  const full = JSON.parse(r.stdout) as { history: unknown[]; report: { actors: unknown[]; repro: string }; repro: string; traceHash: string };
  assert.ok(full.history.length > 0);
  assert.ok(full.report.actors.length > 0);
  assert.is(full.report.repro, full.repro);
  assert.is(full.traceHash, small.traceHash, 'keeping the trace does not change the run');
});

test('--html FILE writes the page, says so on stderr, and leaves no temporary file', async () => {
  const file = join(dir, 'verify.html');
  const r = await cli(['run', 'verify', '--seed', '1', '--html', file]);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stderr, `report: ${file}\n`);
  assert.ok(r.stdout.includes('seed 1 ok trace'), 'the normal output is unchanged');
  const page = readFileSync(file, 'utf8');
  assert.ok(page.startsWith('<!DOCTYPE html>'));
  assert.ok(page.includes('id="actors"'));
  assert.not.ok(existsSync(`${file}.tmp`));
});

test('--html on a failing run includes the repro line and the message sequence diagram', async () => {
  const file = join(dir, 'early-ack.html');
  const failures = join(dir, 'failures');
  const r = await cli(['run', 'swarm', '--seed', '1', '--bug', 'early-ack', '--html', file, '--json', '--failures', failures]);
  assert.is(r.code, 1, r.stderr);
  assert.ok(r.stderr.includes(`report: ${file}`));
  const page = readFileSync(file, 'utf8');
  assert.ok(page.includes(`npx actorsim replay ${join(failures, 'swarm-early-ack-1.json')}`));
  assert.ok(page.includes('<svg class="sequence"'));
});

test('--html with a bad path exits 2 naming --html and the path, before running, and writes nothing', async () => {
  const file = join(dir, 'no-such-dir', 'r.html');
  const r = await cli(['run', 'verify', '--seed', '1', '--html', file]);
  assert.is(r.code, 2);
  assert.is(r.stdout, '', 'the run did not start');
  assert.ok(r.stderr.includes('--html'), r.stderr);
  assert.ok(r.stderr.includes(file), r.stderr);
  assert.not.ok(existsSync(join(dir, 'no-such-dir')));
});

test('--html that cannot be written exits 2 and never leaves a partial file', async () => {
  const file = join(dir, 'blocked.html');
  mkdirSync(`${file}.tmp`); // the temporary path is taken by a directory: the write fails
  const r = await cli(['run', 'pi', '--seed', '1', '--html', file]);
  assert.is(r.code, 2);
  assert.ok(r.stderr.includes(`--html ${JSON.stringify(file)}`), r.stderr);
  assert.not.ok(existsSync(file));
  assert.ok(readdirSync(dir).every((f) => !f.startsWith('blocked.html') || f === 'blocked.html.tmp'));
});

test.run();
