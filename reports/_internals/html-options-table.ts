import { escapeHtml } from './escape-html';

// A key/value table of the run's options (nested values as JSON).

export function htmlOptionsTable(options: Record<string, unknown>): string {
  const rows = Object.entries(options).map(([k, v]) => {
    let text: string;
    try {
      text = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
    } catch {
      text = String(v);
    }
    return `<tr><th class="mono">${escapeHtml(k)}</th><td class="mono">${escapeHtml(text)}</td></tr>`;
  });
  return `<table id="options" class="kv"><tbody>${rows.join('') || '<tr><td class="empty">(none)</td></tr>'}</tbody></table>`;
}
