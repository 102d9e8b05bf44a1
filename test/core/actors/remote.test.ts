import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NodeDiedError, TaskContext, TaskError } from '../../../core/actors';
import { world as sharedWorld, rejection } from './helpers';

// Remote functions (stateless tasks): placement, seeded randomness per task
// and attempt, and retries when the node running a task dies.

const world = (seed = 1, nodes = ['n1', 'n2']) => sharedWorld(seed, { nodes, exact: true });


function square(_ctx: TaskContext, x: number) {
  return x * x;
}

async function dice(ctx: TaskContext, n: number) {
  await ctx.sleep(5);
  return Array.from({ length: n }, () => ctx.random.int(1000));
}

async function slowInfo(ctx: TaskContext, ms: number) {
  const start = ctx.now();
  await ctx.sleep(ms);
  return { node: ctx.node, attempt: ctx.attempt, start, end: ctx.now() };
}

test('a remote function runs on a worker node and its Ref resolves to the result', async () => {
  const { system } = world();
  const sq = system.remote(square);
  assert.is(sq.name, 'square');
  assert.is(sq.maxRetries, 3, 'Ray default');
  assert.equal(await Promise.all([1, 2, 3].map((x) => system.get(sq.remote(x)))), [1, 4, 9]);
  const info = await system.get(system.remote(slowInfo).remote(20));
  assert.ok(['n1', 'n2'].includes(info.node), `ran on ${info.node}`);
  assert.is(info.end - info.start, 20);
});

test('options({ node }) pins a task to a node', async () => {
  const { system } = world();
  const f = system.remote(slowInfo, { name: 'info' });
  for (const node of ['n1', 'n2', 'n1']) {
    const r = await system.get(f.options({ node }).remote(1));
    assert.is(r.node, node);
  }
});

test('ctx.random is seeded: the same seed draws the same numbers, another seed others', async () => {
  const draws = async (seed: number) => {
    const { system } = world(seed);
    const d = system.remote(dice);
    return [await system.get(d.remote(5)), await system.get(d.remote(5))];
  };
  const a = await draws(42);
  assert.equal(await draws(42), a);
  assert.not.equal(a[0], a[1], 'each task has its own stream');
  assert.not.equal(await draws(43), a);
});

test('a task whose node crashes mid-task is retried elsewhere with maxRetries', async () => {
  const { sim, system } = world();
  const f = system.remote(slowInfo, { maxRetries: 1 }).options({ node: 'n1' });
  const r = f.remote(50);
  sim.at(10, () => sim.crash('n1'));
  const info = await system.get(r);
  assert.equal(info, { node: 'n2', attempt: 1, start: 11, end: 61 }, 'resent at the crash, delivered 1ms later');
});

test('with maxRetries 0 a node crash fails the task with NodeDiedError', async () => {
  const { sim, system } = world();
  const r = system.remote(slowInfo, { maxRetries: 0 }).options({ node: 'n2' }).remote(50);
  sim.at(10, () => sim.crash('n2'));
  const err = await rejection(system.get(r));
  assert.instance(err, NodeDiedError);
  assert.is((err as NodeDiedError).code, 'NODE_DIED');
  assert.is((err as NodeDiedError).node, 'n2');
  assert.match((err as Error).message, 'slowInfo');
  assert.is(sim.now(), 10);
});

test('retries run out: each crash spends one', async () => {
  const { sim, system } = world(3, ['n1']);
  const r = system.remote(slowInfo, { maxRetries: 1 }).remote(50);
  sim.at(10, () => sim.crash('n1'));
  sim.at(12, () => sim.restart('n1'));
  sim.at(20, () => sim.crash('n1'));
  const err = await rejection(system.get(r));
  assert.instance(err, NodeDiedError, String(err));
});

test('a task that throws fails with TaskError; with no live node it fails with NodeDiedError', async () => {
  const { sim, system } = world();
  const bad = system.remote((_ctx: TaskContext, s: string) => JSON.parse(s) as unknown, { name: 'parse' });
  const err = await rejection(system.get(bad.remote('{')));
  assert.instance(err, TaskError);
  assert.is((err as TaskError).originalName, 'SyntaxError');
  sim.crash('n1');
  sim.crash('n2');
  const none = await rejection(system.get(bad.remote('{}')));
  assert.instance(none, NodeDiedError);
  assert.match((none as Error).message, 'no live node');
});

test.run();
