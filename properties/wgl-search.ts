// The Wing & Gong / Lowe linearizability search, as Porcupine implements it:
// call and return entries in one time-ordered doubly linked list; linearizing an
// operation lifts its entries out of the list, backtracking puts them back; a
// cache of (set of linearized operations, model state) prunes repeated work.
//
// Real-time order: A precedes B only when A.ret < B.call. At equal times calls
// sort before returns, so operations that merely touch are concurrent: a verdict
// never depends on the order of events that share a timestamp.
//
// Unknown outcomes (ret = +Infinity) have no return entry: they may be
// linearized anywhere after their call, or never. The search succeeds once every
// completed operation is linearized. One is never linearized where it would
// leave the state unchanged: leaving it out then is always at least as good.
// Optionally some are reusable: never lifted, they may take effect repeatedly.
// That relaxation only adds linearizations (a violation found with it is real)
// and removes the subsets of unknown operations from the search space.
//
// Effort is counted in steps (loop iterations), never wall time, so the same
// input gives the same verdict on any machine. Out of steps means 'unknown'.

import { assert } from '../core/assert';
import type { Model, Operation } from './model';

export type SearchVerdict = 'ok' | 'violation' | 'unknown';

export type SearchResult =
  | { verdict: 'ok' | 'unknown'; steps: number }
  | {
      verdict: 'violation';
      steps: number;
      /**
       * The operation whose completion first makes the history non-linearizable:
       * that of the furthest return entry the exhaustive search reached.
       */
      culpritId: number;
    };

interface Entry {
  /** Index into the operations being searched. */
  op: number;
  /** For a call of a completed operation: its return entry. Null for returns and for unknown calls. */
  match: Entry | null;
  isCall: boolean;
  /** Position in time order, to find the furthest return reached. */
  position: number;
  prev: Entry | null;
  next: Entry | null;
}

function buildList<Input, Output>(ops: readonly Operation<Input, Output>[]): Entry {
  const events: { time: number; isCall: boolean; op: number }[] = [];
  ops.forEach((op, i) => {
    events.push({ time: op.call, isCall: true, op: i });
    if (Number.isFinite(op.ret)) events.push({ time: op.ret, isCall: false, op: i });
  });
  events.sort((a, b) => a.time - b.time || Number(b.isCall) - Number(a.isCall) || a.op - b.op);
  const head: Entry = { op: -1, match: null, isCall: false, position: -1, prev: null, next: null };
  const returns = new Map<number, Entry>();
  // Built back to front so every call finds its return entry already made.
  let next: Entry | null = null;
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i];
    if (event === undefined) continue;
    const entry: Entry = {
      op: event.op,
      match: event.isCall ? (returns.get(event.op) ?? null) : null,
      isCall: event.isCall,
      position: i,
      prev: null,
      next,
    };
    if (!event.isCall) returns.set(event.op, entry);
    if (next !== null) next.prev = entry;
    next = entry;
  }
  head.next = next;
  if (next !== null) next.prev = head;
  return head;
}

function unlink(entry: Entry): void {
  if (entry.prev !== null) entry.prev.next = entry.next;
  if (entry.next !== null) entry.next.prev = entry.prev;
}

// Dancing links: an unlinked entry keeps its own pointers, so relinking in the
// reverse order of unlinking restores the list exactly.
function relink(entry: Entry): void {
  if (entry.prev !== null) entry.prev.next = entry;
  if (entry.next !== null) entry.next.prev = entry;
}

function lift(call: Entry): void {
  unlink(call);
  if (call.match !== null) unlink(call.match);
}

function unlift(call: Entry): void {
  if (call.match !== null) relink(call.match);
  relink(call);
}

function setBit(bits: Uint32Array, index: number, on: boolean): void {
  const word = index >>> 5;
  const mask = 1 << (index & 31);
  bits[word] = on ? (bits[word] ?? 0) | mask : (bits[word] ?? 0) & ~mask;
}

export interface SearchOptions {
  /** Budget; out of steps gives 'unknown'. */
  maxSteps: number;
  /** Ids of unknown-outcome operations that may take effect any number of times. */
  reusableIds?: ReadonlySet<number>;
  /**
   * Linearize unknown operations just in time: try a configuration's completed
   * candidates first, and unknown ones only when those cannot reach the first
   * return. Slower when most unknown operations did take effect, much faster
   * when many did not. Default: every candidate in time order (Porcupine's way).
   */
  unknownsLast?: boolean;
}

