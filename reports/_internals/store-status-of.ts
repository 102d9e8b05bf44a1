import type { StoreStatus } from '../../core/store/status';
import type { RunResult } from '../../scenarios/result';

// A run result's `status` is scenario-specific (unknown); the store's scenarios
// put a StoreStatus there. This reads it when it has that shape, else null.

export function storeStatusOf(result: RunResult): StoreStatus | null {
  const s = result.status as Partial<StoreStatus> | null | undefined;
  if (s === null || typeof s !== 'object') return null;
  if (!Array.isArray(s.nodes) || !Array.isArray(s.artifacts)) return null;
  if (s.summary === null || typeof s.summary !== 'object') return null;
  return s as StoreStatus;
}
