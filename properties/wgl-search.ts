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
// and removes the subsets of unknown operations from the search space. So that
// the search stays finite with models whose states grow (appends), reusable
// operations take effect at most R times in a row between two other
// operations, R being the number of reusable operations (every exact
// linearization needs no more). The memo does not count them, so once that cap
// has cut a branch, a violation is no longer proven: the verdict is then
// 'unknown' (stoppedBy 'reuse-cap'), and the caller can search exactly.
//
// Memory and CPU per step are bounded (histories of 100k operations):
// - The linked list lives in typed arrays.
// - The memo does not store the set of linearized operations as a bitset of
//   the whole history (Porcupine's way, 12 KB per entry at 100k operations)
//   but relative to a watermark: operations are numbered in call order; w is
//   the first operation not linearized (reusable ones aside), and the key
//   lists the linearized operations after w. An operation linearized while w
//   is not must have been called before w returned, so the list is as long as
//   the concurrency around w, whatever the length of the history.
// - The memo is two generations of bounded size: when the newer fills up, the
//   older is dropped. Forgetting only costs repeated work, never a verdict.
//
// Effort is counted in steps (loop iterations), never wall time, so the same
// input gives the same verdict on any machine. Out of steps means 'unknown'.
// A caller may also interrupt the search (the CLI's --timeout): 'unknown' too.

import { assert } from '../core/assert';
import type { Model, Operation } from './model';

export type SearchVerdict = 'ok' | 'violation' | 'unknown';

interface SearchEffort {
  steps: number;
  /** The most completed operations linearized at once: how far the search got. */
  linearized: number;
  /** Completed operations to linearize. */
  completed: number;
}

export type SearchResult =
  | (SearchEffort & { verdict: 'ok' })
  | (SearchEffort & {
      verdict: 'unknown';
      /**
       * Why: the step budget ran out, the caller's interrupt said stop, or
       * (only with reusable operations) no linearization was found but the cap
       * on reusable operations cut some branch, so that proves nothing.
       */
      stoppedBy: 'steps' | 'interrupt' | 'reuse-cap';
    })
  | (SearchEffort & {
      verdict: 'violation';
      /**
       * The operation whose completion first makes the history non-linearizable:
       * that of the furthest return entry the exhaustive search reached.
       */
      culpritId: number;
    });

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
  /** Polled every INTERRUPT_EVERY steps; true stops the search with 'unknown'. */
  interrupt?: () => boolean;
  /** Entries per memo generation (two are kept); default MEMO_GENERATION_ENTRIES. */
  memoEntries?: number;
}

export const INTERRUPT_EVERY = 4096;
/** Two generations of this many entries stay well under 1 GB of heap. */
export const MEMO_GENERATION_ENTRIES = 3_000_000;
/** And of at most this many characters of keys each (long model states). */
const MEMO_GENERATION_CHARS = 100_000_000;

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

/** Appends a non-negative integer to a memo key: one char below 2^15, else more. */
function codeOf(n: number): string {
  if (n < 0x8000) return String.fromCharCode(n);
  let out = '';
  let rest = n;
  while (rest >= 0x8000) {
    out += String.fromCharCode(0x8000 | (rest & 0x7fff));
    rest = Math.floor(rest / 0x8000);
  }
  return out + String.fromCharCode(rest);
}

/** A bounded memo: two generations; the older is dropped when the newer is full. */
class Memo {
  private older = new Set<string>();
  private newer = new Set<string>();
  private chars = 0;
  constructor(private readonly maxEntries: number) {}

  has(key: string): boolean {
    return this.newer.has(key) || this.older.has(key);
  }

  /** Adds `key`; false when it was there already. */
  add(key: string): boolean {
    if (this.newer.has(key) || this.older.has(key)) return false;
    if (this.newer.size >= this.maxEntries || this.chars >= MEMO_GENERATION_CHARS) {
      this.older = this.newer;
      this.newer = new Set<string>();
      this.chars = 0;
    }
    this.newer.add(key);
    this.chars += key.length;
    return true;
  }
}

