import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorSystem } from '../../core/actors';
import { registerScenario } from '../../scenarios';
import { main } from '../../cli/main';
import { memoryIo } from '../../cli/io';
import type { ReproFile } from '../../scenarios/repro-file';
import type { RunResult } from '../../scenarios/result';
import { Simulation } from '../../sim';
import { digestValue } from '../../sim/digest';

// The trace hash sees values: message payloads, senders and receiving actors,
// replies and errors, disk writes. Two runs whose events line up but whose
// values differ get different hashes, and replay names the first event that differs.

class Coin extends Actor {
  flip(): number {
    return Math.random(); // the determinism bug under test
  }
  fixed(): number {
    return 0.5;
  }
  store(v: number): void {
    this.ctx.disk.put('v', v);
  }
}

async function runCoin(seed: number, method: 'flip' | 'fixed'): Promise<string> {
  const sim = new Simulation({ seed });
  sim.addNode('n1');
  const system = new ActorSystem(sim);
  const c = system.spawn(Coin, [], { node: 'n1' });
  for (let i = 0; i < 3; i++) await system.get(c.call[method]());
  return sim.traceHash();
}

test('an actor returning Math.random() gives two hashes for one seed; a constant gives one', async () => {
  assert.is.not(await runCoin(1, 'flip'), await runCoin(1, 'flip'));
  assert.is(await runCoin(1, 'fixed'), await runCoin(1, 'fixed'));
});

test('arguments, receiving actor and disk writes are in the hash', async () => {
  const run = async (arg: number, twoActors: boolean, write: boolean) => {
    const sim = new Simulation({ seed: 3 });
    sim.addNode('n1');
    const system = new ActorSystem(sim);
    const a = system.spawn(Coin, [], { node: 'n1' });
    const b = system.spawn(Coin, [], { node: 'n1' });
    const target = twoActors ? b : a;
    if (write) await system.get(a.call.store(arg));
    await system.get(target.call.fixed());
    await system.get(a.call.fixed());
    void arg;
    return sim.traceHash();
  };
  const base = await run(1, false, false);
  assert.is(await run(1, false, false), base);
  assert.is.not(await run(1, true, false), base, 'the receiving actor differs');
  assert.is.not(await run(1, false, true), await run(2, false, true), 'the value written differs');
  const digests = new Set([digestValue([1, 'a']), digestValue([1, 'b']), digestValue({ a: 1 }), digestValue({ b: 1 }), digestValue(0.1), digestValue(0.2), digestValue(new Map([[1, 2]]))]);
  assert.is(digests.size, 7);
});

test('run --check-determinism flags a scenario whose actor returns Math.random()', async () => {
  const coin = {
    name: 'coin-flip-test',
    summary: 'an actor that returns Math.random()',
    async run(options: { seed: number | string }): Promise<RunResult> {
      const hash = await runCoin(Number(options.seed) || 1, 'flip');
      return { scenario: 'coin-flip-test', seed: options.seed, ok: true, traceHash: hash, events: 6, virtualTimeMs: 0, violations: [], options: {}, output: [] };
    },
  };
  registerScenario(coin);
  const io = memoryIo();
  const code = await main(['run', 'coin-flip-test', '--seed', '1', '--check-determinism', '--json'], io);
  const out = JSON.parse(io.stdout) as { determinism: { diverged: boolean; traceHashes: string[] } };
  assert.is(out.determinism.diverged, true);
  assert.is.not(out.determinism.traceHashes[0], out.determinism.traceHashes[1]);
  assert.is.not(code, 0);
});

test('replay of a repro whose recorded values differ names the first differing event with both digests', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'actorsim-vt-'));
  const io = memoryIo();
  await main(['swarm', '--seeds', '3', '--bug', 'early-ack', '--workers', '1', '--failures', dir], io);
  const file = /^repro: npx actorsim replay (\S+)$/m.exec(io.stdout)?.[1];
  assert.ok(file, io.stdout);
  const repro = JSON.parse(readFileSync(file!, 'utf8')) as ReproFile;
  assert.type(repro.eventDigests, 'string');
  // Same operations at the same times, other bytes in the first upload: only values differ.
  const i = repro.workload.findIndex((w) => w.op === 'upload');
  assert.ok(i >= 0);
  const edited = JSON.parse(JSON.stringify(repro)) as ReproFile;
  const content = edited.workload[i]!.content!;
  edited.workload[i]!.content = content.slice(0, -1) + (content.endsWith('x') ? 'y' : 'x');
  const tampered = join(dir, 'tampered.json');
  writeFileSync(tampered, JSON.stringify(edited));
  const r = memoryIo();
  const code = await main(['replay', tampered, '--json'], r);
  const out = JSON.parse(r.stdout) as { status: string; firstDifferingEvent: { index: number; expectedDigest: string; actualDigest: string; actual?: { kind: string; label: string } } | null };
  assert.is(code, 3);
  assert.is(out.status, 'diverged');
  const d = out.firstDifferingEvent;
  assert.ok(d, 'names an event');
  assert.match(d!.expectedDigest, /^[0-9a-f]{8}$/);
  assert.match(d!.actualDigest, /^[0-9a-f]{8}$/);
  assert.is.not(d!.expectedDigest, d!.actualDigest);
  assert.is(d!.actual?.kind, 'deliver');
  assert.match(d!.actual!.label, /upload/i);
  // The text form says it too.
  const t = memoryIo();
  await main(['replay', tampered], t);
  assert.match(t.stdout, /first differing event #\d+ \(deliver .*recorded digest [0-9a-f]{8}, this run [0-9a-f]{8}/);
});

test.run();
