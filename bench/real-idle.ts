import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectToCluster, launchCluster, prepareCluster, stopCluster, waitUntilUp } from '../real/control';
import { readPidRecord, sleep } from '../real/processes';

// `npm run bench -- --only real-idle`: what an idle storage node costs while
// it holds data. One storage node (R = 1) on a real cluster: CPU and bytes
// read per second over a quiet window, first holding nothing (the baseline,
// same run), then holding ~100 MB. Block reports come from recorded
// checksums; the scanner reads at a bounded rate (SCAN_BYTES_PER_SECOND), so
// the second figure stays near that rate whatever is held. Optional (not in
// the default sections): the upload takes a while.

const HOLD_MB = Number(process.env.ACTORSIM_BENCH_HOLD_MB ?? '100');
const WINDOW_MS = 10_000;
const CLOCK_TICKS = 100; // USER_HZ on Linux

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function readChars(pid: number): number {
  const m = /^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}

async function measure(pid: number): Promise<{ cpuPercent: number; readMBps: number }> {
  const t0 = Date.now(); // determinism-ok: benchmark wall time
  const c0 = cpuTicks(pid);
  const r0 = readChars(pid);
  await sleep(WINDOW_MS);
  const ms = Date.now() - t0; // determinism-ok: benchmark wall time
  return {
    cpuPercent: Math.round(((cpuTicks(pid) - c0) / CLOCK_TICKS / (ms / 1000)) * 1000) / 10,
    readMBps: Math.round(((readChars(pid) - r0) / (ms / 1000) / 1e6) * 100) / 100,
  };
}

export async function benchRealIdle(): Promise<object> {
  const root = mkdtempSync(join(tmpdir(), 'actorsim-bench-idle-'));
  const { cluster, path } = await prepareCluster({ dir: join(root, 'c'), storageNodes: 1, replicas: 1, heartbeatMs: 500, deadTimeoutMs: 10_000 });
  try {
    launchCluster(cluster, path);
    const up = await waitUntilUp(cluster, 60_000);
    if (!up.up) throw new Error(`bench real-idle: the cluster did not come up: ${up.problems.join('; ')}`);
    const pid = readPidRecord(cluster, 's1')!.pid;
    const empty = await measure(pid);
    const conn = await connectToCluster(cluster, { timeoutMs: 120_000 });
    const per = 10 * 1024 * 1024;
    let held = 0;
    const t0 = Date.now(); // determinism-ok: benchmark wall time
    try {
      for (let i = 0; held < HOLD_MB * 1e6; i++) {
        const content = String.fromCharCode(97 + (i % 26)).repeat(per - 16) + `-${String(i).padStart(14, '0')}`;
        await conn.client.upload(`blob-${i}`, content);
        held += per;
      }
    } finally {
      await conn.close();
    }
    const uploadMs = Date.now() - t0; // determinism-ok: benchmark wall time
    await sleep(2 * cluster.store.blockReportIntervalMs);
    const full = await measure(pid);
    return {
      heldMB: Math.round(held / 1e6),
      uploadMBps: Math.round((held / 1e6 / (uploadMs / 1000)) * 10) / 10,
      blockReportIntervalMs: cluster.store.blockReportIntervalMs,
      emptyCpuPercent: empty.cpuPercent,
      emptyReadMBps: empty.readMBps,
      holdingCpuPercent: full.cpuPercent,
      holdingReadMBps: full.readMBps,
      windowMs: WINDOW_MS,
    };
  } finally {
    await stopCluster(cluster);
    rmSync(root, { recursive: true, force: true });
  }
}
