import { randomInt } from 'node:crypto';
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkHistoryText } from '../properties/check-history-file';
import type { History } from '../properties/history';
import { RecordingClient } from '../scenarios/recording-client';
import type { StoreStatus } from '../core/store/status';
import type { ClusterFile } from './cluster-file';
import { connectToCluster, launchCluster, prepareCluster, processTable, restartNode, stopCluster, waitUntilUp } from './control';
import { readDiskKeys } from './file-disk';
import { isRunning, nowMs, readPidRecord, signal, sleep } from './processes';
import { tryStatus, type StoreConnection } from './runtime';

// Chaos on real processes (Jepsen-style): concurrent clients run the store's
// operations against a real cluster, each recorded as an invoke and one
// completion, while a nemesis SIGKILLs and SIGSTOPs storage nodes and the name
// node, and deletes or flips bytes in chunk files. One fault at a time: it is
// healed (restart, SIGCONT) and the cluster given time to repair before the
// next, so no chunk can lose every replica by construction; the operations
// never pause. At the end the history must be linearizable (the store model
// of `check-history`) and, healed, every chunk at R with nothing else on any
// disk. Real time, OS randomness: no run repeats (the simulator's do).

export type ChaosFault = 'kill-storage' | 'stop-storage' | 'kill-nn' | 'stop-nn' | 'flip-chunk' | 'delete-chunk';
const FAULTS: readonly ChaosFault[] = ['kill-storage', 'stop-storage', 'kill-nn', 'stop-nn', 'flip-chunk', 'delete-chunk'];

export interface ChaosOptions {
  dir: string;
  /** How long clients and nemesis run at least (healing comes after). */
  durationMs: number;
  /** Run on past `durationMs` until this many faults were done (the kinds cycle, shuffled: 6 covers all)... */
  minFaults?: number;
  /** ...but never past this (default: twice `durationMs`). */
  maxDurationMs?: number;
  clients?: number;
  names?: number;
  log?(line: string): void;
}

export interface ChaosReport {
  history: History;
  operations: { ok: number; fail: number; unknown: number };
  faults: Array<{ atMs: number; fault: ChaosFault; node: string; detail: string }>;
  verdict: 'ok' | 'violation' | 'unknown';
  violation: string | null;
  /** Problems found after healing: chunks not at R, files no chunk owns, nodes not ALIVE. */
  unhealed: string[];
  healMs: number;
}

const pick = <T>(xs: readonly T[]): T => xs[randomInt(xs.length)]!;

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Every chunk on exactly R ALIVE nodes and every disk holding exactly its chunks; else what is wrong. */
export function healProblems(cluster: ClusterFile, s: StoreStatus | null): string[] {
  if (!s) return ['the name node does not answer'];
  const out: string[] = [];
  if (s.summary.safeMode) out.push('safe mode');
  for (const n of s.nodes) if (n.state !== 'ALIVE') out.push(`${n.id} ${n.state}`);
  const R = cluster.store.replicationFactor;
  const held = new Map<string, Set<string>>(cluster.storageNodes.map((n) => [n, new Set<string>()]));
  for (const a of s.artifacts) {
    for (const c of a.chunks) {
      if (c.replicas.length !== R || c.state !== 'OK') out.push(`${a.name} ${c.id} on [${c.replicas}] ${c.state}`);
      for (const n of c.replicas) held.get(n)?.add(c.id);
    }
  }
  for (const node of cluster.storageNodes) {
    const onDisk = readDiskKeys(cluster.nodes[node]!.dataDir).filter((k) => k.startsWith('chunk/')).map((k) => k.slice(6));
    const stray = onDisk.filter((id) => !held.get(node)!.has(id));
    const lost = [...held.get(node)!].filter((id) => !onDisk.includes(id));
    if (stray.length) out.push(`${node}: stray files ${stray.slice(0, 5).join(', ')}${stray.length > 5 ? ` (+${stray.length - 5})` : ''}`);
    if (lost.length) out.push(`${node}: chunks in the map missing on disk ${lost.slice(0, 5).join(', ')}`);
  }
  return out;
}

