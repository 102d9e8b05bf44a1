import { operationsFromHistory } from '../properties/from-history';
import { checkLinearizability } from '../properties/linearizability';
import { registerModel } from '../properties/models/register-model';
import { syntheticHistory } from '../properties/synthetic-history';

// The linearizability checker on generated linearizable register histories
// (properties/synthetic-history.ts: 50% reads, 40% writes, 10% cas over 10
// values; each client busy about half the time, so with 20 clients some 10
// operations overlap at any moment). Times are CPU seconds of this process
// (user + system: what a busy machine does not inflate as much as wall time).
// The baseline, measured in the same run on the same history, is decoding
// and partitioning it: the work every check does before searching.

export interface CheckerCase {
  operations: number;
  clients: number;
}

export const CHECKER_CASES: readonly CheckerCase[] = [
  { operations: 10_000, clients: 10 },
  { operations: 10_000, clients: 20 },
];

export const CHECKER_CASES_100K: readonly CheckerCase[] = [
  { operations: 100_000, clients: 10 },
  { operations: 100_000, clients: 20 },
];

const cpuSeconds = (): number => {
  const usage = process.cpuUsage(); // determinism-ok: benchmark CPU time
  return (usage.user + usage.system) / 1e6;
};

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

export async function benchChecker(cases: readonly CheckerCase[] = CHECKER_CASES): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = {};
  for (const { operations, clients } of cases) {
    const name = `${operations / 1000}k ops x ${clients} clients`;
    const history = syntheticHistory({ kind: 'register', clients, operations, seed: 1 });
    let t0 = cpuSeconds();
    const decoded = operationsFromHistory(history, registerModel);
    registerModel.partition(decoded.operations);
    const baseline = cpuSeconds() - t0;
    t0 = cpuSeconds();
    const result = checkLinearizability(history, registerModel, { maxSteps: 1e9 });
    const check = cpuSeconds() - t0;
    if (result.verdict !== 'ok') throw new Error(`bench checker: ${name}: expected linearizable, got ${result.verdict}`);
    figures[`${name}: check CPU s`] = round(check, 2);
    figures[`${name}: baseline decode+partition CPU s`] = round(baseline, 3);
    figures[`${name}: ratio to baseline`] = round(check / baseline, 1);
    figures[`${name}: search steps`] = result.steps;
    figures[`${name}: steps per CPU s`] = Math.round(result.steps / check);
    figures[`${name}: heap MB after`] = Math.round(process.memoryUsage().heapUsed / 1e6); // determinism-ok: benchmark memory
  }
  return figures;
}
