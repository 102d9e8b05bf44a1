import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorHandle, ActorSystem, TaskContext } from '../../core/actors';
import { Seed, Simulation, StrategyName } from '../../sim';

// One seed, one run: the same seed and options give the same trace hash event
// for event; different seeds explore different runs.

class Account extends Actor {
  balance = 0;
  constructor() {
    super();
    this.balance = (this.ctx.disk.get(`bal:${this.ctx.id}`) as number | undefined) ?? 0;
    this.ctx.setInterval(7, () => this.ctx.disk.put(`bal:${this.ctx.id}`, this.balance));
  }
  deposit(n: number) {
    this.balance += n;
    return this.balance;
  }
  async transfer(to: ActorHandle<Account>, n: number) {
    await this.ctx.sleep(this.ctx.random.int(5));
    this.balance -= n;
    return await to.call.deposit(n);
  }
  read() {
    return this.balance;
  }
}

async function work(ctx: TaskContext, n: number) {
  await ctx.sleep(ctx.random.int(20));
  return n + ctx.random.int(100);
}

interface RunSummary {
  hash: string;
  events: number;
  outcomes: string[];
  endMs: number;
}

async function runOnce(seed: Seed, options: { faults: boolean; strategy?: StrategyName; steps?: number }): Promise<RunSummary> {
  const sim = new Simulation({
    seed,
    ...(options.strategy ? { strategy: options.strategy } : {}),
    network: options.faults ? { lossRate: 0.05, duplicateRate: 0.1 } : {},
  });
  for (const n of ['n1', 'n2', 'n3']) sim.addNode(n);
  const system = new ActorSystem(sim);
  const accounts = ['n1', 'n2', 'n3'].map((node) => system.spawn(Account, [], { node, maxRestarts: -1, maxTaskRetries: 1 }));
  const task = system.remote(work, { maxRetries: 2 });
  if (options.faults) {
    sim.at(15, () => sim.crash('n2'));
    sim.at(40, () => sim.restart('n2'));
    sim.at(25, () => sim.partition(['n1'], ['n3']));
    sim.at(60, () => sim.heal());
    sim.at(30, () => sim.pause('n3', 20));
  }
  const refs = [];
  for (let i = 0; i < (options.steps ?? 12); i++) {
    const from = accounts[i % 3]!;
    const to = accounts[(i + 1) % 3]!;
    refs.push(from.call.transfer(to, i + 1));
    refs.push(task.remote(i));
  }
  await system.wait(refs, { count: refs.length, timeoutMs: 500 });
  const outcomes = refs.map((r) => {
    const s = r.peek();
    if (!s) return 'pending';
    return s.ok ? `ok ${String(s.value)}` : `err ${(s.error as { code?: string }).code}`;
  });
  await sim.run({ untilMs: 600 });
  return { hash: sim.traceHash(), events: sim.eventCount, outcomes, endMs: sim.now() };
}

test('two runs of one seed with faults give one trace hash and the same outcomes', async () => {
  const a = await runOnce(1, { faults: true });
  const b = await runOnce(1, { faults: true });
  assert.is(a.hash, b.hash);
  assert.is(a.events, b.events);
  assert.equal(a.outcomes, b.outcomes);
  assert.ok(a.outcomes.some((o) => o.startsWith('ok')), 'some work succeeded');
  assert.ok(a.outcomes.some((o) => !o.startsWith('ok')), `the faults showed: ${a.outcomes.join(', ')}`);
});

test('a fault changes the run: faults on and off give different hashes', async () => {
  const on = await runOnce(77, { faults: true });
  const off = await runOnce(77, { faults: false });
  assert.is.not(on.hash, off.hash);
});

test('100 different seeds give 100 distinct trace hashes', async () => {
  const hashes = new Set<string>();
  for (let seed = 0; seed < 100; seed++) hashes.add((await runOnce(seed, { faults: true, steps: 3 })).hash);
  assert.is(hashes.size, 100);
});

test('string seeds work and differ from numeric ones', async () => {
  const s1 = await runOnce('alpha', { faults: true, steps: 3 });
  assert.is((await runOnce('alpha', { faults: true, steps: 3 })).hash, s1.hash);
  assert.is.not((await runOnce('beta', { faults: true, steps: 3 })).hash, s1.hash);
});

test('the pct strategy runs, is deterministic, and schedules differently from random', async () => {
  const a = await runOnce(5, { faults: true, strategy: 'pct' });
  const b = await runOnce(5, { faults: true, strategy: 'pct' });
  assert.is(a.hash, b.hash);
  assert.equal(a.outcomes, b.outcomes);
  assert.ok(a.outcomes.some((o) => o.startsWith('ok')));
  const r = await runOnce(5, { faults: true, strategy: 'random' });
  assert.is.not(a.hash, r.hash);
  const hashes = new Set<string>();
  for (let seed = 0; seed < 10; seed++) hashes.add((await runOnce(seed, { faults: true, strategy: 'pct', steps: 3 })).hash);
  assert.is(hashes.size, 10);
});

test('keeping the full trace does not change the hash', async () => {
  const go = async (keepTrace: boolean) => {
    const sim = new Simulation({ seed: 3, keepTrace });
    sim.addNode('n1');
    const system = new ActorSystem(sim);
    const a = system.spawn(Account, [], { node: 'n1' });
    await system.get(a.call.deposit(5));
    return { hash: sim.traceHash(), events: sim.traceEvents().length };
  };
  const kept = await go(true);
  const notKept = await go(false);
  assert.is(kept.hash, notKept.hash);
  assert.ok(kept.events > 0);
  assert.is(notKept.events, 0);
});

test('error messages read the same in two runs of one seed in one process', async () => {
  const message = async () => {
    const sim = new Simulation({ seed: 8 });
    sim.addNode('n1');
    const system = new ActorSystem(sim);
    const a = system.spawn(Account, [], { node: 'n1' });
    try {
      await system.get(a.call.transfer(a, 1), { timeoutMs: 0.5 });
    } catch (err) {
      return (err as Error).message;
    }
    return 'no error';
  };
  const first = await message();
  assert.match(first, /^get: .* not ready after 0.5ms$/);
  assert.is(await message(), first);
});

test('seeded streams: named streams are independent of each other', () => {
  const a = new Simulation({ seed: 9 });
  const b = new Simulation({ seed: 9 });
  for (let i = 0; i < 50; i++) b.random('workload').int(10); // extra draws on another stream
  const xs = Array.from({ length: 10 }, () => a.random('faults').int(1_000_000));
  const ys = Array.from({ length: 10 }, () => b.random('faults').int(1_000_000));
  assert.equal(xs, ys);
  const other = new Simulation({ seed: 10 });
  assert.not.equal(Array.from({ length: 10 }, () => other.random('faults').int(1_000_000)), xs);
});

test.run();
