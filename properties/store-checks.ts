import type { CheckViolation } from './violation';
import { checkAvailability } from './availability';
import { FaultTimeline, type FaultSpanInput } from './fault-timeline';
import type { History } from './history';
import { checkLocatability } from './locatability';
import { checkStatusTruth } from './status-truth';
import { storeBounds, type StoreSample, type StoreTiming } from './store-sample';

// The three checkers that judge the store while faults rage (availability,
// locatability, status truth) over one run's plain data: samples, history,
// fault schedule and options. A scenario calls this once at the end.

export interface StoreSampleChecksInput {
  samples: readonly StoreSample[];
  history: History;
  schedule: readonly FaultSpanInput[];
  store: StoreTiming;
  nameNode: string;
  storageNodes: readonly string[];
  clientNode: (process: number) => string;
  healedAtMs: number;
  convergedAtMs: number | null;
  /** Leave one out (tests show what the others alone report). */
  skip?: ReadonlyArray<'availability' | 'locatability' | 'status-truth'>;
}

export function checkStoreSamples(i: StoreSampleChecksInput): CheckViolation[] {
  const timeline = new FaultTimeline(i.schedule, { nameNode: i.nameNode, healAtMs: i.healedAtMs });
  const bounds = storeBounds(i.store);
  const skip = new Set(i.skip ?? []);
  const common = { samples: i.samples, timeline, bounds, nameNode: i.nameNode };
  return [
    ...(skip.has('availability') ? [] : checkAvailability({ ...common, history: i.history, clientNode: i.clientNode, healedAtMs: i.healedAtMs, settleMs: i.store.safeModeMs + i.store.deadTimeoutMs + bounds.learnMs, convergedAtMs: i.convergedAtMs })),
    ...(skip.has('locatability') ? [] : checkLocatability({ ...common, history: i.history, storageNodes: i.storageNodes })),
    ...(skip.has('status-truth') ? [] : checkStatusTruth({ ...common, storageNodes: i.storageNodes })),
  ];
}
