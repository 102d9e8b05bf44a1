// The Wing & Gong / Lowe linearizability search, as Porcupine implements it:
// call and return entries in one time-ordered doubly linked list; linearizing an
// operation lifts its entries out of the list, backtracking puts them back; a
// cache of (linearized operations, model state) prunes repeated work.
//
// Real-time order: A precedes B only when A.ret < B.call. At equal times calls
// sort before returns, so operations that merely touch are concurrent: a verdict
// never depends on the order of events that share a timestamp.
//
// Unknown outcomes (ret = +Infinity) may take effect anywhere after their call,
// or never; the search succeeds once every completed operation is linearized.
// They live in a list of their own and are tried after the completed candidates
// of a configuration, and three rules keep them from exploding the search:
// - an unknown operation is never linearized where it would leave the state
//   unchanged (leaving it out is always at least as good);
// - a configuration is pruned when a fully explored one had the same completed
//   operations and state with a subset of its unknown ones (fewer used means
//   more options left, so that one failing means this one fails too);
// - only explored (closed) configurations prune that way, never ancestors.
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
  /** Index into the completed or the unknown operations, by list. */
  index: number;
  isCall: boolean;
  /** For a completed call: its return entry. */
  match: Entry | null;
  /** Position in time order over all entries of both lists. */
  position: number;
  prev: Entry | null;
  next: Entry | null;
}

interface Lists {
  /** Sentinel heads. */
  main: Entry;
  unknown: Entry;
}

function makeEntry(index: number, isCall: boolean, position: number): Entry {
  return { index, isCall, match: null, position, prev: null, next: null };
}

