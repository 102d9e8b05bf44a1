import type { ReportInput } from '../report-input';

// Where a report's time axes end: the run's end, or a later sample.

export function reportEndMs(input: ReportInput): number {
  let endMs = input.virtualTimeMs;
  for (const c of input.charts) for (const s of c.series) for (const p of s.points) endMs = Math.max(endMs, p.timeMs);
  return endMs;
}