/** Runs a cluster in `dir` (4 storage nodes, R = 3) under chaos; stops it at the end, whatever happens. */
export async function runRealChaos(o: ChaosOptions): Promise<ChaosReport> {
  const log = o.log ?? (() => {});
  const { cluster, path } = await prepareCluster({ dir: o.dir, storageNodes: 4, replicas: 3, heartbeatMs: 150, deadTimeoutMs: 1500, chunkSizeBytes: 64 });
  try {
    launchCluster(cluster, path);
    const up = await waitUntilUp(cluster, 60_000);
    if (!up.up) throw new Error(`the cluster did not come up: ${up.problems.join('; ')}`);
    const t0 = nowMs();
    const history: History = [];
    const faults: ChaosReport['faults'] = [];
    const until = t0 + o.durationMs;
    const hardUntil = t0 + (o.maxDurationMs ?? 2 * o.durationMs);
    let running = true;
    const names = Array.from({ length: o.names ?? 4 }, (_, i) => `k${i}`);
    const clients = await Promise.all(Array.from({ length: o.clients ?? 3 }, () => connectToCluster(cluster, { timeoutMs: 3000 })));
    const loops = clients.map((conn, p) => clientLoop(conn, p, history, names, () => nowMs() - t0, () => running));
    const more = () => (nowMs() < until || faults.length < (o.minFaults ?? 0)) && nowMs() < hardUntil;
    await nemesisLoop(cluster, path, more, hardUntil, (fault, node, detail) => {
      faults.push({ atMs: nowMs() - t0, fault, node, detail });
      log(`${((nowMs() - t0) / 1000).toFixed(1)}s ${fault} ${node} ${detail}`);
    });
    running = false;
    await Promise.all(loops);
    for (const c of clients) await c.close();
    // Heal: every process running (the nemesis healed each fault), then repair to exactly R.
    const healStart = nowMs();
    let unhealed: string[] = ['not checked'];
    const probe = await connectToCluster(cluster);
    try {
      while (nowMs() - healStart < 30_000) {
        unhealed = healProblems(cluster, await tryStatus(probe, 2000));
        if (unhealed.length === 0) break;
        await sleep(200);
      }
    } finally {
      await probe.close();
    }
    const healMs = nowMs() - healStart;
    const checked = checkHistoryText(JSON.stringify(history), { model: 'store' });
    const r = checked.result;
    const count = (t: string) => history.filter((e) => e.type === t).length;
    return {
      history,
      operations: { ok: count('ok'), fail: count('fail'), unknown: count('unknown') },
      faults,
      verdict: r.verdict,
      violation: r.violation ? r.violation.summary : null,
      unhealed,
      healMs,
    };
  } finally {
    // SIGCONT first: a stopped process ignores SIGTERM until continued.
    for (const name of [cluster.nameNode, ...cluster.storageNodes]) {
      const rec = readPidRecord(cluster, name);
      if (rec && isRunning(rec)) signal(rec, 'SIGCONT');
    }
    await stopCluster(cluster);
  }
}

async function clientLoop(conn: StoreConnection, p: number, history: History, names: readonly string[], clock: () => number, running: () => boolean): Promise<void> {
  const c = new RecordingClient(p, conn.client, history, clock);
  let seq = 0;
  while (running()) {
    const name = pick(names);
    // Several 64-byte chunks per write, unique content per write (the checker tells writes apart by it).
    const content = `p${p}-${seq++}-` + 'x'.repeat(randomInt(300));
    const r = randomInt(10);
    if (r < 3) await c.upload(name, content);
    else if (r < 5) await c.update(name, content);
    else if (r < 6) await c.delete(name);
    else await c.get(name);
    await sleep(10 + randomInt(30)); // a client's think time: the test shares a small machine
  }
}

