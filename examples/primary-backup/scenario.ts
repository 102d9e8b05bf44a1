import type { ClientContext } from '../../core/actors';
import { defineScenario, linearizable, liveness, OperationFailed, OperationIndeterminate, registerModel, safety, type Operation, type SeededStream } from '../../harness';
import { AckAfterOneReplica } from './bugs';
import { Replica, type Reply, type Value } from './replica';
import { loadState } from './stored-state';

// The primary-backup register on the harness: replicas r1..rN (role
// `replicas`), clients that find the primary, reads and writes of unique
// values checked for linearizability, crashes (also of "the current primary",
// resolved when the fault fires), partitions and message loss.

export interface PbScenarioOptions {
  replicas: number;
  clients: number;
  operations: number;
  crashes: number;
  primaryCrashes: number;
  partitions: number;
  losses: number;
  primaryCuts: number;
}

interface PbSystem {
  names: string[];
  /** Each client's guess of the primary's index. */
  hint: number[];
}

const nodeOf = (i: number) => `r${i + 1}`;
const nameOf = (i: number) => `pb-r${i + 1}`;
const HEARTBEAT_MS = 50;
const RPC_TIMEOUT_MS = 150;

async function call(c: ClientContext, sys: PbSystem, op: Operation): Promise<Value | undefined> {
  const n = sys.names.length;
  for (let attempt = 0; attempt < 2 * n; attempt++) {
    const i = sys.hint[op.client]! % n;
    const r = c.getActor<Replica>(sys.names[i]!);
    const ref = op.op === 'write' ? r.call.write(op.args[0] as Value) : r.call.read();
    let reply: Reply;
    try {
      reply = await c.get(ref, { timeoutMs: RPC_TIMEOUT_MS * 3 });
    } catch (err) {
      // Timed out or the replica died: a write may have taken effect.
      throw new OperationIndeterminate(`${op.op} at ${sys.names[i]}: ${(err as Error).message}`);
    }
    if (reply.ok) return op.op === 'read' ? (reply.value ?? null) : undefined;
    if (reply.why === 'incomplete' && op.op === 'write') throw new OperationIndeterminate(`${op.op} at ${sys.names[i]} did not reach every replica`);
    // Not the primary: nothing happened; try the primary of the view it knows, else the next one.
    const guess = reply.view % n;
    sys.hint[op.client] = guess === i ? i + 1 : guess;
  }
  throw new OperationFailed('no primary found');
}

