import { InvalidArgumentError, show } from '../errors';

// The store's tunables. Times are virtual milliseconds in simulation and real
// milliseconds on a real host.

export interface StoreOptions {
  /** Replicas per chunk on distinct storage nodes (R). */
  replicationFactor: number;
  chunkSizeBytes: number;
  maxContentBytes: number;
  heartbeatIntervalMs: number;
  /** A storage node silent this long is dead; its replicas stop counting. */
  deadTimeoutMs: number;
  /** Full block reports from each storage node this often. */
  blockReportIntervalMs: number;
  /** After a name node restart: how long it waits for block reports before judging replicas missing. */
  safeModeMs: number;
  /** Timeout of one name node → storage node call. */
  rpcTimeoutMs: number;
  /** Whole-operation deadline of a client call; past it the outcome is unknown. */
  clientTimeoutMs: number;
  /** Re-replication copies started per name node tick at most. */
  maxCopiesPerTick: number;
}

export const DEFAULT_STORE_OPTIONS: StoreOptions = {
  replicationFactor: 3,
  chunkSizeBytes: 64,
  maxContentBytes: 16 * 1024 * 1024,
  heartbeatIntervalMs: 100,
  deadTimeoutMs: 500,
  blockReportIntervalMs: 400,
  safeModeMs: 600,
  rpcTimeoutMs: 300,
  clientTimeoutMs: 3000,
  maxCopiesPerTick: 16,
};

export function checkStoreOptions(api: string, o: Partial<StoreOptions>): StoreOptions {
  if (o === null || typeof o !== 'object') throw new InvalidArgumentError(`${api}: store options must be an object, got ${show(o)}`);
  for (const key of Object.keys(o)) {
    if (!(key in DEFAULT_STORE_OPTIONS)) throw new InvalidArgumentError(`${api}: unknown store option ${show(key)}`);
  }
  const out = { ...DEFAULT_STORE_OPTIONS, ...o };
  for (const [key, value] of Object.entries(out)) {
    if (!Number.isInteger(value) || (value as number) < 1) {
      throw new InvalidArgumentError(`${api}: ${key} must be an integer >= 1, got ${show(value)}`);
    }
  }
  if (out.deadTimeoutMs <= out.heartbeatIntervalMs) {
    throw new InvalidArgumentError(`${api}: deadTimeoutMs (${out.deadTimeoutMs}) must exceed heartbeatIntervalMs (${out.heartbeatIntervalMs})`);
  }
  return out;
}
