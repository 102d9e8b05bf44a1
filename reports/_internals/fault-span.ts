import type { ReportData } from '../../scenarios/result';

// What a fault row says: when it ends and whom it hits.

export type ReportFault = ReportData['faults'][number];

export function faultEndMs(f: ReportFault): number {
  return f.atMs + Math.max(0, f.durationMs);
}

/** `s2`, `[c1, c2]`, or `network` for faults that hit every link (loss, delay, duplicate). */
export function faultTarget(f: ReportFault): string {
  if (f.node !== undefined) return f.node;
  if (f.group !== undefined) return `[${f.group.join(', ')}]`;
  return 'network';
}
