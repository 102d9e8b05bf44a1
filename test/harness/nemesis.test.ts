import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineScenario, drawSchedule, runScenario } from '../../harness';
import { Streams } from '../../sim';
import { toy } from './toy-scenario';

// The nemesis over a scenario's roles: faults land on role members only,
// targets resolve when the fault fires, a scenario's own kinds run through
// their start/end, and a schedule is explicit data.

const two = defineScenario({
  ...toy,
  name: 'toy-two',
  topology: () => ({ server: ['s1'], spare: ['x1', 'x2'] }),
  nemesis: {
    plan: () => [
      { kind: 'crash', count: 3, role: 'spare', durationMs: [50, 60] },
      { kind: 'crash', count: 1, target: 'leader', durationMs: [50, 60] },
      { kind: 'mute', count: 1, role: 'spare', durationMs: [100, 100] },
    ],
    // The leader is the lexically last spare that is up, asked at the moment the fault fires.
    targets: { leader: ({ sim }) => (['x2', 'x1'].find((n) => sim.isUp(n)) ?? null) },
    kinds: [
      {
        name: 'mute',
        start: ({ sim }, fault, node, tools) => {
          tools.cut([node!], ['s1'], true);
          return sim.isUp(node!);
        },
      },
    ],
  },
});

test('drawn faults hit only the named role; a schedule is plain data', () => {
  const topo = { server: ['s1'], spare: ['x1', 'x2'], clients: ['c1'] };
  const s = drawSchedule(new Streams(4).get('faults'), [{ kind: 'crash', count: 20, role: 'spare' }, { kind: 'split', count: 5 }], topo, 100, 200);
  assert.is(s.length, 25);
  for (const f of s.filter((f) => f.kind === 'crash')) assert.ok(['x1', 'x2'].includes(f.node!), f.node);
  for (const f of s) assert.ok(f.atMs >= 100 && f.atMs < 200);
  assert.equal(JSON.parse(JSON.stringify(s)), s);
  assert.equal(s.map((f) => f.atMs), [...s.map((f) => f.atMs)].sort((a, b) => a - b));
});

test('a target is resolved when its fault fires, and a scenario kind cuts links until it ends', async () => {
  const schedule = [
    { atMs: 20, kind: 'crash', durationMs: 300, node: 'x2' },
    { atMs: 40, kind: 'crash', durationMs: 50, target: 'leader' },
    { atMs: 60, kind: 'mute', durationMs: 100, node: 'x2' },
    { atMs: 70, kind: 'crash', durationMs: 50, node: 'x2' },
  ];
  const r = await runScenario(two, { seed: 1, overrides: { clients: 1 }, workload: [], schedule });
  const byIndex = r.report.faults;
  assert.equal(byIndex.map((f) => [f.kind, f.node, f.applied]), [
    ['crash', 'x2', true],
    ['crash', 'x1', true], // x2 was down at 40 ms: the leader then was x1
    ['mute', 'x2', false], // x2 down: the kind vetoed itself
    ['crash', 'x2', false], // already down
  ]);
  assert.equal(r.faults.injected, { crash: 2 });
  assert.equal(r.faults.vetoed, { mute: 1, crash: 1 });
});

test('a plan naming an unknown role, kind or target is refused naming it', async () => {
  const bad = (plan: object[]) => defineScenario({ ...two, nemesis: { ...two.nemesis!, plan: () => plan as never } });
  const msg = (p: Promise<unknown>) => p.then(() => '', (e: Error) => e.message);
  assert.match(await msg(runScenario(bad([{ kind: 'crash', count: 1, role: 'nope' }]), { seed: 1 })), /unknown role "nope" \(roles: server, spare, clients\)/);
  assert.match(await msg(runScenario(bad([{ kind: 'melt', count: 1 }]), { seed: 1 })), /unknown fault kind "melt"/);
  assert.match(await msg(runScenario(bad([{ kind: 'crash', count: 1, target: 'boss' }]), { seed: 1 })), /unknown target "boss" \(targets: leader\)/);
});

test('a veto (fault atlas) asked as each fault fires stops it; a scenario may draw its schedule itself', async () => {
  const guarded = defineScenario({
    ...two,
    name: 'toy-guarded',
    nemesis: {
      ...two.nemesis!,
      allow: ({ sim }, fault, node) => !(fault.kind === 'crash' && node === 'x1' && sim.now() < 100),
      draw: (stream, _o, topo, window) => [{ atMs: window.startMs + stream.int(5), kind: 'crash', durationMs: 10, node: topo.spare![0]! }],
    },
  });
  const r = await runScenario(guarded, { seed: 2, workload: [] });
  assert.is(r.schedule.length, 1);
  assert.equal(r.report.faults.map((f) => [f.node, f.applied]), [['x1', false]]);
});

test('clients are never crashed by a role-less crash', () => {
  const topo = { server: ['s1', 's2'], clients: ['c1', 'c2'] };
  const s = drawSchedule(new Streams('k').get('faults'), [{ kind: 'crash', count: 50 }], topo, 0, 10);
  assert.ok(s.every((f) => f.node === 's1' || f.node === 's2'));
});

test.run();
