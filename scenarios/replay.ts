import { CHECKPOINT_EVERY } from '../sim';
import { getBug } from './bugs';
import type { ReproFile } from './repro-file';
import { runSwarm, SwarmRunResult } from './swarm';
import { decodeDigests, DifferingEvent, firstDifferingEvent } from '../harness/event-digests';

// Reruns a repro file's explicit run and compares it with what the file
// recorded: the same failure (reproduced), no failure (passes now), or a
// different event sequence (diverged, naming the first window that differs).

export type ReplayStatus = 'reproduced' | 'passes' | 'diverged';

export interface ReplayOutcome {
  status: ReplayStatus;
  expectedTraceHash: string;
  traceHash: string;
  /** Events [from, to) of the first checkpoint window whose hash differs. */
  firstDivergence: [number, number] | null;
  /** The first event that differs, with both sides' running digests (repro files that carry event digests). */
  firstDifferingEvent: DifferingEvent | null;
  result: SwarmRunResult;
}

export function runRepro(repro: ReproFile, keepTrace = false, keepDigests = false): Promise<SwarmRunResult> {
  const bug = repro.bug ? getBug(repro.bug) : null;
  return runSwarm({
    seed: repro.seed,
    overrides: repro.options,
    workload: repro.workload,
    schedule: repro.schedule,
    keepTrace,
    keepDigests,
    ...(bug ? { bug: bug.name, ...bug.classes } : {}),
  });
}

/** For two runs whose final trace hashes differ: the first checkpoint window that differs, else the tail after the last common checkpoint. */
export function firstDivergence(expected: readonly string[], actual: readonly string[], expectedEvents: number, actualEvents: number): [number, number] {
  const n = Math.min(expected.length, actual.length);
  for (let i = 0; i < n; i++) if (expected[i] !== actual[i]) return [i * CHECKPOINT_EVERY, (i + 1) * CHECKPOINT_EVERY];
  // Every common checkpoint agrees, yet the final hashes differ: the events after the last one do.
  return [n * CHECKPOINT_EVERY, Math.max(expectedEvents, actualEvents, n * CHECKPOINT_EVERY)];
}

export async function replay(repro: ReproFile, keepTrace = false): Promise<ReplayOutcome> {
  // The trace is kept to name the first differing event; handed back only when asked for.
  const withDigests = repro.eventDigests !== undefined;
  const full = await runRepro(repro, keepTrace || withDigests, withDigests);
  const same = full.traceHash === repro.traceHash;
  const differing =
    !same && withDigests && full.eventDigests !== undefined
      ? firstDifferingEvent(decodeDigests(repro.eventDigests!), decodeDigests(full.eventDigests), full.trace)
      : null;
  const result = keepTrace ? full : { ...full, trace: undefined };
  if (!keepTrace) delete result.trace;
  const status: ReplayStatus = result.ok ? 'passes' : same ? 'reproduced' : 'diverged';
  return {
    status,
    expectedTraceHash: repro.traceHash,
    traceHash: result.traceHash,
    firstDivergence: same ? null : firstDivergence(repro.checkpoints, result.checkpoints, repro.events, result.events),
    firstDifferingEvent: differing,
    result,
  };
}
