import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor } from '../../core/actors';
import { InvalidArgumentError } from '../../core/errors';
import { BUILTIN_FAULT_KINDS, defineScenario, drawSchedule, runScenario, type FaultPlanItem } from '../../harness';
import { Streams, WORLD_FAULT_KINDS } from '../../sim';
import { toy, type ToyOptions } from './toy-scenario';

// The simulator's world kinds as built-in harness kinds: any scenario's plan
// names them, the nemesis injects them and undoes them (at their end or at
// heal), and a run stays deterministic.

/** [world time, node's wall clock] as the probe on s2 read them (clocks are perfect: monotonic = world time). */
let samples: Array<[number, number]> = [];

class ClockProbe extends Actor {
  constructor() {
    super();
    let n = 0;
    const id = this.ctx.setInterval(5, () => { // determinism-ok: the Host's timer via ctx
      samples.push([this.ctx.monotonicNow(), this.ctx.now()]);
      if (++n >= 300) this.ctx.clearTimer(id);
    });
  }
}

const worldPlan: FaultPlanItem[] = [
  { kind: 'reorder', count: 2 },
  { kind: 'duplicate-call', count: 2 },
  { kind: 'swizzle-clog', count: 2, role: 'server' },
  { kind: 'clock-jump', count: 2, role: 'server' },
  { kind: 'clock-strobe', count: 2, role: 'server' },
];

const world = defineScenario({
  ...toy,
  name: 'toy-world',
  topology: () => ({ server: ['s1', 's2'] }),
  setup: (w) => {
    w.system.spawn(ClockProbe, [], { name: 'probe', node: 's2' });
    return toy.setup(w);
  },
  options: { ...toy.options, draw: (s): ToyOptions => ({ clients: s.range(1, 3), operations: s.range(4, 12), crashes: 0 }) },
  nemesis: { plan: () => worldPlan },
});

test('the five world kinds are built-in and drawn with what each needs', () => {
  for (const k of WORLD_FAULT_KINDS) assert.ok((BUILTIN_FAULT_KINDS as readonly string[]).includes(k), k);
  const topo = { server: ['s1', 's2'], clients: ['c1'] };
  const s = drawSchedule(new Streams(7).get('faults'), worldPlan.map((p) => ({ ...p, count: 20 })), topo, 0, 1000);
  for (const f of s.filter((f) => f.kind === 'clock-jump')) {
    assert.ok(['s1', 's2'].includes(f.node!), f.node);
    assert.ok(Number.isInteger(f.amount) && Math.abs(f.amount!) >= 500 && Math.abs(f.amount!) <= 5000, String(f.amount));
  }
  const jumps = s.filter((f) => f.kind === 'clock-jump').map((f) => Math.sign(f.amount!));
  assert.ok(jumps.includes(1) && jumps.includes(-1), 'jumps go both ways');
  for (const f of s.filter((f) => f.kind === 'clock-strobe')) assert.ok(f.amount! >= 50 && f.amount! <= 400 && ['s1', 's2'].includes(f.node!));
  for (const f of s.filter((f) => f.kind === 'swizzle-clog')) assert.ok(f.group!.length > 0 && f.amount !== undefined);
  for (const f of s.filter((f) => f.kind === 'duplicate-call')) assert.is(f.amount, 300_000);
  // A target instead of a role, and an explicit step.
  const [t] = drawSchedule(new Streams(7).get('faults'), [{ kind: 'clock-jump', count: 1, target: 'leader', amount: -700 }], topo, 0, 10);
  assert.equal([t!.target, t!.node, t!.amount], ['leader', undefined, -700]);
});

test('a plan of each world kind injects each, and the same seed gives the same trace', async () => {
  samples = [];
  const a = await runScenario(world, { seed: 3 });
  for (const k of WORLD_FAULT_KINDS) assert.ok((a.faults.injected[k] ?? 0) > 0, `${k}: ${JSON.stringify(a.faults)}`);
  const b = await runScenario(world, { seed: 3 });
  assert.is(b.traceHash, a.traceHash);
  assert.equal(b.faults, a.faults);
});

test('clock-jump moves the node clock while it lasts and is undone at its end and at heal', async () => {
  samples = [];
  const schedule = [
    { atMs: 100, kind: 'clock-jump', durationMs: 100, node: 's2', amount: 3000 },
    // Outlives the fault phase: healing steps it back.
    { atMs: 300, kind: 'clock-jump', durationMs: 100_000, node: 's2', amount: -2000 },
  ];
  // One late read keeps the world running past the heal at 510 ms.
  const r = await runScenario(world, { seed: 1, overrides: { clients: 1 }, workload: [{ client: 0, atMs: 800, op: 'read', args: [] }], schedule });
  assert.equal(r.faults.injected, { 'clock-jump': 2 });
  const offset = (lo: number, hi: number) => [...new Set(samples.filter(([t]) => t > lo && t < hi).map(([t, w]) => w - t))];
  assert.equal(offset(0, 100), [0]);
  assert.equal(offset(100, 200), [3000]);
  assert.equal(offset(200, 300), [0]);
  assert.equal(offset(300, 510), [-2000]);
  assert.equal(offset(510, 2000), [0]);
  assert.ok(samples.some(([t]) => t > 700), 'the probe sampled after heal');
});

test('a world kind on an unknown role is an InvalidArgumentError naming the kind', async () => {
  const bad = defineScenario({ ...world, name: 'toy-bad', nemesis: { plan: () => [{ kind: 'clock-jump', count: 1, role: 'replicas' }] } });
  try {
    await runScenario(bad, { seed: 1 });
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, InvalidArgumentError);
    assert.match((e as Error).message, /clock-jump/);
    assert.match((e as Error).message, /replicas/);
  }
});

test('a scenario kind may not take a built-in kind name (it would silently never run)', () => {
  assert.throws(() => defineScenario({ ...world, name: 'toy-shadow', nemesis: { plan: () => [], kinds: [{ name: 'clock-jump', start: () => true }] } }), /nemesis kind "clock-jump" is a built-in/);
});

test.run();