export function searchLinearization<State, Input, Output>(
  operations: readonly Operation<Input, Output>[],
  model: Model<State, Input, Output>,
  options: SearchOptions,
): SearchResult {
  // Numbered in call order (the watermark's order); ties keep invoke order.
  const ops = withoutRedundantReusables(
    operations.filter((op) => op.outcome !== 'fail'),
    model,
    options.reusableIds,
  ).sort((a, b) => a.call - b.call || a.id - b.id);
  const n = ops.length;
  const reusable = new Uint8Array(n);
  const readOnly = new Uint8Array(n);
  const isReadOnly = model.readOnly?.bind(model);
  let reusableCount = 0;
  let completed = 0;
  ops.forEach((op, i) => {
    if (isReadOnly !== undefined && isReadOnly(op.input)) readOnly[i] = 1;
    if (isReusable(op, options.reusableIds)) {
      reusable[i] = 1;
      reusableCount += 1;
    }
    if (Number.isFinite(op.ret)) completed += 1;
  });

  // The entry list: entries 0..E-1 in time order, E is the head sentinel.
  const events: { time: number; isCall: boolean; op: number }[] = [];
  ops.forEach((op, i) => {
    events.push({ time: op.call, isCall: true, op: i });
    if (Number.isFinite(op.ret)) events.push({ time: op.ret, isCall: false, op: i });
  });
  events.sort((a, b) => a.time - b.time || Number(b.isCall) - Number(a.isCall) || a.op - b.op);
  const E = events.length;
  const HEAD = E;
  const NONE = -1;
  const entryOp = new Int32Array(E);
  const isCall = new Uint8Array(E);
  const match = new Int32Array(E).fill(NONE); // a call's return entry
  const next = new Int32Array(E + 1);
  const prev = new Int32Array(E + 1);
  const callEntry = new Int32Array(n);
  events.forEach((event, e) => {
    entryOp[e] = event.op;
    isCall[e] = event.isCall ? 1 : 0;
    if (event.isCall) callEntry[event.op] = e;
    else match[callEntry[event.op]!] = e;
    next[e] = e + 1 < E ? e + 1 : NONE;
    prev[e] = e === 0 ? HEAD : e - 1;
  });
  next[HEAD] = E > 0 ? 0 : NONE;
  prev[HEAD] = NONE;

  const unlink = (e: number): void => {
    const p = prev[e]!;
    const q = next[e]!;
    if (p !== NONE) next[p] = q;
    if (q !== NONE) prev[q] = p;
  };
  // Dancing links: an unlinked entry keeps its own pointers, so relinking in
  // the reverse order of unlinking restores the list exactly.
  const relink = (e: number): void => {
    const p = prev[e]!;
    const q = next[e]!;
    if (p !== NONE) next[p] = e;
    if (q !== NONE) prev[q] = e;
  };

  const linearized = new Uint8Array(n);
  // The watermark: first non-reusable operation not linearized (n when none).
  let watermark = 0;
  const advanceWatermark = (): void => {
    while (watermark < n && (linearized[watermark] === 1 || reusable[watermark] === 1)) watermark += 1;
  };
  advanceWatermark();
  // The highest linearized index, per stack depth, bounds the key's scan.
  let highest = -1;
  const memo = new Memo(options.memoEntries ?? MEMO_GENERATION_ENTRIES);
  const memoKey = (stateKey: string): string => {
    let key = codeOf(watermark);
    for (let i = watermark + 1; i <= highest; i += 1) if (linearized[i] === 1) key += codeOf(i - watermark);
    return key + '\u0000' + stateKey;
  };

  // The stack, as parallel arrays.
  const stackEntry: number[] = [];
  const stackState: State[] = [];
  const stackStateKey: string[] = [];
  const stackLazy: boolean[] = [];
  const stackHighest: number[] = [];
  const stackSinceOther: number[] = [];
  const stackForced: boolean[] = [];

  let remaining = completed;
  let state = model.init();
  let stateKey = model.key(state);
  let entry = next[HEAD]!;
  // With unknownsLast, a scan that reaches the first return entry starts over
  // (lazy) to try the unknown operations called before it.
  const justInTime = options.unknownsLast === true;
  let lazy = false;
  // Reusable operations applied since the last other one (capped: see above).
  let sinceOther = 0;
  let capped = false;
  let furthest = NONE;
  let steps = 0;
  let most = 0;
  let nextInterruptCheck = 0;
  const effort = (): SearchEffort => ({ steps, linearized: most, completed });

  while (remaining > 0) {
    if (steps >= options.maxSteps) return { verdict: 'unknown', stoppedBy: 'steps', ...effort() };
    if (options.interrupt !== undefined && steps >= nextInterruptCheck) {
      nextInterruptCheck = steps + INTERRUPT_EVERY;
      if (steps > 0 && options.interrupt()) return { verdict: 'unknown', stoppedBy: 'interrupt', ...effort() };
    }
    steps += 1;
    // A completed operation's return entry always follows its call, so the scan
    // meets a return before the end of the list while any remain.
    assert(entry !== NONE, 'linearizability search: ran off the entry list with completed operations left');
    const current = entry;
    const i = entryOp[current]!;
    let deadEnd = false;
    if (isCall[current] === 1) {
      const unknown = match[current] === NONE;
      if (justInTime && unknown !== lazy) {
        entry = next[current]!;
        continue;
      }
      const again = reusable[i] === 1;
      const op = ops[i]!;
      const result = model.step(state, op.input, op.output);
      if (result.ok) {
        const newKey = model.key(result.state);
        // An unknown operation that would leave the state as it is may as well
        // never have happened: not linearizing it is always at least as good.
        if (!(unknown && newKey === stateKey)) {
          const savedWatermark = watermark;
          const savedHighest = highest;
          if (!again) {
            linearized[i] = 1;
            if (i > highest) highest = i;
            if (i === watermark) advanceWatermark();
          }
          const newSince = again ? sinceOther + 1 : 0;
          const key = memoKey(newKey);
          // Only a branch the memo would not prune anyway counts as cut.
          const cut = newSince > reusableCount && !memo.has(key);
          if (cut) capped = true;
          if (!cut && memo.add(key)) {
            stackEntry.push(current);
            stackState.push(state);
            stackStateKey.push(stateKey);
            stackLazy.push(lazy);
            stackHighest.push(savedHighest);
            stackSinceOther.push(sinceOther);
            // A completed read-only operation that can be linearized now might
            // as well be: in any linearization from here, moving it first
            // changes no state and breaks no real-time order (all that precede
            // it are linearized, or it would not be a candidate). So no other
            // branch is tried.
            stackForced.push(readOnly[i] === 1 && !unknown);
            state = result.state;
            stateKey = newKey;
            sinceOther = newSince;
            // A reusable operation stays in the list, to be linearized again.
            if (!again) {
              unlink(current);
              if (!unknown) {
                unlink(match[current]!);
                remaining -= 1;
                const done = completed - remaining;
                if (done > most) most = done;
              }
            }
            entry = next[HEAD]!;
            lazy = false;
            continue;
          }
          if (!again) {
            linearized[i] = 0;
            watermark = savedWatermark;
            highest = savedHighest;
          }
          // A read-only operation leads to a configuration already explored
          // (it cannot be on the current path: it holds one more operation),
          // and by the rule below no linearization from here avoids it: this
          // configuration fails too.
          if (readOnly[i] === 1 && !unknown && !cut) deadEnd = true;
        }
      }
      if (!deadEnd) {
        entry = next[current]!;
        continue;
      }
    }
    if (justInTime && !lazy && !deadEnd) {
      lazy = true;
      entry = next[HEAD]!;
      continue;
    }
    // A return entry whose operation cannot be linearized in time from this
    // configuration (or a dead end). Backtrack.
    if (!deadEnd && (furthest === NONE || current > furthest)) furthest = current;
    // Forced frames (see below) had no alternative: keep popping past them.
    let top: number | undefined;
    let forced = true;
    while (forced) {
      top = stackEntry.pop();
      if (top === undefined) break;
      forced = stackForced.pop()!;
      state = stackState.pop()!;
      stateKey = stackStateKey.pop()!;
      lazy = stackLazy.pop()!;
      highest = stackHighest.pop()!;
      sinceOther = stackSinceOther.pop()!;
      const j = entryOp[top]!;
      if (reusable[j] !== 1) {
        linearized[j] = 0;
        if (j < watermark) watermark = j;
        if (match[top] !== NONE) {
          relink(match[top]!);
          remaining += 1;
        }
        relink(top);
      }
    }
    if (top === undefined) {
      const culprit = ops[entryOp[furthest]!];
      assert(culprit !== undefined, 'linearizability search: the furthest return entry has no operation');
      if (capped) return { verdict: 'unknown', stoppedBy: 'reuse-cap', ...effort() };
      return { verdict: 'violation', culpritId: culprit.id, ...effort() };
    }
    entry = next[top]!;
  }
  return { verdict: 'ok', ...effort() };
}
