import type { StoreStatus } from '../../core/store/status';
import { escapeHtml } from './escape-html';

// The chunk placement map: one row per chunk of every artifact, one column per
// storage node, a mark where the name node places a replica (a cross where it
// is known corrupt). Rows of chunks that are not OK are highlighted; the header
// gives each node's state and the footer what it stores.

export function htmlPlacementMap(status: StoreStatus | null, nodeIds: readonly string[]): string {
  const nodes = status?.nodes ?? [];
  const ids = nodeIds.length > 0 ? nodeIds : nodes.map((n) => n.id);
  const nodeOf = (id: string): StoreStatus['nodes'][number] | undefined => nodes.find((n) => n.id === id);
  const head = ids
    .map((id) => {
      const state = nodeOf(id)?.state ?? '';
      return `<th class="node state-col-${escapeHtml(state)}" data-node="${escapeHtml(id)}">${escapeHtml(id)}<br><span class="small">${escapeHtml(state)}</span></th>`;
    })
    .join('');
  const rows: string[] = [];
  for (const a of status?.artifacts ?? []) {
    for (const c of a.chunks) {
      const cells = ids
        .map((id) => {
          const corrupt = c.corruptReplicas.includes(id);
          const held = c.replicas.includes(id);
          const cls = corrupt ? 'cell corrupt' : held ? 'cell replica' : 'cell';
          return `<td class="${cls}" data-node="${escapeHtml(id)}">${corrupt ? '✗' : held ? '●' : ''}</td>`;
        })
        .join('');
      rows.push(
        `<tr class="chunk chunk-${escapeHtml(c.state)}"><th class="chunk-name"><span class="mono">${escapeHtml(a.name)}</span> v${a.version} #${c.index}` +
          ` <span class="small mono">${escapeHtml(c.id)} ${c.size}B</span></th>${cells}<td class="chunk-state">${escapeHtml(c.state)} ${c.replicas.length}</td></tr>`,
      );
    }
  }
  if (rows.length === 0) rows.push(`<tr><td class="empty" colspan="${ids.length + 2}">no artifacts stored at the end of the run</td></tr>`);
  const foot = ids
    .map((id) => {
      const n = nodeOf(id);
      return `<td class="small" data-node="${escapeHtml(id)}">${n ? `${n.chunkCount} ch<br>${n.bytes} B` : ''}</td>`;
    })
    .join('');
  const target = status ? `R=${status.summary.replicationTarget}` : '';
  return (
    `<table id="placement"><thead><tr><th>artifact · chunk</th>${head}<th>state ${escapeHtml(target)}</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody><tfoot><tr><th>stored</th>${foot}<td></td></tr></tfoot></table>`
  );
}
