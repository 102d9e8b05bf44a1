import type { ReportGrid, ReportTone } from '../report-input';
import { escapeHtml } from './escape-html';

// A grid of the final state (the store's chunk placement map): one row per
// item, one column per place, a mark where the item is (a cross where it is
// bad). Rows and column heads are highlighted by tone; the footer says what
// each column holds, and a legend under the table what marks and tones mean.

/** Row and swatch backgrounds per tone (the page's style sheet uses the same). */
export const TONE_BACKGROUND: Readonly<Record<ReportTone, string>> = { warn: '#fff3d6', bad: '#ffd9d9', info: '#e6f0ff', good: '#e8f5e9' };

export function htmlGrid(g: ReportGrid): string {
  const id = escapeHtml(g.name);
  const head = g.columns
    .map((c) => `<th class="column${c.tone ? ` tone-${c.tone}` : ''}" data-column="${escapeHtml(c.id)}">${escapeHtml(c.id)}<br><span class="small">${escapeHtml(c.note)}</span></th>`)
    .join('');
  const rows = g.rows.map((r) => {
    const cells = g.columns
      .map((c, i) => {
        const mark = r.cells[i] ?? '';
        return `<td class="cell${mark ? ` ${mark}` : ''}" data-column="${escapeHtml(c.id)}">${mark === 'bad' ? '✗' : mark === 'mark' ? '●' : ''}</td>`;
      })
      .join('');
    return (
      `<tr class="row${r.tone ? ` tone-${r.tone}` : ''}"><th class="row-name"><span class="mono">${escapeHtml(r.label)}</span> ${escapeHtml(r.note)}` +
      ` <span class="small mono">${escapeHtml(r.detail)}</span></th>${cells}<td class="row-state">${escapeHtml(r.state)}</td></tr>`
    );
  });
  if (rows.length === 0) rows.push(`<tr><td class="empty" colspan="${g.columns.length + 2}">${escapeHtml(g.empty)}</td></tr>`);
  const foot = g.columns.map((c) => `<td class="small" data-column="${escapeHtml(c.id)}">${c.foot.map(escapeHtml).join('<br>')}</td>`).join('');
  const legend = g.legend.tones.map((t) => `<span class="swatch" style="background:${TONE_BACKGROUND[t.tone]}"></span>${escapeHtml(t.text)}`).join('');
  return (
    `<table id="${id}" class="grid"><thead><tr><th>${escapeHtml(g.corner)}</th>${head}<th>${escapeHtml(g.stateHeading)}</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody><tfoot><tr><th>${escapeHtml(g.footHeading)}</th>${foot}<td></td></tr></tfoot></table>` +
    `<div class="legend-row">${escapeHtml(g.legend.marks)}${legend}</div>`
  );
}
