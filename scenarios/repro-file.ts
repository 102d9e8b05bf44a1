import * as path from 'node:path';
import { version } from '../package.json';
import { ActorsimError, show } from '../core/errors';
import { FAULT_KINDS, isFaultKind, type FaultEvent } from '../sim';
import type { ViolationReport } from './result';
import type { SwarmRunResult } from './swarm';
import { classicSpace, type SwarmOptions } from './swarm-options';
import type { WorkloadOp } from './workload';
import { checkReproFields, isDigestText, readReproJson, writeJsonAtomically } from '../harness/repro-json';

// A repro file holds everything needed to rerun a failing chaos run event for
// event without the seed's draws: every option, the explicit workload and
// fault schedule, the trace hash and checkpoints, and the violations.

export const REPRO_FORMAT = 'actorsim-repro/1';

export interface ReproFile {
  format: typeof REPRO_FORMAT;
  actorsim: string;
  scenario: 'swarm';
  seed: number | string;
  bug: string | null;
  options: SwarmOptions;
  workload: WorkloadOp[];
  schedule: FaultEvent[];
  traceHash: string;
  checkpoints: string[];
  events: number;
  /** The running trace hash after every event (base64 of int32s), when the run kept them. */
  eventDigests?: string;
  violations: ViolationReport[];
  /** Set when fast-check found it. */
  fastCheck?: { seed: number; path: string };
}

/** A repro file that cannot be used: missing, unreadable, corrupt, truncated or from another version. */
export class ReproFileError extends ActorsimError {
  constructor(message: string) {
    super('BAD_REPRO', message);
  }
}

export function reproFromResult(r: SwarmRunResult, bug: string | null): ReproFile {
  return {
    format: REPRO_FORMAT,
    actorsim: version,
    scenario: 'swarm',
    seed: r.seed,
    bug,
    options: r.swarm,
    workload: r.workload,
    schedule: r.schedule,
    traceHash: r.traceHash,
    checkpoints: r.checkpoints,
    events: r.events,
    ...(r.eventDigests !== undefined ? { eventDigests: r.eventDigests } : {}),
    violations: r.violations,
  };
}

export function reproPath(dir: string, r: Pick<ReproFile, 'scenario' | 'seed' | 'bug'>): string {
  const tag = r.bug ? `-${r.bug}` : '';
  return path.join(dir, `${r.scenario}${tag}-${String(r.seed).replace(/[^\w.-]/g, '_')}.json`);
}

/** Writes atomically (temp file, then rename): a crash never leaves half a file. */
export function writeRepro(file: string, repro: ReproFile): void {
  writeJsonAtomically(file, repro);
}

export function readRepro(file: string): ReproFile {
  const r = readReproJson(file, REPRO_FORMAT, (m) => new ReproFileError(m)) as Partial<ReproFile>;
  checkReproFields<ReproFile>(file, r, [
    ['scenario', (v) => v === 'swarm'],
    ['seed', (v) => typeof v === 'number' || typeof v === 'string'],
    ['bug', (v) => v === null || typeof v === 'string'],
    ['options', (v) => !!v && typeof v === 'object'],
    ['workload', Array.isArray],
    ['schedule', Array.isArray],
    ['traceHash', (v) => typeof v === 'string'],
    ['checkpoints', Array.isArray],
    ['events', (v) => typeof v === 'number'],
    ['violations', Array.isArray],
    ['eventDigests', isDigestText],
  ], (m) => new ReproFileError(m));
  // A file written before the swarm space grew (issue 15) ran its seed in the classic space: replay it there.
  const options = r.options as Partial<SwarmOptions>;
  if (options.blockReportIntervalMs === undefined && typeof options.heartbeatIntervalMs === 'number') r.options = { ...classicSpace(options.heartbeatIntervalMs), ...options } as SwarmOptions;
  const clients = (r.options as Partial<SwarmOptions>).clients;
  r.workload!.forEach((w, i) => {
    const problem = workloadProblem(w, typeof clients === 'number' ? clients : null);
    if (problem) throw new ReproFileError(`repro file ${show(file)}: workload[${i}] ${problem} (got ${show(w)})`);
  });
  r.schedule!.forEach((f, i) => {
    const problem = faultProblem(f);
    if (problem) throw new ReproFileError(`repro file ${show(file)}: schedule[${i}] ${problem} (got ${show(f)})`);
  });
  return r as ReproFile;
}

const OPS: readonly string[] = ['upload', 'update', 'get', 'delete', 'status'];
const isCount = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** What is wrong with one hand-edited or corrupt workload entry, or null. */
function workloadProblem(w: unknown, clients: number | null): string | null {
  if (!w || typeof w !== 'object' || Array.isArray(w)) return 'is not an object';
  const o = w as Partial<WorkloadOp>;
  if (!Number.isInteger(o.client) || o.client! < 0 || (clients !== null && o.client! >= clients)) return `has client ${show(o.client)}, expected an integer in 0..${clients === null ? 'clients-1' : clients - 1}`;
  if (!isCount(o.delayMs)) return `has delayMs ${show(o.delayMs)}, expected a number >= 0`;
  if (typeof o.op !== 'string' || !OPS.includes(o.op)) return `has op ${show(o.op)}, expected one of ${OPS.join(', ')}`;
  if (o.op !== 'status' && typeof o.name !== 'string') return `(${o.op}) needs a string name`;
  if ((o.op === 'upload' || o.op === 'update') && typeof o.content !== 'string') return `(${o.op}) needs a string content`;
  return null;
}

/** What is wrong with one hand-edited or corrupt fault event, or null. */
function faultProblem(f: unknown): string | null {
  if (!f || typeof f !== 'object' || Array.isArray(f)) return 'is not an object';
  const e = f as Partial<FaultEvent>;
  if (typeof e.kind !== 'string' || !isFaultKind(e.kind)) return `has kind ${show(e.kind)}, expected one of ${FAULT_KINDS.join(', ')}`;
  if (!isCount(e.atMs) || !isCount(e.durationMs)) return 'needs atMs and durationMs, numbers >= 0';
  const needsNode = !['split', 'one-way', 'loss', 'duplicate', 'delay', 'reorder', 'duplicate-call', 'swizzle-clog'].includes(e.kind);
  if (needsNode && typeof e.node !== 'string') return `(${e.kind}) needs a node`;
  if ((e.kind === 'split' || e.kind === 'one-way') && !(Array.isArray(e.group) && e.group.every((g) => typeof g === 'string'))) return `(${e.kind}) needs a group of node names`;
  if (e.kind === 'bitrot' && !(Number.isInteger(e.pick) && e.pick! >= 0)) return '(bitrot) needs an integer pick >= 0';
  if (e.kind === 'swizzle-clog' && !(Array.isArray(e.group) && e.group.length > 0 && e.group.every((g) => typeof g === 'string'))) return '(swizzle-clog) needs a group of node names';
  if ((e.kind === 'clock-jump' || e.kind === 'clock-strobe') && !Number.isInteger(e.deltaMs)) return `(${e.kind}) needs an integer deltaMs`;
  return null;
}
