import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, fchmodSync, mkdirSync, openSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, show } from '../core/errors';
import type { ClusterFile } from './cluster-file';
import { PRIVATE_DIR, PRIVATE_FILE, writeDurably } from './file-disk';

// The processes of a real cluster: how they are launched (node processes
// running the compiled JavaScript, or the TypeScript through ts-node), where their pids are
// kept (`<runDir>/<name>.pid`, written by the launcher, with the process's
// start time so a recycled pid is never mistaken for ours), how a node says it
// is listening (`<runDir>/<node>.ready`, written by the node), and how they
// are stopped (SIGTERM, then SIGKILL after a grace period; always by pid).
// Only these files read the wall clock outside the host, for bounded waits.

export const REPO_ROOT = join(__dirname, '..');
// Compiled (dist/real/*.js), the processes run plain JavaScript; from the TypeScript sources, through ts-node.
const MAIN_EXT = __filename.endsWith('.js') ? '.js' : '.ts';
export const NODE_MAIN = join(__dirname, `node-main${MAIN_EXT}`);
export const SUPERVISOR_MAIN = join(__dirname, `supervisor-main${MAIN_EXT}`);
export const SUPERVISOR = 'supervisor';

export interface PidRecord {
  pid: number;
  /** Start time of the process in clock ticks since boot (Linux /proc), or null where unknown. */
  startTicks: string | null;
  name: string;
  launchedAtMs: number;
}

export interface ReadyRecord {
  pid: number;
  host: string;
  port: number;
}

export function nowMs(): number {
  return Date.now(); // determinism-ok: real host
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms)); // determinism-ok: real host
}

/** Polls `check` every `everyMs` until it returns a value other than undefined, or `timeoutMs` passes (then undefined). */
export async function pollUntil<T>(timeoutMs: number, everyMs: number, check: () => T | undefined | Promise<T | undefined>): Promise<T | undefined> {
  const deadline = nowMs() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (nowMs() >= deadline) return undefined;
    await sleep(everyMs);
  }
}

// ------------------------------------------------------------------ run files

function runDirOf(cluster: ClusterFile): string {
  if (!cluster.runDir) throw new InvalidArgumentError('this cluster file has no runDir: its processes are not managed by actorsim cluster');
  return cluster.runDir;
}

export function pidPath(cluster: ClusterFile, name: string): string {
  return join(runDirOf(cluster), `${name}.pid`);
}