function buildLists<Input, Output>(completed: readonly Operation<Input, Output>[], unknown: readonly Operation<Input, Output>[]): Lists {
  type Event = { time: number; isCall: boolean; completed: boolean; index: number; id: number };
  const events: Event[] = [];
  completed.forEach((op, index) => {
    events.push({ time: op.call, isCall: true, completed: true, index, id: op.id });
    events.push({ time: op.ret, isCall: false, completed: true, index, id: op.id });
  });
  unknown.forEach((op, index) => events.push({ time: op.call, isCall: true, completed: false, index, id: op.id }));
  events.sort((a, b) => a.time - b.time || Number(b.isCall) - Number(a.isCall) || a.id - b.id);

  const lists: Lists = { main: makeEntry(-1, false, -1), unknown: makeEntry(-1, false, -1) };
  const tails = { main: lists.main, unknown: lists.unknown };
  const calls = new Map<number, Entry>();
  events.forEach((event, position) => {
    const entry = makeEntry(event.index, event.isCall, position);
    const list = event.completed ? 'main' : 'unknown';
    if (event.completed && event.isCall) calls.set(event.index, entry);
    if (event.completed && !event.isCall) {
      const call = calls.get(event.index);
      assert(call !== undefined, 'linearizability search: a return entry sorted before its call');
      call.match = entry;
    }
    entry.prev = tails[list];
    tails[list].next = entry;
    tails[list] = entry;
  });
  return lists;
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

const SYM = process.env.SYM !== '0';
const DOM = process.env.DOM !== '0';
function setBit(bits: Uint32Array, index: number, on: boolean): void {
  const word = index >>> 5;
  const mask = 1 << (index & 31);
  bits[word] = on ? (bits[word] ?? 0) | mask : (bits[word] ?? 0) & ~mask;
}

function equalBits(a: Uint32Array, b: Uint32Array): boolean {
  return a.every((word, i) => word === b[i]);
}

function subsetBits(a: Uint32Array, b: Uint32Array): boolean {
  return a.every((word, i) => (word & ~(b[i] ?? 0)) === 0);
}

interface Visited {
  unknownBits: Uint32Array;
  /** Its subtree is fully explored (and failed). */
  closed: boolean;
}

interface Frame<State> {
  entry: Entry;
  fromUnknown: boolean;
  /** State (and its key) before the entry's operation was linearized. */
  state: State;
  stateKey: string;
  visited: Visited;
  /** The configuration's first return entry, when its unknown candidates were being tried. */
  firstReturn: Entry | null;
}

export function searchLinearization<State, Input, Output>(
  operations: readonly Operation<Input, Output>[],
  model: Model<State, Input, Output>,
  maxSteps: number,
): SearchResult {
  const completed = operations.filter((op) => op.outcome !== 'fail' && Number.isFinite(op.ret));
  const unknown = operations.filter((op) => op.outcome !== 'fail' && !Number.isFinite(op.ret));
  const lists = buildLists(completed, unknown);
  const completedBits = new Uint32Array(Math.ceil(completed.length / 32));
  const unknownBits = new Uint32Array(Math.ceil(unknown.length / 32));
  const cache = new Map<string, Visited[]>();
  const stack: Frame<State>[] = [];
  const groupOf: number[] = [];
  const rankOf: number[] = [];
  {
    const groups = new Map<string, number>();
    const sizes: number[] = [];
    for (let e = lists.unknown.next; e !== null; e = e.next) {
      const op = unknown[e.index];
      const sig = JSON.stringify(op?.input);
      let g = groups.get(sig);
      if (g === undefined) { g = sizes.length; groups.set(sig, g); sizes.push(0); }
      groupOf[e.index] = g;
      rankOf[e.index] = sizes[g] ?? 0;
      sizes[g] = (sizes[g] ?? 0) + 1;
    }
  }
  const used: number[] = groupOf.map(() => 0);
  let remaining = completed.length;
  let state = model.init();
  let stateKey = model.key(state);
  let steps = 0;
  let comparisons = 0;
  let furthest: Entry | null = null;
  // Two cursors walk the candidates of a configuration in time order: completed
  // calls before the first return entry of the main list, and unknown calls
  // invoked before that return.
  let main: Entry | null = lists.main.next;
  let other: Entry | null = lists.unknown.next;

  const visit = (newKey: string): Visited | null => {
    const key = `${completedBits.join(',')}|${newKey}`;
    const seen = cache.get(key);
    for (const v of seen ?? []) {
      comparisons += 1;
      if (equalBits(v.unknownBits, unknownBits)) return null;
      if (DOM && v.closed && subsetBits(v.unknownBits, unknownBits)) return null;
    }
    const visited: Visited = { unknownBits: unknownBits.slice(), closed: false };
    if (seen === undefined) cache.set(key, [visited]);
    else seen.push(visited);
    return visited;
  };

  while (remaining > 0) {
    if (steps >= maxSteps) return { verdict: 'unknown', steps };
    steps += 1 + (comparisons >>> 4);
    comparisons &= 15;
    assert(main !== null, 'linearizability search: ran off the entry list with completed operations left');
    const fromUnknown = other !== null && other.position < main.position;
    const entry = fromUnknown ? other : main.isCall ? main : null;
    if (entry !== null) {
      const op = fromUnknown ? unknown[entry.index] : completed[entry.index];
      assert(op !== undefined, 'linearizability search: an entry without its operation');
      const symmetric = fromUnknown && SYM && rankOf[entry.index] !== used[groupOf[entry.index] ?? 0];
      const result = symmetric ? { ok: false, state } : model.step(state, op.input, op.output);
      const newKey = result.ok ? model.key(result.state) : '';
      if (result.ok && !(fromUnknown && newKey === stateKey)) {
        setBit(fromUnknown ? unknownBits : completedBits, entry.index, true);
        const visited = visit(newKey);
        if (visited !== null) {
          stack.push({ entry, fromUnknown, state, stateKey, visited, firstReturn: fromUnknown ? main : other });
          state = result.state;
          stateKey = newKey;
          lift(entry);
          if (fromUnknown) used[groupOf[entry.index] ?? 0] += 1;
          else remaining -= 1;
          main = lists.main.next;
          other = lists.unknown.next;
          continue;
        }
        setBit(fromUnknown ? unknownBits : completedBits, entry.index, false);
      }
      if (fromUnknown) other = entry.next;
      else main = entry.next;
      continue;
    }
    // No candidate left: this configuration cannot reach its first return. Backtrack.
    if (furthest === null || main.position > furthest.position) furthest = main;
    const top = stack.pop();
    if (top === undefined) {
      const culprit = completed[furthest.index];
      assert(culprit !== undefined, 'linearizability search: failed without reaching a return entry');
      return { verdict: 'violation', steps, culpritId: culprit.id };
    }
    top.visited.closed = true;
    unlift(top.entry);
    setBit(top.fromUnknown ? unknownBits : completedBits, top.entry.index, false);
    if (top.fromUnknown) used[groupOf[top.entry.index] ?? 0] -= 1;
    else remaining += 1;
    state = top.state;
    stateKey = top.stateKey;
    if (top.fromUnknown) {
      other = top.entry.next;
      main = top.firstReturn;
    } else {
      main = top.entry.next;
      other = top.firstReturn;
    }
  }
  return { verdict: 'ok', steps };
}
