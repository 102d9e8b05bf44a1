import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkLinearizabilityBruteForce } from '../../properties/brute-force';
import { operationsFromHistory } from '../../properties/from-history';
import type { History, HistoryEvent } from '../../properties/history';
import { checkLinearizability } from '../../properties/linearizability';
import type { Model } from '../../properties/model';
import { registerModel, type RegisterValue } from '../../properties/models/register-model';
import { storeModel } from '../../properties/models/store-model';
import { searchLinearization } from '../../properties/wgl-search';

// Small random concurrent histories (<= 6 operations, 2-3 processes, tiny value
// domains so both verdicts are common, some unknown outcomes and never-completed
// invokes), checked by the WGL checker and by brute force, which must agree.

const seed = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
console.log(`note: fast-check seed ${seed} (replay with FC_SEED=${seed})`);

const RUNS_PER_MODEL = 1500;
let crossChecked = 0;

interface CallSpec {
  process: number;
  gap: number;
  duration: number;
  op: string;
  args: readonly unknown[];
  outcome: 'ok' | 'fail' | 'unknown';
  /** The result an `ok` read reports. */
  result: unknown;
  /** For an unknown outcome on a process's last operation: no completion event at all. */
  leaveOpen: boolean;
  /** A failure's reason (error code): some observe the state (Model.observeFailure). */
  reason: string;
}

/** Lays the calls out in time, per process one after the other, and returns the events sorted by time. */
function toHistory(processes: number, calls: readonly CallSpec[]): History {
  const cursor = new Array<number>(processes).fill(0);
  const events: { event: HistoryEvent; seq: number }[] = [];
  const lastOfProcess = new Map<number, number>();
  calls.forEach((c, i) => lastOfProcess.set(c.process % processes, i));
  calls.forEach((c, i) => {
    const process = c.process % processes;
    const call = (cursor[process] ?? 0) + c.gap;
    const ret = call + c.duration;
    cursor[process] = ret;
    events.push({ event: { process, type: 'invoke', op: c.op, args: [...c.args], timeMs: call }, seq: events.length });
    if (c.outcome === 'unknown' && c.leaveOpen && lastOfProcess.get(process) === i) return;
    const completion: HistoryEvent = { process, type: c.outcome, op: c.op, args: [...c.args], timeMs: ret };
    if (c.outcome === 'ok' && c.result !== undefined) completion.result = c.result;
    if (c.outcome === 'fail') completion.result = c.reason;
    events.push({ event: completion, seq: events.length });
  });
  return events.sort((a, b) => a.event.timeMs - b.event.timeMs || a.seq - b.seq).map((e) => e.event);
}

const timing = {
  process: fc.nat(2),
  gap: fc.nat(3),
  duration: fc.nat(4),
  outcome: fc.constantFrom<CallSpec['outcome']>('ok', 'ok', 'ok', 'ok', 'fail', 'unknown', 'unknown'),
  leaveOpen: fc.boolean(),
  reason: fc.constantFrom('NOT_FOUND', 'ALREADY_EXISTS', 'UNAVAILABLE'),
};

const registerValue = fc.constantFrom<RegisterValue>(0, 1, 2);
const registerCall: fc.Arbitrary<CallSpec> = fc.oneof(
  fc.record({ ...timing, op: fc.constant('read'), args: fc.constant([]), result: fc.constantFrom<RegisterValue>(null, 0, 1, 2) }),
  fc.record({ ...timing, op: fc.constant('write'), args: fc.tuple(registerValue), result: fc.constant(undefined) }),
  fc.record({ ...timing, op: fc.constant('cas'), args: fc.tuple(registerValue, registerValue), result: fc.constant(undefined) }),
);

const name = fc.constantFrom('a', 'b');
const content = fc.constantFrom('x', 'y');
const storeCall: fc.Arbitrary<CallSpec> = fc.oneof(
  fc.record({ ...timing, op: fc.constantFrom('upload', 'update'), args: fc.tuple(name, content), result: fc.constant(undefined) }),
  fc.record({ ...timing, op: fc.constant('get'), args: fc.tuple(name), result: fc.oneof(content, fc.constant(null)) }),
  fc.record({ ...timing, op: fc.constant('delete'), args: fc.tuple(name), result: fc.constant(undefined) }),
  fc.record({ ...timing, op: fc.constant('status'), args: fc.constant([]), result: fc.constant(undefined) }),
);

const historyArbitrary = (call: fc.Arbitrary<CallSpec>): fc.Arbitrary<History> =>
  fc.tuple(fc.integer({ min: 2, max: 3 }), fc.array(call, { minLength: 1, maxLength: 6 })).map(([processes, calls]) => toHistory(processes, calls));

