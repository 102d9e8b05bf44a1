// The human-readable form of a bench report: a block per section, figures
// aligned, integers with thousands separators. Pure: tested on fixed reports.

export interface BenchReportBlock {
  name: string;
  title: string;
  figures: object;
  /** Wall time the section took, for the heading only. */
  wallMs?: number;
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-US') : String(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

export function renderBenchTable(blocks: readonly BenchReportBlock[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    const took = block.wallMs === undefined ? '' : ` (${(block.wallMs / 1000).toFixed(1)} s)`;
    lines.push(`${block.name}: ${block.title}${took}`);
    const rows = Object.entries(block.figures).map(([key, value]) => ({ key, text: formatValue(value), numeric: typeof value === 'number' }));
    const keyWidth = Math.max(0, ...rows.map((r) => r.key.length));
    // Numbers right-aligned among themselves so magnitudes line up; text left-aligned.
    const numberWidth = Math.max(0, ...rows.filter((r) => r.numeric).map((r) => r.text.length));
    for (const r of rows) lines.push(`  ${r.key.padEnd(keyWidth)}  ${r.numeric ? r.text.padStart(numberWidth) : r.text}`);
    lines.push('');
  }
  return lines.join('\n');
}