function isReusable<Input, Output>(op: Operation<Input, Output>, reusableIds: ReadonlySet<number> | undefined): boolean {
  return !Number.isFinite(op.ret) && reusableIds?.has(op.id) === true;
}

// Of reusable operations with equal inputs, the earliest invoked can do all
// that the others can; the others only cost steps.
function withoutRedundantReusables<State, Input, Output>(
  ops: Operation<Input, Output>[],
  model: Model<State, Input, Output>,
  reusableIds: ReadonlySet<number> | undefined,
): Operation<Input, Output>[] {
  const inputKey = model.inputKey?.bind(model);
  if (inputKey === undefined || reusableIds === undefined || reusableIds.size === 0) return ops;
  const earliest = new Map<string, Operation<Input, Output>>();
  for (const op of ops) {
    if (!isReusable(op, reusableIds)) continue;
    const input = inputKey(op.input);
    const seen = earliest.get(input);
    if (seen === undefined || op.call < seen.call) earliest.set(input, op);
  }
  const keep = new Set([...earliest.values()]);
  return ops.filter((op) => !isReusable(op, reusableIds) || keep.has(op));
}

export function searchLinearization<State, Input, Output>(
  operations: readonly Operation<Input, Output>[],
  model: Model<State, Input, Output>,
  options: SearchOptions,
): SearchResult {
  const ops = withoutRedundantReusables(
    operations.filter((op) => op.outcome !== 'fail'),
    model,
    options.reusableIds,
  );
  const reusable = ops.map((op) => isReusable(op, options.reusableIds));
  const head = buildList(ops);
  const linearized = new Uint32Array(Math.ceil(ops.length / 32));
  const cache = new Set<string>();
  const stack: { entry: Entry; state: State; stateKey: string; lazy: boolean; firstReturn: Entry | null }[] = [];
  let remaining = ops.filter((op) => Number.isFinite(op.ret)).length;
  let state = model.init();
  let stateKey = model.key(state);
  let entry = head.next;
  // With unknownsLast, a scan that reaches the first return entry starts over
  // (lazy) to try the unknown operations called before it.
  const justInTime = options.unknownsLast === true;
  let lazy = false;
  let firstReturn: Entry | null = null;
  let furthest: Entry | null = null;
  let steps = 0;

  while (remaining > 0) {
    if (steps >= options.maxSteps) return { verdict: 'unknown', steps };
    steps += 1;
    // A completed operation's return entry always follows its call, so the scan
    // meets a return before the end of the list while any remain.
    assert(entry !== null, 'linearizability search: ran off the entry list with completed operations left');
    const current = entry;
    const op = ops[current.op];
    if (current.isCall && op !== undefined) {
      if (justInTime && (current.match === null) !== lazy) {
        entry = current.next;
        continue;
      }
      const result = model.step(state, op.input, op.output);
      const newKey = result.ok ? model.key(result.state) : '';
      // An unknown operation that would leave the state as it is may as well
      // never have happened: not linearizing it is always at least as good.
      const pointless = current.match === null && newKey === stateKey;
      const again = reusable[current.op] === true;
      if (result.ok && !pointless) {
        if (!again) setBit(linearized, current.op, true);
        const key = `${linearized.join(',')}|${newKey}`;
        if (!cache.has(key)) {
          cache.add(key);
          stack.push({ entry: current, state, stateKey, lazy, firstReturn });
          state = result.state;
          stateKey = newKey;
          // A reusable operation stays in the list, to be linearized again.
          if (!again) lift(current);
          if (current.match !== null) remaining -= 1;
          entry = head.next;
          lazy = false;
          firstReturn = null;
          continue;
        }
        if (!again) setBit(linearized, current.op, false);
      }
      entry = current.next;
      continue;
    }
    if (justInTime && !lazy) {
      lazy = true;
      firstReturn = current;
      entry = head.next;
      continue;
    }
    // A return entry whose operation cannot be linearized in time from this
    // configuration. Backtrack.
    if (furthest === null || current.position > furthest.position) furthest = current;
    const top = stack.pop();
    if (top === undefined) {
      const culprit = ops[furthest.op];
      assert(culprit !== undefined, 'linearizability search: the furthest return entry has no operation');
      return { verdict: 'violation', steps, culpritId: culprit.id };
    }
    state = top.state;
    stateKey = top.stateKey;
    lazy = top.lazy;
    firstReturn = top.firstReturn;
    if (reusable[top.entry.op] !== true) {
      setBit(linearized, top.entry.op, false);
      unlift(top.entry);
    }
    if (top.entry.match !== null) remaining += 1;
    entry = top.entry.next;
  }
  return { verdict: 'ok', steps };
}
