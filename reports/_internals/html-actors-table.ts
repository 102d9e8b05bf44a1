import type { ReportActor } from '../report-input';
import { escapeHtml } from './escape-html';
import { uptimeMs } from './format';

// The actors table in the manner of Ray's dashboard: one row per actor with its
// id, class, name, node, state, restarts, uptime in virtual time and last death.

export function htmlActorsTable(actors: readonly ReportActor[], endMs: number): string {
  const rows = actors.map((a) => {
    const uptime = uptimeMs(a, endMs);
    const death = a.diedAtMs === null ? '' : `${a.diedAtMs}ms${a.deathCause !== null ? `: ${a.deathCause}` : ''}`;
    return (
      `<tr data-class="${escapeHtml(a.className)}" data-node="${escapeHtml(a.node)}">` +
      `<td class="mono">${escapeHtml(a.id)}</td><td>${escapeHtml(a.className)}</td><td class="mono">${escapeHtml(a.name ?? '')}</td>` +
      `<td class="mono">${escapeHtml(a.node)}</td><td><span class="badge state-${escapeHtml(a.state)}">${escapeHtml(a.state)}</span></td>` +
      `<td class="num">${a.restarts}</td><td class="num">${uptime === null ? '-' : `${uptime}ms`}</td><td>${escapeHtml(death)}</td></tr>`
    );
  });
  return (
    '<table id="actors"><thead><tr><th>ID</th><th>Class</th><th>Name</th><th>Node</th><th>State</th><th class="num">Restarts</th><th class="num">Uptime</th><th>Last death</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}
