import type { ReportFault } from '../report-input';

// What a fault row says: when it ends, whom it hits, and whether it happened.

export function faultEndMs(f: ReportFault): number {
  return f.atMs + Math.max(0, f.durationMs);
}

/** `s2`, `[c1, c2]`, the role a vetoed fault named, or `network` for faults that hit every link (loss, delay, duplicate). */
export function faultTarget(f: ReportFault): string {
  if (f.node !== undefined) return f.node;
  if (f.group !== undefined) return `[${f.group.join(', ')}]`;
  if (f.role !== undefined) return f.role;
  return 'network';
}

/** The kind, marked when the fault was vetoed as it fired. */
export function faultKind(f: ReportFault): string {
  return f.applied === false ? `${f.kind} (vetoed)` : f.kind;
}
