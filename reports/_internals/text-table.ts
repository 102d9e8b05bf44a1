// A plain text table: columns padded to their widest cell, numbers right-aligned.

export type Align = 'left' | 'right';

export function renderTextTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[], indent = '  '): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    indent +
    widths
      .map((w, c) => {
        const cell = cells[c] ?? '';
        return align[c] === 'right' ? cell.padStart(w) : cell.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
