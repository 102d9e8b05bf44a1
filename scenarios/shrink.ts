import type { FaultEvent } from '../sim';
import { reproFromResult, ReproFile } from './repro-file';
import { runRepro } from './replay';
import type { SwarmOptions } from './swarm-options';
import type { WorkloadOp } from './workload';
import { ddmin } from '../harness/ddmin';

// Shrinks a failing chaos run: delta debugging (Zeller's ddmin: halves, then
// smaller pieces, down to single items) over the fault schedule and the
// workload, then simpler options (fewer clients, fewer storage nodes), keeping
// each cut only while the same kind of violation still occurs. Every run is
// deterministic, so the same input gives the same result.

export interface ReproSize {
  operations: number;
  faults: number;
  clients: number;
  storageNodes: number;
}

export interface ShrinkResult {
  repro: ReproFile;
  before: ReproSize;
  after: ReproSize;
  runs: number;
}

export function reproSize(r: Pick<ReproFile, 'workload' | 'schedule' | 'options'>): ReproSize {
  return { operations: r.workload.length, faults: r.schedule.length, clients: r.options.clients, storageNodes: r.options.storageNodes };
}

interface Candidate {
  options: SwarmOptions;
  workload: WorkloadOp[];
  schedule: FaultEvent[];
}

export async function shrinkRepro(original: ReproFile, options: { maxRuns?: number; log?: (line: string) => void } = {}): Promise<ShrinkResult> {
  const maxRuns = options.maxRuns ?? 600;
  const target = new Set(original.violations.map((v) => v.kind));
  let runs = 0;
  const fails = async (c: Candidate): Promise<boolean> => {
    if (runs >= maxRuns) return false;
    runs += 1;
    const r = await runRepro({ ...original, ...c });
    return !r.ok && r.violations.some((v) => target.has(v.kind));
  };
  let best: Candidate = { options: original.options, workload: original.workload, schedule: original.schedule };
  for (let round = 0; round < 2; round++) {
    const start = reproSize({ ...best });
    best = { ...best, schedule: await ddmin(best.schedule, (s) => fails({ ...best, schedule: s })) };
    best = { ...best, workload: await ddmin(best.workload, (w) => fails({ ...best, workload: w })) };
    // Fewer clients: renumber the clients still used, then try one client.
    const used = [...new Set(best.workload.map((w) => w.client))].sort((a, b) => a - b);
    if (used.length < best.options.clients && used.length > 0) {
      const c = { ...best, options: { ...best.options, clients: used.length }, workload: best.workload.map((w) => ({ ...w, client: used.indexOf(w.client) })) };
      if (await fails(c)) best = c;
    }
    if (best.options.clients > 1) {
      const c = { ...best, options: { ...best.options, clients: 1 }, workload: best.workload.map((w) => ({ ...w, client: 0 })) };
      if (await fails(c)) best = c;
    }
    // Fewer storage nodes, down to R: faults on removed nodes go too.
    while (best.options.storageNodes > best.options.replicationFactor) {
      const n = best.options.storageNodes - 1;
      const gone = `s${n + 1}`;
      const schedule = best.schedule.filter((f) => f.node !== gone).map((f) => (f.group ? { ...f, group: f.group.filter((g) => g !== gone) } : f)).filter((f) => !f.group || f.group.length > 0);
      const c = { ...best, options: { ...best.options, storageNodes: n }, schedule };
      if (!(await fails(c))) break;
      best = c;
    }
    options.log?.(`round ${round + 1}: ${JSON.stringify(start)} -> ${JSON.stringify(reproSize({ ...best }))} after ${runs} runs`);
    const end = reproSize({ ...best });
    if (JSON.stringify(end) === JSON.stringify(start)) break;
  }
  const final = await runRepro({ ...original, ...best });
  const repro: ReproFile = { ...reproFromResult(final, original.bug), seed: original.seed, ...(original.fastCheck ? { fastCheck: original.fastCheck } : {}) };
  return { repro, before: reproSize(original), after: reproSize(repro), runs };
}