export const scenario = defineScenario({
  name: 'primary-backup',
  summary: 'a primary-backup register with deterministic view changes; writes are acknowledged once every backup has them',
  options: {
    draw: (s: SeededStream): PbScenarioOptions => ({
      replicas: s.range(3, 4),
      clients: s.range(1, 4),
      operations: s.range(8, 24),
      crashes: s.range(0, 2),
      primaryCrashes: s.range(1, 3),
      partitions: s.range(1, 4),
      losses: s.range(1, 3),
      primaryCuts: s.range(1, 3),
    }),
    flags: [
      { name: 'replicas', kind: 'integer', min: 2, max: 7, description: 'replicas in the group' },
      { name: 'clients', kind: 'integer', min: 1, max: 16, description: 'client processes' },
      { name: 'operations', kind: 'integer', min: 0, max: 1000, description: 'operations in the workload' },
      { name: 'crashes', kind: 'integer', min: 0, max: 20, description: 'crashes of random replicas' },
      { name: 'primary-crashes', kind: 'integer', min: 0, max: 20, description: 'crashes of the current primary' },
      { name: 'partitions', kind: 'integer', min: 0, max: 20, description: 'partitions (isolations, splits, one-way cuts)' },
      { name: 'losses', kind: 'integer', min: 0, max: 20, description: 'bursts of 30% message loss' },
      { name: 'primary-cuts', kind: 'integer', min: 0, max: 20, description: "one-way cuts from the current primary to one of its backups" },
    ],
  },
  topology: (o) => ({ replicas: Array.from({ length: o.replicas }, (_, i) => nodeOf(i)) }),
  network: () => ({ latencyMsMean: 3 }),
  impl: { Replica },
  bugs: [{ name: 'ack-after-one', summary: 'the primary acknowledges a write after one backup acked instead of all', swap: { Replica: AckAfterOneReplica } }],
  setup: ({ system, options, impl }): PbSystem => {
    const names = Array.from({ length: options.replicas }, (_, i) => nameOf(i));
    const o = { names, heartbeatMs: HEARTBEAT_MS, suspectMs: 300, rpcTimeoutMs: RPC_TIMEOUT_MS };
    names.forEach((name, i) => system.spawn(impl.Replica, [o], { name, node: nodeOf(i), maxRestarts: -1 }));
    return { names, hint: Array.from({ length: options.clients }, () => 0) };
  },
  workload: {
    clients: (o) => o.clients,
    count: (o) => o.operations,
    draw: (s, _o, i) => (s.chance(1, 2) ? { op: 'write', args: [`v${i}`] } : { op: 'read', args: [] }),
  },
  perform: (sys, op, client) => call(client, sys, op),
  checkers: [
    safety('one value per version', ({ sim, topology }) => {
      const seen = new Map<string, Value>();
      for (const node of topology.replicas!) {
        const s = loadState((key) => sim.disk(node).peek(key)).state;
        if (s.version[0] === 0 && s.version[1] === 0) continue;
        const key = s.version.join('.');
        if (seen.has(key) && seen.get(key) !== s.value) return [{ kind: 'version-conflict', message: `version ${key} holds ${String(seen.get(key))} and ${String(s.value)}`, timeMs: sim.now() }];
        seen.set(key, s.value);
      }
      return [];
    }),
    liveness('a primary serves reads', async ({ system, sim, sys }) => {
      const c = system.clientAt(sim.driverNode);
      for (const name of (sys as PbSystem).names) {
        const r = await c.get(c.getActor<Replica>(name).call.read(), { timeoutMs: 500 }).catch(() => null);
        if (r && r.ok) return [];
      }
      return [{ kind: 'no-primary', message: 'no replica served a read', timeMs: sim.now() }];
    }),
    linearizable(registerModel),
  ],
  nemesis: {
    plan: (o) => [
      { kind: 'crash', count: o.crashes, role: 'replicas', durationMs: [100, 800] },
      { kind: 'crash', count: o.primaryCrashes, target: 'primary', durationMs: [100, 800] },
      { kind: 'one-way', count: o.partitions, durationMs: [200, 1200] },
      { kind: 'isolate', count: Math.min(o.partitions, 1), role: 'replicas', durationMs: [200, 1000] },
      { kind: 'loss', count: o.losses, durationMs: [100, 600] },
      { kind: 'primary-cut', count: o.primaryCuts, target: 'primary', durationMs: [300, 1500] },
    ],
    kinds: [
      {
        // The scenario's own fault: the current primary's messages to one backup are lost (the other way still flows).
        name: 'primary-cut',
        start: ({ topology }, fault, primary, tools) => {
          if (primary === null) return false;
          const backups = topology.replicas!.filter((n) => n !== primary);
          tools.cut([primary], [backups[(fault.amount ?? 0) % backups.length]!], true);
          return true;
        },
      },
    ],
    targets: {
      // The primary now: the replica whose disk holds the highest view, if it is up.
      primary: ({ sim, topology }) => {
        let best: { node: string; view: number } | null = null;
        for (const node of topology.replicas!) {
          const view = loadState((key) => sim.disk(node).peek(key)).state.view;
          if (best === null || view > best.view) best = { node, view };
        }
        if (best === null) return null;
        const primary = topology.replicas![best.view % topology.replicas!.length]!;
        return sim.isUp(primary) ? primary : null;
      },
    },
  },
  timing: () => ({ startMs: 100, faultPhaseMs: 2500, clientDeadlineMs: 1500, livenessBoundMs: 8000 }),
  report: {
    series: [{ name: 'replicas up', sample: ({ sim, topology }) => topology.replicas!.filter((n) => sim.isUp(n)).length }],
    panels: ({ sim, topology }) => [
      {
        title: 'replicas at the end',
        columns: ['node', 'up', 'view', 'version', 'value'],
        rows: topology.replicas!.map((n) => {
          const s = loadState((key) => sim.disk(n).peek(key)).state;
          return [n, sim.isUp(n) ? 'yes' : 'no', s.view, s.version.join('.'), String(s.value)];
        }),
      },
    ],
  },
});

export default scenario;