async function nemesisLoop(cluster: ClusterFile, path: string, more: () => boolean, hardUntil: number, report: (f: ChaosFault, node: string, detail: string) => void): Promise<void> {
  await sleep(500);
  let round: ChaosFault[] = [];
  let done = false;
  const note = (f: ChaosFault, node: string, detail: string) => {
    done = true;
    report(f, node, detail);
  };
  while (more()) {
    done = false;
    // Every kind once per round, in a random order.
    if (round.length === 0) round = shuffle([...FAULTS]);
    const fault = round.pop()!;
    const holdMs = 300 + randomInt(1500);
    const storage = pick(cluster.storageNodes);
    switch (fault) {
      case 'kill-storage':
      case 'kill-nn': {
        const node = fault === 'kill-nn' ? cluster.nameNode : storage;
        const rec = readPidRecord(cluster, node);
        if (!rec || !isRunning(rec)) break;
        signal(rec, 'SIGKILL');
        note(fault, node, `pid ${rec.pid}, down ${holdMs}ms`);
        await sleep(holdMs);
        await waitGone(rec);
        await restartNode(cluster, path, node, 30_000);
        break;
      }
      case 'stop-storage':
      case 'stop-nn': {
        const node = fault === 'stop-nn' ? cluster.nameNode : storage;
        const rec = readPidRecord(cluster, node);
        if (!rec || !isRunning(rec)) break;
        signal(rec, 'SIGSTOP');
        note(fault, node, `pid ${rec.pid}, stopped ${holdMs}ms`);
        await sleep(holdMs);
        signal(rec, 'SIGCONT');
        break;
      }
      case 'flip-chunk':
      case 'delete-chunk': {
        const kv = join(cluster.nodes[storage]!.dataDir, 'kv');
        const files = readdirSync(kv).filter((f) => f.endsWith('.json'));
        const chunkFiles = files.filter((f) => {
          try {
            return readFileSync(join(kv, f), 'utf8').includes('"key":"chunk/');
          } catch {
            return false;
          }
        });
        if (chunkFiles.length === 0) break;
        const file = join(kv, pick(chunkFiles));
        try {
          if (fault === 'delete-chunk') {
            unlinkSync(file);
            note(fault, storage, file);
          } else {
            const bytes = readFileSync(file);
            const at = bytes.length - 2 - randomInt(Math.max(1, Math.min(40, bytes.length - 2)));
            bytes[at] = bytes[at]! ^ (1 << randomInt(7));
            writeFileSync(file, bytes);
            note(fault, storage, `${file} byte ${at}`);
          }
        } catch {
          break; // the node removed it meanwhile
        }
        break;
      }
    }
    if (!done) {
      round.unshift(fault); // nothing to do right now (no chunk files yet, say): after the others
      await sleep(200);
      continue;
    }
    // Let the cluster repair (bounded) before the next fault: faults never pile up on one chunk.
    await settle(cluster, Math.max(3000, Math.min(15_000, hardUntil - nowMs())), fault === 'flip-chunk' || fault === 'delete-chunk');
    await sleep(200 + randomInt(600));
  }
}

async function waitGone(rec: NonNullable<ReturnType<typeof readPidRecord>>): Promise<void> {
  const start = nowMs();
  while (isRunning(rec) && nowMs() - start < 5000) await sleep(20);
}

/** Waits until every process runs, every node is ALIVE and every chunk at R (at most `ms`). */
async function settle(cluster: ClusterFile, ms: number, fileFault: boolean): Promise<void> {
  const start = nowMs();
  const conn = await connectToCluster(cluster);
  try {
    // A damaged file is found when its node next reports: wait two report rounds.
    if (fileFault) await sleep(2 * cluster.store.blockReportIntervalMs);
    while (nowMs() - start < ms) {
      if (processTable(cluster).every((r) => r.role === 'supervisor' || r.running)) {
        const problems = healProblems(cluster, await tryStatus(conn, 1000)).filter((p) => !p.includes('stray') && !p.includes('missing on disk'));
        if (problems.length === 0) return;
      }
      await sleep(100);
    }
  } finally {
    await conn.close();
  }
}
