// Figures shared by the renderers: virtual ms, messages per operation, actor uptime.

export function formatMs(ms: number | null): string {
  return ms === null ? '-' : `${ms}ms`;
}

/** Messages per client operation, Maelstrom's `msgs-per-op`; null without operations. */
export function perOperation(messages: number, operations: number): string | null {
  return operations > 0 ? (messages / operations).toFixed(2) : null;
}

/** Uptime of an actor in virtual time: to the end of the run when alive, to its death otherwise. */
export function uptimeMs(actor: { state: string; startedAtMs: number | null; diedAtMs: number | null }, endMs: number): number | null {
  if (actor.startedAtMs === null) return null;
  if (actor.state === 'ALIVE') return Math.max(0, endMs - actor.startedAtMs);
  if (actor.diedAtMs !== null && actor.diedAtMs >= actor.startedAtMs) return actor.diedAtMs - actor.startedAtMs;
  return null;
}
