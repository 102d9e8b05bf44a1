import { CHECKPOINT_EVERY } from '../sim';
import type { ScenarioRepro } from './repro';
import { decodeDigests, firstDifferingEvent, type DifferingEvent } from './event-digests';
import { runScenario, type ScenarioResult } from './run';
import type { Scenario } from './scenario';

// Reruns a repro's explicit run and compares it with what the file recorded:
// the same failure (reproduced), no failure (passes), or a different event
// sequence (diverged, naming the first checkpoint window that differs).

export type ReplayStatus = 'reproduced' | 'passes' | 'diverged';

export interface ScenarioReplay {
  status: ReplayStatus;
  expectedTraceHash: string;
  traceHash: string;
  firstDivergence: [number, number] | null;
  /** The first event that differs, when the file has every event's digest. */
  firstDifferingEvent: DifferingEvent | null;
  result: ScenarioResult<object>;
}

export function rerun(scenario: Scenario, repro: Pick<ScenarioRepro, 'seed' | 'bug' | 'strategy' | 'options' | 'workload' | 'schedule'>, keepTrace = false, keepDigests = false): Promise<ScenarioResult<object>> {
  return runScenario(scenario, { seed: repro.seed, bug: repro.bug, strategy: repro.strategy, overrides: repro.options, workload: repro.workload, schedule: repro.schedule, keepTrace, keepDigests });
}

export async function replayRepro(scenario: Scenario, repro: ScenarioRepro, keepTrace = false): Promise<ScenarioReplay> {
  const withDigests = repro.eventDigests !== undefined;
  let result = await rerun(scenario, repro, keepTrace, withDigests);
  const same = result.traceHash === repro.traceHash;
  let differing: DifferingEvent | null = null;
  if (!same && withDigests) {
    // Once more with the trace kept, to name the event (runs are deterministic: the same run).
    if (!keepTrace) result = await rerun(scenario, repro, true, true);
    differing = firstDifferingEvent(decodeDigests(repro.eventDigests!), decodeDigests(result.eventDigests ?? ''), result.trace);
  }
  let firstDivergence: [number, number] | null = null;
  if (!same) {
    const n = Math.min(repro.checkpoints.length, result.checkpoints.length);
    let i = 0;
    while (i < n && repro.checkpoints[i] === result.checkpoints[i]) i++;
    firstDivergence = i < n ? [i * CHECKPOINT_EVERY, (i + 1) * CHECKPOINT_EVERY] : [n * CHECKPOINT_EVERY, Math.max(repro.events, result.events, n * CHECKPOINT_EVERY)];
  }
  return { status: result.ok ? 'passes' : same ? 'reproduced' : 'diverged', expectedTraceHash: repro.traceHash, traceHash: result.traceHash, firstDivergence, firstDifferingEvent: differing, result };
}
