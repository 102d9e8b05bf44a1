import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineScenario, drawOptions, final, parseFlagText, runScenario, type SeededStream } from '../../harness';
import { toy } from './toy-scenario';

// The harness's hooks for systems that keep their own draws and checks (the
// store): options merged their own way, flags that parse, simulation
// settings from the options, final operations after healing, network patches
// and a heal hook for a scenario's own fault kinds.

interface Opts {
  clients: number;
  operations: number;
  crashes: number;
  size: number;
  spread: number;
  tags: string[];
}

const base = toy as unknown as Parameters<typeof defineScenario<Opts, { Register: unknown }, unknown>>[0];

const hooked = defineScenario<Opts, { Register: unknown }, unknown>({
  ...base,
  name: 'toy-hooked',
  options: {
    draw: (s: SeededStream, seed): Opts => ({ clients: s.range(1, 2), operations: 4, crashes: 0, size: 2, spread: 1, tags: [String(seed)] }),
    // spread may not exceed size: an override of spread grows size.
    merge: (drawn, over) => ({ ...drawn, ...over, size: Math.max(over.size ?? drawn.size, over.spread ?? 0) }),
    flags: [{ name: 'tags', kind: 'string', description: 'a list', parse: (text) => text.split('+'), format: (v) => (v as string[]).join('+') }],
  },
  simulation: () => ({ strategy: 'pct', clocks: { maxOffsetMs: 200, maxDriftPpm: 0 } }),
  workload: {
    ...toy.workload,
    draw: (_s, _o, i) => ({ op: 'write', args: [`v${i}`] }),
    final: (_o, workload) => [{ op: 'read', args: [] }, { op: 'read', args: [String(workload.length)] }],
  },
  checkers: [final('final reads came last', ({ history, options }) => (history.slice(-4).every((e) => e.process === options.clients && e.op === 'read') ? [] : [{ kind: 'order', message: 'final reads not last', timeMs: 0 }]))],
});

test('options: the seed reaches draw, merge combines overrides its own way, a parsing flag round-trips', () => {
  assert.equal(drawOptions(hooked.name, hooked.options, 9).tags, ['9']);
  assert.is(drawOptions(hooked.name, hooked.options, 9, { spread: 5 }).size, 5);
  const flag = hooked.options.flags![0]!;
  const v = parseFlagText(hooked.name, flag, 'a+b');
  assert.equal(v, ['a', 'b']);
  assert.is(flag.format!(v), 'a+b');
});

test('final operations run as one more client after healing, before the final checkers; simulation settings apply', async () => {
  const r = await runScenario(hooked, { seed: 3 });
  assert.equal(r.violations, []);
  assert.is(r.strategy, 'pct');
  const finals = r.history.filter((e) => e.process === r.options.clients);
  assert.equal(finals.map((e) => `${e.type} ${e.op} ${JSON.stringify(e.args)}`), ['invoke read []', 'ok read []', 'invoke read ["4"]', 'ok read ["4"]']);
  const lastWrite = Math.max(...r.history.filter((e) => e.op === 'write').map((e) => e.timeMs));
  assert.ok(finals[0]!.timeMs > lastWrite, 'after the workload');
  // An explicit strategy still wins over the scenario's.
  assert.is((await runScenario(hooked, { seed: 3, strategy: 'random' })).strategy, 'random');
});

test("a scenario's kind may patch the network until it ends; the heal hook runs when everything heals", async () => {
  const seen: string[] = [];
  const s = defineScenario({
    ...toy,
    name: 'toy-patch',
    nemesis: {
      plan: () => [{ kind: 'drop-all', count: 1, role: 'server' }],
      kinds: [{ name: 'drop-all', start: (_ctx, _f, _n, tools) => (tools.network({ lossRate: 1 }), true) }],
      heal: ({ sim }) => void seen.push(`heal at ${sim.now()} loss ${sim.networkOptions().lossRate}`),
    },
    checkers: [final('loss over', ({ sim }) => (sim.networkOptions().lossRate === 0 ? [] : [{ kind: 'patch', message: 'loss still on', timeMs: 0 }]))],
  });
  const schedule = [{ atMs: 20, kind: 'drop-all', durationMs: 0, node: 's1' }];
  const workload = [{ client: 0, atMs: 100, op: 'write', args: ['x'] }];
  const r = await runScenario(s, { seed: 1, schedule, workload, overrides: { clients: 1 } });
  // Every message lost while the patch held (it has no end of its own): the write is unknown; at heal the patch is gone.
  assert.equal(r.history.map((e) => e.type), ['invoke', 'unknown']);
  assert.equal(seen, ['heal at 510 loss 1']);
  assert.equal(r.violations, []);
});

test.run();
