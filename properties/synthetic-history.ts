// Seeded synthetic histories for testing and timing the checker: linearizable
// by construction, or with exactly one read corrupted so that none can be.
//
// Each client runs operations one after another: a gap, then an operation that
// lasts a drawn time and takes effect at a drawn point inside its interval.
// Applying the operations to a real register (or key-value map) in the order
// of those points gives every read its value: a sequential execution with
// overlapping intervals. Times are distinct (scaled, plus the client), so the
// history's real-time order never hinges on ties.

import seedrandom from 'seedrandom';
import { InvalidArgumentError, show } from '../core/errors';
import type { History, HistoryEvent } from './history';

export type SyntheticKind = 'register' | 'kv';

export interface SyntheticOptions {
  kind: SyntheticKind;
  /** Concurrent clients (processes). */
  clients: number;
  operations: number;
  seed: number | string;
  /** kv only: keys drawn from k0..k<keys-1>; default 3. */
  keys?: number;
  /** register only: written values drawn from 0..values-1; default 10. */
  values?: number;
  /** Longest operation, in time units (default 10); gaps are up to the same. More means more overlap. */
  maxDuration?: number;
  /** Fraction of writes whose outcome is unknown (they take effect or not, drawn); default 0. */
  unknownRate?: number;
  /**
   * Corrupt one ok read so that the history is not linearizable: the register
   * reads a value never written; the kv store reads the value an append A
   * left, although another write to the key ran wholly after A and before the
   * read (values are unique, so the read's value ends with A's token, which
   * only A can have put last: impossible), or when no read qualifies, reads
   * nil after a write to the key completed (nothing deletes).
   */
  corrupt?: boolean;
}

interface Planned {
  client: number;
  call: number;
  point: number;
  ret: number;
  op: string;
  args: unknown[];
  unknown: boolean;
  lands: boolean;
  result?: unknown;
  outcome: 'ok' | 'fail' | 'unknown';
  /** kv: the key's value just after this operation took effect. */
  after?: string;
}

function positiveInt(value: number | undefined, fallback: number, what: string, min = 1): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`syntheticHistory: ${what} must be an integer >= ${min}, got ${show(value)}`);
  return n;
}

