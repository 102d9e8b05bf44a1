import { renderStatusText, StoreStatus } from '../core/store';
import { isStrategyName, type FaultEvent } from '../sim';
import type { HistoryEvent } from '../properties/history';
import { assertionViolations, type RunResult, type Scenario, type ScenarioRunOptions, type ViolationReport } from './result';
import { StoreWorld } from './store-world';
import { reportData } from './report-data';

// The course's verification scenario: upload, update, get and delete an
// artifact, listing the cluster status after each step; then the same with a
// storage node crashing mid-way and coming back. Every step's outcome is
// checked, so a regression fails the run, not just the reader.

const CONTENT_V1 = 'Distributed Artifact Storage: one name node, many storage nodes, every chunk replicated R times. '.repeat(2);
const CONTENT_V2 = 'version two: shorter, and on new chunks.';

async function runVerify(options: ScenarioRunOptions): Promise<RunResult> {
  const w = new StoreWorld({
    seed: options.seed,
    storageNodes: 5,
    clients: 1,
    ...(isStrategyName(options.strategy) ? { strategy: options.strategy } : {}),
    keepTrace: options.keepTrace === true,
  });
  const output: string[] = [];
  const violations: ViolationReport[] = [];
  const c = w.client(0);
  const expect = (what: string, e: HistoryEvent, type: HistoryEvent['type'], result?: unknown) => {
    const ok = e.type === type && (result === undefined || e.result === result);
    // A read shows what it read, so the reader sees the content, not just "ok".
    const read = e.op === 'get' && e.type === 'ok' ? ` ${JSON.stringify(e.result)}` : '';
    output.push(`${what}: ${e.type}${read}${e.type === 'fail' ? ` (${String(e.result)})` : ''}${ok ? '' : `  <- expected ${type}`}`);
    if (!ok) violations.push({ kind: 'verify', message: `${what}: expected ${type}${result !== undefined ? ` with the uploaded content` : ''}, got ${e.type} ${JSON.stringify(e.result ?? null).slice(0, 80)}`, timeMs: w.sim.now() });
  };
  let last: StoreStatus | null = null;
  const status = async (title: string) => {
    last = await w.status();
    output.push(`--- ${title}`, renderStatusText(last));
  };

  await w.settle(w.storeOptions.heartbeatIntervalMs * 2);
  output.push('== part 1: upload, update, get, delete');
  expect('upload "notes.txt"', await w.do(c.upload('notes.txt', CONTENT_V1)), 'ok');
  await status('after upload');
  expect('update "notes.txt"', await w.do(c.update('notes.txt', CONTENT_V2)), 'ok');
  await status('after update');
  expect('get "notes.txt"', await w.do(c.get('notes.txt')), 'ok', CONTENT_V2);
  await status('after get');
  expect('delete "notes.txt"', await w.do(c.delete('notes.txt')), 'ok');
  await w.settle(w.storeOptions.blockReportIntervalMs);
  await status('after delete');

  output.push('== part 2: the same with a storage node crashing mid-way and coming back');
  expect('upload "model.bin"', await w.do(c.upload('model.bin', CONTENT_V1)), 'ok');
  const holder = (await w.status()).artifacts[0]?.chunks[0]?.replicas[0] ?? w.storageNodes[0]!;
  w.sim.crash(holder);
  const crashedAtMs = w.sim.now();
  output.push(`crash ${holder} (holds chunk #0)`);
  expect('update "model.bin" while it is down', await w.do(c.update('model.bin', CONTENT_V2)), 'ok');
  await w.settle(w.storeOptions.deadTimeoutMs + 4 * w.storeOptions.heartbeatIntervalMs);
  await status(`after update, ${holder} down and declared dead`);
  expect('get "model.bin"', await w.do(c.get('model.bin')), 'ok', CONTENT_V2);
  w.sim.restart(holder);
  // The scenario's own fault, recorded as the nemesis records its faults, for the reports.
  const faults: FaultEvent[] = [{ atMs: crashedAtMs, kind: 'crash', durationMs: w.sim.now() - crashedAtMs, node: holder }];
  output.push(`restart ${holder}`);
  await w.settle(2 * w.storeOptions.blockReportIntervalMs);
  await status(`after ${holder} came back (its stale chunks removed)`);
  expect('delete "model.bin"', await w.do(c.delete('model.bin')), 'ok');
  await w.settle(2 * w.storeOptions.blockReportIntervalMs);
  await status('after delete');

  violations.push(...assertionViolations(w.sim.violations));
  for (const node of w.storageNodes) {
    const left = w.sim.disk(node).keys('chunk/');
    if (left.length) violations.push({ kind: 'orphan-chunk', message: `${node} still holds ${left.join(', ')} after every artifact was deleted`, timeMs: w.sim.now(), nodes: [node] });
  }
  return {
    scenario: 'verify',
    seed: options.seed,
    ok: violations.length === 0,
    traceHash: w.sim.traceHash(),
    events: w.sim.eventCount,
    virtualTimeMs: w.sim.now(),
    violations,
    options: { storageNodes: 5, clients: 1, ...w.storeOptions },
    status: last,
    output,
    history: w.history,
    report: reportData(w, faults, violations),
  };
}

export const verifyScenario: Scenario = {
  name: 'verify',
  summary: "the course's verification: upload, update, get, delete with a status after each, then again with a storage node crash",
  run: runVerify,
};
