import { InvalidArgumentError, show } from '../errors';

// Checks of API arguments shared by spawn, remote, get, wait and timers.

export function checkRetries(api: string, field: string, n: number): void {
  if (!Number.isInteger(n) || n < -1) throw new InvalidArgumentError(`${api}: ${field} must be an integer >= -1 (-1 = unlimited), got ${show(n)}`);
}

export function checkDelay(api: string, ms: number): void {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new InvalidArgumentError(`${api}: must be a finite number of ms >= 0, got ${show(ms)}`);
}