export function readyPath(cluster: ClusterFile, node: string): string {
  return join(runDirOf(cluster), `${node}.ready`);
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

export function readPidRecord(cluster: ClusterFile, name: string): PidRecord | null {
  const j = readJson(pidPath(cluster, name)) as Partial<PidRecord> | null;
  if (!j || !Number.isSafeInteger(j.pid) || (j.pid as number) <= 1) return null;
  return { pid: j.pid as number, startTicks: typeof j.startTicks === 'string' ? j.startTicks : null, name, launchedAtMs: typeof j.launchedAtMs === 'number' ? j.launchedAtMs : 0 };
}

export function writePidRecord(cluster: ClusterFile, name: string, pid: number): PidRecord {
  const rec: PidRecord = { pid, startTicks: startTicksOf(pid), name, launchedAtMs: nowMs() };
  mkdirSync(runDirOf(cluster), { recursive: true, mode: PRIVATE_DIR });
  writeDurably(runDirOf(cluster), `${name}.pid`, JSON.stringify(rec) + '\n');
  return rec;
}

export function readReadyRecord(cluster: ClusterFile, node: string): ReadyRecord | null {
  const j = readJson(readyPath(cluster, node)) as Partial<ReadyRecord> | null;
  if (!j || !Number.isSafeInteger(j.pid) || typeof j.host !== 'string' || !Number.isInteger(j.port)) return null;
  return { pid: j.pid as number, host: j.host, port: j.port as number };
}

export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

// ------------------------------------------------------------------ liveness

/** Field 22 of /proc/<pid>/stat (start time), or null without /proc or without the process. */
export function startTicksOf(pid: number): string | null {
  const stat = procStat(pid);
  return stat ? (stat[19] ?? null) : null;
}

/** The fields of /proc/<pid>/stat after the command name; null if unreadable. */
function procStat(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** The process exists and has not exited (a zombie has exited). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(pid);
  return stat === null ? !existsSync('/proc/self') : stat[0] !== 'Z';
}

/** The process of this record is still running: same pid and, where known, the same start time. */
export function isRunning(rec: PidRecord | null): boolean {
  if (!rec || !pidAlive(rec.pid)) return false;
  return rec.startTicks === null || startTicksOf(rec.pid) === rec.startTicks;
}

/** Not even a zombie is left (or the pid now belongs to someone else). */
function isGone(rec: PidRecord): boolean {
  if (!existsSync('/proc/self')) return !pidAlive(rec.pid);
  const ticks = startTicksOf(rec.pid);
  return ticks === null || (rec.startTicks !== null && ticks !== rec.startTicks);
}

export function signal(rec: PidRecord, sig: NodeJS.Signals): boolean {
  if (!isRunning(rec)) return false;
  try {
    process.kill(rec.pid, sig);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops one process by pid: SIGTERM, SIGKILL after `graceMs`; then waits a
 * little for it to be reaped, so that no zombie lingers in `ps`.
 */
export async function stopProcess(rec: PidRecord, graceMs = 3000): Promise<'stopped' | 'killed' | 'not running'> {
  if (!isRunning(rec)) return 'not running';
  signal(rec, 'SIGTERM');
  let how: 'stopped' | 'killed' = 'stopped';
  if ((await pollUntil(graceMs, 20, () => (isRunning(rec) ? undefined : true))) === undefined) {
    how = 'killed';
    signal(rec, 'SIGKILL');
    await pollUntil(3000, 20, () => (isRunning(rec) ? undefined : true));
  }
  await pollUntil(3000, 50, () => (isGone(rec) ? true : undefined));
  return how;
}

// -------------------------------------------------------------------- launch

/** How an entry point is run: a TypeScript one with ts-node's transpile-only hook, a compiled one as it is. */
export function tsEntryArgs(entry: string, args: readonly string[]): string[] {
  if (entry.endsWith('.js')) return [entry, ...args];
  return ['-r', require.resolve('ts-node/register/transpile-only'), entry, ...args];
}

/**
 * Starts a node (or the supervisor) of the cluster as a child of this process,
 * output appended to `<logDir>/<name>.log`, and records its pid. `detached`:
 * in its own session, so it outlives this process and a terminal's Ctrl-C.
 */
export function launch(cluster: ClusterFile, clusterPath: string, name: string, o: { detached: boolean; parentPid?: number }): { child: ChildProcess; record: PidRecord } {
  const isSupervisor = name === SUPERVISOR;
  if (!isSupervisor && !cluster.nodes[name]) throw new InvalidArgumentError(`launch: no node ${show(name)} in the cluster`);
  const entry = isSupervisor ? SUPERVISOR_MAIN : NODE_MAIN;
  const args = isSupervisor ? ['--cluster', clusterPath] : ['--cluster', clusterPath, '--node', name];
  if (o.parentPid !== undefined && !isSupervisor) args.push('--parent-pid', String(o.parentPid));
  let out: number | 'ignore' = 'ignore';
  if (cluster.logDir) {
    mkdirSync(cluster.logDir, { recursive: true, mode: PRIVATE_DIR });
    out = openSync(join(cluster.logDir, `${name}.log`), 'a', PRIVATE_FILE);
    fchmodSync(out, PRIVATE_FILE); // a log of an older cluster, made under the umask
  }
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, tsEntryArgs(entry, args), {
      cwd: REPO_ROOT,
      detached: o.detached,
      stdio: ['ignore', out, out],
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1', TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') },
    });
  } finally {
    if (typeof out === 'number') closeSync(out);
  }
  if (child.pid === undefined) throw new Error(`could not start ${name}: spawn gave no pid`);
  child.on('error', () => {}); // reported through its exit
  const record = writePidRecord(cluster, name, child.pid);
  if (o.detached) child.unref();
  return { child, record };
}
