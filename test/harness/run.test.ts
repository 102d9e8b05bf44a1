import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineScenario, drawOptions, liveness, runScenario, safety, type HistoryEvent } from '../../harness';
import { toy } from './toy-scenario';

// The runner through the public API: determinism, options, the recorded
// history (ok / fail / unknown at the client deadline), checkers that catch.

test('the same seed gives the same trace hash; another seed another', async () => {
  const a = await runScenario(toy, { seed: 11 });
  const b = await runScenario(toy, { seed: 11 });
  const c = await runScenario(toy, { seed: 12 });
  assert.is(a.traceHash, b.traceHash);
  assert.equal(a.history, b.history);
  assert.is.not(a.traceHash, c.traceHash);
});

test('options: drawn from the seed, an override changes only what it names, bad values are refused naming the option', () => {
  const drawn = drawOptions(toy.name, toy.options, 5);
  const over = drawOptions(toy.name, toy.options, 5, { clients: 7 });
  assert.equal(over, { ...drawn, clients: 7 });
  assert.throws(() => drawOptions(toy.name, toy.options, 5, { clients: 99 }), /clients \(--clients\) must be an integer in 1\.\.8, got 99/);
  assert.throws(() => drawOptions(toy.name, toy.options, 5, { cleints: 2 } as never), /unknown option "cleints"/);
});

test('every operation is recorded: ok, fail (OperationFailed), unknown at the client deadline', async () => {
  const workload = [
    { client: 0, atMs: 20, op: 'write', args: ['a'] },
    { client: 0, atMs: 20, op: 'refuse', args: [] },
    { client: 0, atMs: 20, op: 'hang', args: [] },
    { client: 0, atMs: 20, op: 'read', args: [] },
  ];
  const r = await runScenario(toy, { seed: 1, overrides: { clients: 1, crashes: 0 }, workload, schedule: [] });
  const done = r.history.filter((e) => e.type !== 'invoke');
  assert.equal(done.map((e) => [e.op, e.type]), [['write', 'ok'], ['refuse', 'fail'], ['hang', 'unknown'], ['read', 'ok']]);
  assert.is(done[1]!.result, 'refused');
  assert.is(done[3]!.result, 'a');
  const invokeHang = r.history.find((e) => e.op === 'hang' && e.type === 'invoke') as HistoryEvent;
  assert.is(done[2]!.timeMs - invokeHang.timeMs, 300);
  assert.ok(r.ok, JSON.stringify(r.violations));
});

test('options may come from a named stream; operations may pace by think time after atMs', async () => {
  const renamed = defineScenario({ ...toy, name: 'toy-renamed', options: { ...toy.options, stream: 'swarm' } });
  const seeds = [1, 2, 3, 4, 5, 6];
  const differ = seeds.filter((s) => JSON.stringify(drawOptions(toy.name, toy.options, s)) !== JSON.stringify(drawOptions(renamed.name, renamed.options, s)));
  assert.ok(differ.length > 0);
  const r = await runScenario(toy, { seed: 1, overrides: { clients: 1 }, workload: [{ client: 0, atMs: 20, delayMs: 30, op: 'write', args: ['a'] }], schedule: [] });
  assert.is(r.history[0]!.timeMs, 50);
});

test('a final linearizability checker catches a stale-read variant', async () => {
  const workload = [
    { client: 0, atMs: 20, op: 'write', args: ['a'] },
    { client: 0, atMs: 30, op: 'write', args: ['b'] },
    { client: 1, atMs: 100, op: 'read', args: [] },
  ];
  const good = await runScenario(toy, { seed: 1, overrides: { clients: 2 }, workload, schedule: [] });
  const bad = await runScenario(toy, { seed: 1, overrides: { clients: 2 }, workload, schedule: [], bug: 'stale' });
  assert.ok(good.ok);
  assert.not.ok(bad.ok);
  assert.equal(bad.violations.map((v) => v.kind), ['linearizability']);
  const refused = await runScenario(toy, { seed: 1, bug: 'nope' }).then(() => null, (err: Error) => err.message);
  assert.match(refused ?? '', /unknown bug "nope" \(its bugs: stale\)/);
});

test('safety is sampled during the fault phase, liveness retried after healing until its bound', async () => {
  const samples: number[] = [];
  let livenessCalls = 0;
  const watched = defineScenario({
    ...toy,
    name: 'toy-watched',
    checkers: [
      safety('sampled', ({ now }) => {
        samples.push(now());
        return now() >= 200 && now() < 210 ? [{ kind: 'bad-moment', message: 'at 200ms', timeMs: now() }] : [];
      }),
      liveness('never', ({ now }) => {
        livenessCalls += 1;
        return [{ kind: 'stuck', message: 'never converges', timeMs: now() }];
      }),
    ],
    timing: () => ({ startMs: 10, faultPhaseMs: 500, clientDeadlineMs: 300, livenessBoundMs: 1000, livenessEveryMs: 100, sampleEveryMs: 50 }),
  });
  const r = await runScenario(watched, { seed: 3 });
  assert.equal(samples, [10, 60, 110, 160, 210, 260, 310, 360, 410, 460]);
  assert.equal(r.violations.map((v) => v.kind).sort(), ['stuck']);
  assert.match(r.violations.find((v) => v.kind === 'stuck')!.message, /^not within 1000ms after healing: never converges/);
  assert.ok(livenessCalls >= 10);
  const hit = await runScenario(watched, { seed: 3, workload: [], schedule: [] });
  assert.ok(hit.violations.every((v) => v.kind === 'stuck'));
});

test('healing cannot cut a pause short: liveness starts only once every pause has ended', async () => {
  const firstCheck: Array<{ atMs: number; pausedUntilMs: number }> = [];
  const waiting = defineScenario({
    ...toy,
    name: 'toy-paused',
    checkers: [liveness('first look', ({ sim }) => (firstCheck.push({ atMs: sim.now(), pausedUntilMs: sim.nodeInfo('s1').pausedUntilMs }), []))],
  });
  // Faults end at 510ms; the pause runs to 1400ms.
  const r = await runScenario(waiting, { seed: 1, workload: [], schedule: [{ atMs: 400, kind: 'pause', node: 's1', durationMs: 1000 }] });
  assert.is(r.faults.injected.pause, 1);
  assert.is(firstCheck.length, 1);
  assert.is(firstCheck[0]!.pausedUntilMs, 1400);
  assert.ok(firstCheck[0]!.atMs >= 1400, `first liveness check at ${firstCheck[0]!.atMs}ms`);
});

test('defineScenario refuses bad declarations naming what is wrong', () => {
  assert.throws(() => defineScenario({ ...toy, name: 'Bad Name' }), /name must be lower-case kebab-case, got "Bad Name"/);
  assert.throws(() => defineScenario({ ...toy, bugs: [{ name: 'x', summary: '', swap: { Nope: 1 } as never }] }), /bug x swaps "Nope", which impl does not have/);
});

test.run();
