import { defineScenario, InvalidArgumentError, linearizable, liveness, registerModel, safety, type SeededStream } from '../../harness';
import { ReadOneClient } from './bugs';
import { QuorumClient } from './client';
import { later, QuorumReplica, type Stamp, type Value } from './replica';

// The quorum register on the harness: 3 or 5 replicas (role `replicas`),
// clients running the ABD protocol, reads and writes of unique values checked
// for linearizability under crashes, pauses, partitions and loss.

export interface QuorumOptions {
  replicas: number;
  clients: number;
  operations: number;
  crashes: number;
  pauses: number;
  partitions: number;
}

const nodeOf = (i: number) => `q${i + 1}`;
const nameOf = (i: number) => `quorum-q${i + 1}`;
const TIMEOUT_MS = 120;

interface QuorumSystem {
  names: string[];
  /** Highest stamp each replica's disk ever showed (the safety checker's memory). */
  seen: Map<string, Stamp>;
}

const diskValue = (sim: { disk(node: string): { peek(key: string): unknown } }, node: string) => sim.disk(node).peek('register') as { stamp: Stamp; value: Value } | undefined;

export const scenario = defineScenario({
  name: 'quorum-register',
  summary: 'an ABD quorum register: majority reads with write-back, majority writes',
  options: {
    draw: (s: SeededStream): QuorumOptions => ({
      replicas: s.pick([3, 5]),
      clients: s.range(2, 4),
      operations: s.range(8, 24),
      crashes: s.range(0, 2),
      pauses: s.range(0, 2),
      partitions: s.range(0, 3),
    }),
    check: (o) => {
      if (o.replicas % 2 === 0) throw new InvalidArgumentError(`quorum-register: replicas must be odd, got ${o.replicas}`);
    },
    flags: [
      { name: 'replicas', kind: 'integer', min: 1, max: 9, description: 'replicas (odd)' },
      { name: 'clients', kind: 'integer', min: 1, max: 16, description: 'client processes' },
      { name: 'operations', kind: 'integer', min: 0, max: 1000, description: 'operations in the workload' },
      { name: 'crashes', kind: 'integer', min: 0, max: 20, description: 'replica crashes' },
      { name: 'pauses', kind: 'integer', min: 0, max: 20, description: 'replica pauses' },
      { name: 'partitions', kind: 'integer', min: 0, max: 20, description: 'partitions (splits and one-way cuts)' },
    ],
  },
  topology: (o) => ({ replicas: Array.from({ length: o.replicas }, (_, i) => nodeOf(i)) }),
  network: () => ({ latencyMsMean: 4 }),
  impl: { Client: QuorumClient },
  bugs: [{ name: 'read-one', summary: 'reads ask a single replica and skip the write-back (a read from a minority)', swap: { Client: ReadOneClient } }],
  setup: ({ system, options }): QuorumSystem => {
    const names = Array.from({ length: options.replicas }, (_, i) => nameOf(i));
    names.forEach((name, i) => system.spawn(QuorumReplica, [], { name, node: nodeOf(i), maxRestarts: -1 }));
    return { names, seen: new Map() };
  },
  workload: {
    clients: (o) => o.clients,
    count: (o) => o.operations,
    draw: (s, _o, i) => (s.chance(1, 2) ? { op: 'write', args: [`v${i}`] } : { op: 'read', args: [] }),
  },
  perform: async (sys, op, c, world) => {
    const client = new world.impl.Client(c, sys.names, op.client, TIMEOUT_MS);
    if (op.op === 'write') return client.write(op.args[0] as Value);
    return client.read();
  },
  checkers: [
    safety('stamps never go back', ({ sim, sys, topology }) => {
      for (const node of topology.replicas!) {
        const now = diskValue(sim, node)?.stamp ?? ([0, -1] as Stamp);
        const before = sys.seen.get(node);
        if (before && later(before, now)) return [{ kind: 'stamp-regressed', message: `${node} went from stamp ${before.join('.')} back to ${now.join('.')}`, timeMs: sim.now(), nodes: [node] }];
        sys.seen.set(node, now);
      }
      return [];
    }),
    liveness('a majority answers', async ({ system, sim, sys }) => {
      const c = system.clientAt(sim.driverNode);
      const client = new QuorumClient(c, sys.names, 1000, 300);
      try {
        await client.read();
        return [];
      } catch (err) {
        return [{ kind: 'no-quorum', message: `a read through every replica failed: ${(err as Error).message}`, timeMs: sim.now() }];
      }
    }),
    linearizable(registerModel),
  ],
  nemesis: {
    plan: (o) => [
      { kind: 'crash', count: o.crashes, role: 'replicas', durationMs: [100, 800] },
      { kind: 'pause', count: o.pauses, role: 'replicas', durationMs: [50, 400] },
      { kind: 'split', count: o.partitions, durationMs: [200, 1000] },
      { kind: 'delay', count: 1, durationMs: [200, 800], amount: 40 },
    ],
  },
  timing: () => ({ startMs: 50, faultPhaseMs: 2000, clientDeadlineMs: 1000, livenessBoundMs: 5000 }),
  report: {
    series: [{ name: 'replicas up', sample: ({ sim, topology }) => topology.replicas!.filter((n) => sim.isUp(n)).length }],
    panels: ({ sim, topology }) => [
      {
        title: 'replicas at the end',
        columns: ['node', 'up', 'stamp', 'value'],
        rows: topology.replicas!.map((n) => {
          const t = diskValue(sim, n);
          return [n, sim.isUp(n) ? 'yes' : 'no', (t?.stamp ?? [0, -1]).join('.'), String(t?.value ?? null)];
        }),
      },
    ],
  },
});

export default scenario;
