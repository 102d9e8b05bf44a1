import { escapeHtml } from './escape-html';

// A key/value table (the run's options, a scenario's figures); nested values as JSON.

export function htmlKeyValueTable(id: string, record: Record<string, unknown>): string {
  const rows = Object.entries(record).map(([k, v]) => {
    let text: string;
    try {
      text = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
    } catch {
      text = String(v);
    }
    return `<tr><th class="mono">${escapeHtml(k)}</th><td class="mono">${escapeHtml(text)}</td></tr>`;
  });
  return `<table id="${escapeHtml(id)}" class="kv"><tbody>${rows.join('') || '<tr><td class="empty">(none)</td></tr>'}</tbody></table>`;
}