export function syntheticHistory(options: SyntheticOptions): History {
  const clients = positiveInt(options.clients, 1, 'clients');
  const total = positiveInt(options.operations, 1, 'operations');
  const keys = positiveInt(options.keys, 3, 'keys');
  const values = positiveInt(options.values, 10, 'values');
  const maxDuration = positiveInt(options.maxDuration, 10, 'maxDuration');
  const unknownRate = options.unknownRate ?? 0;
  const random = seedrandom.alea(`synthetic:${String(options.seed)}`);
  const int = (n: number): number => Math.floor(random() * n);
  // Times are scaled so that per-client offsets keep all of them distinct.
  const scale = clients + 1;
  const cursor = new Array<number>(clients).fill(0);
  const plans: Planned[] = [];
  for (let k = 0; k < total; k += 1) {
    const client = int(clients);
    const call = (cursor[client] ?? 0) + int(maxDuration + 1);
    const duration = 1 + int(maxDuration);
    const point = call + random() * duration;
    const ret = call + duration;
    cursor[client] = ret + 1;
    const draw = random();
    let op: string;
    let args: unknown[];
    if (options.kind === 'register') {
      if (draw < 0.5) [op, args] = ['read', []];
      else if (draw < 0.9) [op, args] = ['write', [int(values)]];
      else [op, args] = ['cas', [int(values), int(values)]];
    } else {
      const key = `k${int(keys)}`;
      // Unique values: no key's value ever repeats (what corrupt relies on).
      if (draw < 0.5) [op, args] = ['get', [key]];
      else if (draw < 0.7) [op, args] = ['put', [key, `p${k}`]];
      else [op, args] = ['append', [key, `a${k}.`]];
    }
    const isRead = op === 'read' || op === 'get';
    const unknown = !isRead && random() < unknownRate;
    plans.push({ client, call: call * scale + client, point: point * scale + client, ret: ret * scale + client, op, args, unknown, lands: random() < 0.5, outcome: 'ok' });
  }

  // The sequential execution, in the order of the linearization points.
  let register: number | null = null;
  const kv = new Map<string, string>();
  for (const plan of [...plans].sort((a, b) => a.point - b.point)) {
    const takesEffect = !plan.unknown || plan.lands;
    if (plan.unknown) plan.outcome = 'unknown';
    switch (plan.op) {
      case 'read':
        plan.result = register;
        break;
      case 'write':
        if (takesEffect) register = plan.args[0] as number;
        break;
      case 'cas':
        if (register === plan.args[0]) {
          if (takesEffect) register = plan.args[1] as number;
        } else if (!plan.unknown) plan.outcome = 'fail';
        break;
      case 'get':
        plan.result = kv.get(plan.args[0] as string) ?? null;
        break;
      default: {
        const key = plan.args[0] as string;
        const value = plan.args[1] as string;
        if (takesEffect) kv.set(key, plan.op === 'put' ? value : (kv.get(key) ?? '') + value);
        plan.after = kv.get(key);
      }
    }
  }

  if (options.corrupt === true) corruptOneRead(plans, options.kind, int);

  const events: HistoryEvent[] = [];
  for (const plan of plans) {
    events.push({ process: plan.client, type: 'invoke', op: plan.op, args: plan.args, timeMs: plan.call });
    const completion: HistoryEvent = { process: plan.client, type: plan.outcome, op: plan.op, args: plan.args, timeMs: plan.ret };
    if (plan.outcome === 'ok' && plan.result !== undefined) completion.result = plan.result;
    events.push(completion);
  }
  return events.sort((a, b) => a.timeMs - b.timeMs);
}

function corruptOneRead(plans: Planned[], kind: SyntheticKind, int: (n: number) => number): void {
  const reads = plans.filter((p) => p.op === 'read' || p.op === 'get');
  if (kind === 'register') {
    if (reads.length === 0) throw new InvalidArgumentError('syntheticHistory: corrupt needs at least one read; draw more operations');
    reads[int(reads.length)]!.result = -1; // never written: writes draw from 0..values-1
    return;
  }
  const effects = plans.filter((p) => (p.op === 'put' || p.op === 'append') && p.outcome === 'ok');
  const stale: { read: Planned; value: string }[] = [];
  const absent: Planned[] = [];
  for (const read of reads) {
    const key = read.args[0];
    const before = effects.filter((e) => e.args[0] === key && e.ret < read.call);
    if (before.length > 0 && read.result !== null) absent.push(read);
    for (const a of before) {
      if (a.op !== 'append' || a.after === undefined || a.after === read.result) continue;
      if (before.some((b) => b.call > a.ret)) stale.push({ read, value: a.after });
    }
  }
  if (stale.length > 0) {
    const { read, value } = stale[int(stale.length)]!;
    read.result = value;
    return;
  }
  if (absent.length === 0) throw new InvalidArgumentError('syntheticHistory: no get follows a completed write to its key; draw more operations');
  absent[int(absent.length)]!.result = null;
}

/** The Knossos/Porcupine key-value log of a kv history: one EDN map per event, in time order. */
export function toKnossosKvLog(history: History): string {
  const edn = (value: unknown): string => (value === null || value === undefined ? 'nil' : JSON.stringify(value));
  const type = (t: string): string => (t === 'unknown' ? 'info' : t);
  return history
    .map((e) => {
      const value = e.type === 'invoke' ? (e.op === 'get' ? null : e.args[1]) : e.op === 'get' ? e.result : e.args[1];
      return `{:process ${e.process}, :type :${type(e.type)}, :f :${e.op}, :key ${edn(e.args[0])}, :value ${edn(value)}}`;
    })
    .join('\n') + '\n';
}