function crossCheck<State, Input, Output>(model: Model<State, Input, Output>, call: fc.Arbitrary<CallSpec>): { ok: number; violation: number } {
  const counts = { ok: 0, violation: 0 };
  fc.assert(
    fc.property(historyArbitrary(call), (history) => {
      const ops = operationsFromHistory(history, model).operations;
      const expected = checkLinearizabilityBruteForce(ops, model);
      const result = checkLinearizability(history, model);
      assert.is(result.verdict, expected, `history ${JSON.stringify(history)}`);
      // The search modes checkLinearizability only reaches on big histories.
      assert.is(searchLinearization(ops, model, { maxSteps: 100_000, unknownsLast: true }).verdict, expected, 'unknownsLast');
      // A memo that forgets (two generations of 2 entries) only costs steps, never a verdict.
      assert.is(searchLinearization(ops, model, { maxSteps: 1_000_000, memoEntries: 2 }).verdict, expected, 'tiny memo');
      // The relaxed search (unknown operations reusable) only adds linearizations.
      const unknownIds = new Set(ops.filter((op) => op.outcome === 'unknown').map((op) => op.id));
      const relaxed = searchLinearization(ops, model, { maxSteps: 100_000, reusableIds: unknownIds });
      if (relaxed.verdict === 'violation') assert.is(expected, 'violation', `relaxed search, history ${JSON.stringify(history)}`);
      if (expected === 'ok') assert.is(relaxed.verdict, 'ok');
      const violation = result.violation;
      if (violation !== undefined) {
        // The reported set is a subset of the history that fails on its own.
        assert.ok(violation.operations.every((op) => ops.some((o) => o.id === op.id)));
        assert.ok(violation.operations.some((op) => op.id === violation.culpritId));
        assert.is(checkLinearizabilityBruteForce(violation.operations, model), 'violation');
      }
      counts[expected] += 1;
    }),
    { numRuns: RUNS_PER_MODEL, seed },
  );
  crossChecked += RUNS_PER_MODEL;
  return counts;
}

function assertBothVerdictsCommon(counts: { ok: number; violation: number }): void {
  assert.ok(counts.ok >= RUNS_PER_MODEL / 10, `only ${counts.ok} linearizable histories`);
  assert.ok(counts.violation >= RUNS_PER_MODEL / 10, `only ${counts.violation} violations`);
}

test('the WGL checker agrees with brute force on random register histories', () => {
  const counts = crossCheck(registerModel, registerCall);
  console.log(`\nnote: register: ${counts.ok} linearizable, ${counts.violation} violations`);
  assertBothVerdictsCommon(counts);
});

test('the WGL checker agrees with brute force on random store histories (two names, so partitioning is checked too)', () => {
  const counts = crossCheck(storeModel, storeCall);
  console.log(`\nnote: store: ${counts.ok} linearizable, ${counts.violation} violations`);
  assertBothVerdictsCommon(counts);
});

// Bigger histories, linearizable by construction: every operation takes effect
// at a point inside its [call, ret] span, applied in that order to a real
// register; unknown outcomes take effect or not at random. Too big for brute
// force, so the checker must simply say ok.

interface PlannedOp {
  process: number;
  gap: number;
  before: number;
  after: number;
  kind: 'read' | 'write' | 'cas';
  a: number;
  b: number;
  unknown: boolean;
  lands: boolean;
}

const plannedOp: fc.Arbitrary<PlannedOp> = fc.record({
  process: fc.nat(3),
  gap: fc.nat(2),
  before: fc.nat(3),
  after: fc.nat(3),
  kind: fc.constantFrom<PlannedOp['kind']>('read', 'write', 'cas'),
  a: fc.nat(2),
  b: fc.nat(2),
  unknown: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  lands: fc.boolean(),
});

function linearizableHistory(plan: readonly PlannedOp[]): History {
  // Times in hundredths so linearization points (+ op index) never tie.
  const cursor = [0, 0, 0, 0];
  const spans = plan.map((p, i) => {
    const c = (cursor[p.process] ?? 0) + p.gap;
    const point = c + p.before;
    const r = point + p.after;
    cursor[p.process] = r + 1;
    return { p, i, call: c * 100, point: point * 100 + i, ret: r * 100 + 99 };
  });
  let value: RegisterValue = null;
  const events: { event: HistoryEvent; seq: number }[] = [];
  for (const s of [...spans].sort((x, y) => x.point - y.point)) {
    const { p } = s;
    const args = p.kind === 'read' ? [] : p.kind === 'write' ? [p.a] : [p.a, p.b];
    let type: HistoryEvent['type'] = 'ok';
    let result: RegisterValue | undefined;
    if (p.unknown) {
      type = 'unknown';
      if (p.lands && p.kind === 'write') value = p.a;
      if (p.lands && p.kind === 'cas' && value === p.a) value = p.b;
    } else if (p.kind === 'read') result = value;
    else if (p.kind === 'write') value = p.a;
    else if (value === p.a) value = p.b;
    else type = 'fail';
    events.push({ event: { process: p.process, type: 'invoke', op: p.kind, args, timeMs: s.call }, seq: 2 * s.i });
    const completion: HistoryEvent = { process: p.process, type, op: p.kind, args, timeMs: s.ret };
    if (result !== undefined) completion.result = result;
    events.push({ event: completion, seq: 2 * s.i + 1 });
  }
  return events.sort((x, y) => x.event.timeMs - y.event.timeMs || x.seq - y.seq).map((e) => e.event);
}

test('bigger histories that are linearizable by construction check ok', () => {
  let runs = 0;
  fc.assert(
    fc.property(fc.array(plannedOp, { minLength: 10, maxLength: 40 }), (plan) => {
      const history = linearizableHistory(plan);
      const result = checkLinearizability(history, registerModel);
      assert.is(result.verdict, 'ok', `history ${JSON.stringify(history)}\n${result.violation?.timeline ?? ''}`);
      runs += 1;
    }),
    { numRuns: 300, seed },
  );
  console.log(`\nnote: ${runs} linearizable-by-construction register histories of 10-40 operations checked ok`);
});

test.after(() => {
  console.log(`\nnote: cross-checked ${crossChecked} random histories against brute force`);
});

test.run();
