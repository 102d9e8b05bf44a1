import type { History, HistoryEvent } from '../../properties/history';
import type { CheckViolation } from '../../properties/violation';

// The model-based suite's reference model: per artifact name, what a correct
// store must hold, where that is certain, checked at every completion.
//
// Sound by construction: it only speaks about an operation whose name had no
// other write in flight at any point of its life (so its place in the order
// is fixed by real time), and never about a name once a write on it ended
// `unknown` (a timed-out write may still land at any later moment). Faults do
// not change what is certain in recoverable mode: a get may then fail
// (unavailable, timeout), but an ok get returns the current content and a
// NOT_FOUND means absent. Everything else is left to the linearizability
// checker on the whole history.

type Certain = { certain: true; value: string | null } | { certain: false };

interface OpenOp {
  invoke: HistoryEvent;
  name: string;
  write: boolean;
  /** Another write on the same name was in flight at some point of this op's life. */
  overlappedWrite: boolean;
}

interface NameState {
  state: Certain;
  /** A write on this name ended unknown: nothing about it is certain any more. */
  tainted: boolean;
  outstanding: OpenOp[];
}

export type ModelPhase = 'faults' | 'final';

const WRITES: ReadonlySet<string> = new Set(['upload', 'update', 'delete']);

const show = (v: string | null): string => (v === null ? 'absent' : JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v));

export class ReferenceModel {
  private readonly names = new Map<string, NameState>();
  private readonly open = new Map<number, OpenOp>();
  private seen = 0;

  /** Every name starts absent. */
  private name(n: string): NameState {
    let s = this.names.get(n);
    if (!s) this.names.set(n, (s = { state: { certain: true, value: null }, tainted: false, outstanding: [] }));
    return s;
  }

  /** What the model is certain of for `name` (undefined: nothing). */
  expected(name: string): string | null | undefined {
    const s = this.name(name);
    return !s.tainted && s.state.certain ? s.state.value : undefined;
  }

  /** Observes the history events not seen yet, in order; returns what contradicts the model. */
  observeNew(history: History, phase: ModelPhase): CheckViolation[] {
    const out: CheckViolation[] = [];
    for (; this.seen < history.length; this.seen++) out.push(...this.observe(history[this.seen]!, phase));
    return out;
  }

  observe(e: HistoryEvent, phase: ModelPhase): CheckViolation[] {
    if (e.op === 'status') return [];
    if (e.type === 'invoke') {
      const op: OpenOp = { invoke: e, name: e.args[0] as string, write: WRITES.has(e.op), overlappedWrite: false };
      const s = this.name(op.name);
      for (const other of s.outstanding) {
        if (op.write) other.overlappedWrite = true;
        if (other.write) op.overlappedWrite = true;
      }
      s.outstanding.push(op);
      this.open.set(e.process, op);
      return [];
    }
    const op = this.open.get(e.process);
    if (!op) return [];
    this.open.delete(e.process);
    const s = this.name(op.name);
    s.outstanding = s.outstanding.filter((o) => o !== op);
    return op.write ? this.completeWrite(s, op, e) : this.completeGet(s, op, e, phase);
  }

  private completeWrite(s: NameState, op: OpenOp, e: HistoryEvent): CheckViolation[] {
    if (e.type === 'unknown') {
      s.tainted = true;
      s.state = { certain: false };
      return [];
    }
    if (op.overlappedWrite) {
      if (e.type === 'ok') s.state = { certain: false };
      return [];
    }
    if (s.tainted) return [];
    const inv = op.invoke;
    const content = inv.op === 'delete' ? null : (inv.args[1] as string);
    const before = s.state.certain ? s.state.value : undefined;
    const bad = (what: string): CheckViolation[] => [
      { kind: 'model', message: `${what}: c${inv.process + 1} ${inv.op} ${JSON.stringify(op.name)} at ${inv.timeMs}..${e.timeMs}ms, but the name was ${show(before ?? null)}`, timeMs: e.timeMs, name: op.name },
    ];
    if (e.type === 'ok') {
      const wrong = inv.op === 'upload' ? before !== undefined && before !== null : before === null;
      s.state = { certain: true, value: content };
      return wrong ? bad(`${inv.op} acknowledged`) : [];
    }
    const code = e.result;
    if (code === 'ALREADY_EXISTS' && inv.op === 'upload') {
      return before === null ? bad('upload failed ALREADY_EXISTS') : [];
    }
    if (code === 'NOT_FOUND' && inv.op !== 'upload') {
      const wrong = before !== undefined && before !== null;
      s.state = { certain: true, value: null };
      return wrong ? bad(`${inv.op} failed NOT_FOUND`) : [];
    }
    return [];
  }

  private completeGet(s: NameState, op: OpenOp, e: HistoryEvent, phase: ModelPhase): CheckViolation[] {
    if (op.overlappedWrite || s.tainted) return [];
    const inv = op.invoke;
    const before = s.state.certain ? s.state.value : undefined;
    const bad = (got: string): CheckViolation[] => [
      { kind: 'model', message: `c${inv.process + 1} get ${JSON.stringify(op.name)} at ${inv.timeMs}..${e.timeMs}ms ${got}, but the name held ${show(before ?? null)}`, timeMs: e.timeMs, name: op.name },
    ];
    if (e.type === 'ok') {
      const got = e.result as string;
      s.state = { certain: true, value: got };
      return before !== undefined && before !== got ? bad(`returned ${show(got)}`) : [];
    }
    if (e.type === 'fail' && e.result === 'NOT_FOUND') {
      s.state = { certain: true, value: null };
      return before !== undefined && before !== null ? bad('failed NOT_FOUND') : [];
    }
    // Unavailable or timed out: allowed while faults rage, not once the cluster healed and converged.
    if (phase === 'final' && before !== undefined && before !== null) return bad(`failed ${String(e.result ?? e.type)} after healing`);
    return [];
  }
}
