import { Actor } from '../../core/actors';
import { defineScenario, linearizable, OperationFailed, registerModel, type SeededStream } from '../../harness';

// A tiny system for the harness's own tests: one register actor. Its `stale`
// variant answers reads with the first value ever written (a checker must
// catch it); `hang` never answers (the client deadline must record unknown).

export class Register extends Actor {
  protected value: string | null = null;
  protected first: string | null = null;
  write(v: string): void {
    if (this.first === null) this.first = v;
    this.value = v;
  }
  read(): string | null {
    return this.value;
  }
  hang(): Promise<void> {
    return new Promise(() => undefined);
  }
}

export class StaleRegister extends Register {
  override read(): string | null {
    return this.first;
  }
}

export interface ToyOptions {
  clients: number;
  operations: number;
  crashes: number;
}

export const toy = defineScenario({
  name: 'toy-register',
  summary: 'one register actor',
  options: {
    draw: (s: SeededStream): ToyOptions => ({ clients: s.range(1, 3), operations: s.range(4, 12), crashes: s.range(0, 1) }),
    flags: [{ name: 'clients', kind: 'integer', min: 1, max: 8, description: 'clients' }],
  },
  topology: () => ({ server: ['s1'] }),
  impl: { Register },
  bugs: [{ name: 'stale', summary: 'reads return the first value written', swap: { Register: StaleRegister } }],
  setup: ({ system, impl }) => ({ reg: system.spawn(impl.Register, [], { name: 'reg', node: 's1', maxRestarts: -1 }) }),
  workload: {
    clients: (o) => o.clients,
    count: (o) => o.operations,
    draw: (s, _o, i) => {
      const k = s.int(10);
      if (k === 0) return { op: 'refuse', args: [] };
      if (k === 1) return { op: 'hang', args: [] };
      return k < 6 ? { op: 'write', args: [`v${i}`] } : { op: 'read', args: [] };
    },
  },
  perform: async (_sys, op, c) => {
    const reg = c.getActor<Register>('reg');
    if (op.op === 'refuse') throw new OperationFailed('refused');
    if (op.op === 'hang') return c.get(reg.call.hang());
    if (op.op === 'write') return c.get(reg.call.write(op.args[0] as string));
    return c.get(reg.call.read());
  },
  checkers: [
    {
      phase: 'final',
      name: 'history decodes',
      // The toy's extra ops are not register ops: check the rest.
      check: (ctx) => linearizable(registerModel).check({ ...ctx, history: ctx.history.filter((e) => e.op === 'read' || e.op === 'write') }),
    },
  ],
  nemesis: { plan: (o) => [{ kind: 'pause', count: o.crashes, role: 'server', durationMs: [50, 200] }] },
  timing: () => ({ startMs: 10, faultPhaseMs: 500, clientDeadlineMs: 300, livenessBoundMs: 1000 }),
});

export default toy;
