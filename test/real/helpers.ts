import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreStatus } from '../../core/store/status';
import { memoryIo, type MemoryIo } from '../../cli/io';
import { main } from '../../cli/main';
import type { ClusterFile } from '../../real/cluster-file';
import { connectToCluster } from '../../real/control';
import { isRunning, readPidRecord } from '../../real/processes';
import { tryStatus } from '../../real/runtime';

// Shared by the real-cluster tests: the CLI in process (fast) and as the real
// binary (a few times), bounded waits that say what they waited for, and a
// safety net that SIGKILLs, by pid, every process a cluster of the test
// recorded, however the test ends.

export const BIN = join(__dirname, '..', '..', 'bin', 'actorsim.js');

/**
 * A deadline scaled to how busy the machine is. Every node process compiles
 * TypeScript when it starts, which on a loaded 2-core machine takes many times
 * longer than idle, so the tests' waits grow with the load average (at least
 * 2x, at most 10x; ACTORSIM_TEST_TIME_SCALE overrides the factor).
 */
export function scaled(ms: number): number {
  const forced = Number(process.env['ACTORSIM_TEST_TIME_SCALE'] ?? '');
  const load = (loadavg()[0] ?? 0) / Math.max(1, cpus().length);
  const factor = Number.isFinite(forced) && forced > 0 ? forced : Math.min(10, Math.max(2, 1 + 2 * load));
  return Math.round(ms * factor);
}

/** `cluster start`'s own readiness wait, scaled (the CLI caps it at 600000). */
export function startWait(): string[] {
  return ['--wait-ms', String(Math.min(600_000, scaled(30_000)))];
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function cli(...args: string[]): Promise<MemoryIo & { code: number }> {
  const io = memoryIo();
  const code = await main(args, io);
  return Object.assign(io, { code });
}

/**
 * The real binary, killed after `timeoutMs`. Asynchronous on purpose: this
 * process is the parent of the nodes it started and must keep reaping them
 * while the binary stops them.
 */
export function spawnCli(args: string[], timeoutMs = scaled(30_000)): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function now(): number {
  return Date.now(); // determinism-ok: real-cluster test timing
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms)); // determinism-ok: real-cluster test timing
}

/** Polls `check` until it returns true; throws naming `what` and the last state after `timeoutMs` (scaled to the load). */
export async function waitFor(what: string, idleTimeoutMs: number, check: () => Promise<boolean | string> | boolean | string): Promise<number> {
  const timeoutMs = scaled(idleTimeoutMs);
  const start = now();
  let last: boolean | string = false;
  for (;;) {
    last = await check();
    if (last === true) return now() - start;
    if (now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}${typeof last === 'string' ? `; last: ${last}` : ''}`);
    await sleep(50);
  }
}

/** The store's status through a fresh client connection; null if the name node does not answer within `timeoutMs`. */
export async function statusOf(cluster: ClusterFile, timeoutMs = 1000): Promise<StoreStatus | null> {
  const conn = await connectToCluster(cluster);
  try {
    return await tryStatus(conn, timeoutMs);
  } finally {
    await conn.close();
  }
}

/** Chunk ids per node, as the name node's map says. */
export function mapOf(status: StoreStatus): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>(status.nodes.map((n) => [n.id, new Set<string>()]));
  for (const a of status.artifacts) for (const c of a.chunks) for (const n of c.replicas) out.get(n)?.add(c.id);
  return out;
}

const clusters: ClusterFile[] = [];

/** Registers a cluster whose processes must not outlive the test. */
export function track(cluster: ClusterFile): void {
  clusters.push(cluster);
}

/** SIGKILLs every recorded process of every tracked cluster (synchronous: safe in an exit handler). */
export function killAllSync(): string[] {
  const killed: string[] = [];
  for (const c of clusters) {
    for (const name of ['supervisor', c.nameNode, ...c.storageNodes]) {
      const rec = readPidRecord(c, name);
      if (!rec || !isRunning(rec)) continue; // never a recycled pid: isRunning checks the start time
      try {
        process.kill(rec.pid, 'SIGKILL');
        killed.push(`${name}:${rec.pid}`);
      } catch {
        // Not running.
      }
    }
  }
  return killed;
}

/** Is any recorded process of the cluster still present (a zombie counts)? */
export function leftovers(cluster: ClusterFile): string[] {
  const out: string[] = [];
  for (const name of ['supervisor', cluster.nameNode, ...cluster.storageNodes]) {
    const rec = readPidRecord(cluster, name);
    if (rec && existsSync(`/proc/${rec.pid}`)) out.push(`${name} (pid ${rec.pid})`);
  }
  return out;
}

process.on('exit', () => {
  killAllSync();
});
// The nodes are detached (their own session): a Ctrl-C on the tests does not reach them.
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    killAllSync();
    process.exit(130);
  });
}

/** Ends the test process (and its clusters) if it runs longer than `ms`. */
export function watchdog(file: string, idleMs: number): void {
  const ms = scaled(idleMs);
  const t = setTimeout(() => {
    process.stderr.write(`${file}: watchdog: still running after ${ms}ms; killed ${killAllSync().join(', ') || 'nothing'}\n`);
    process.exit(1);
  }, ms); // determinism-ok: test watchdog
  t.unref();
}
