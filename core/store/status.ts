// The cluster's state as `status()` returns it: nodes, artifacts with the
// replicas of every chunk, and an fsck-style summary with a verdict.

export type NodeState = 'ALIVE' | 'DEAD' | 'RESTARTING';
export type ChunkState = 'OK' | 'UNDER_REPLICATED' | 'OVER_REPLICATED' | 'MISSING';
export type Verdict = 'HEALTHY' | 'DEGRADED' | 'CORRUPT';

export interface NodeStatus {
  id: string;
  state: NodeState;
  /** Virtual ms since the last heartbeat or report; null if never heard from. */
  lastHeartbeatAgeMs: number | null;
  chunkCount: number;
  bytes: number;
  /** New incarnations the name node has seen. */
  restarts: number;
}

export interface ChunkStatus {
  id: string;
  index: number;
  size: number;
  checksum: string;
  replicas: string[];
  state: ChunkState;
  /** Replicas found corrupt since the last healthy report (being replaced). */
  corruptReplicas: string[];
}

export interface ArtifactStatus {
  name: string;
  version: number;
  size: number;
  chunkCount: number;
  chunks: ChunkStatus[];
}

export interface StatusSummary {
  artifacts: number;
  chunks: number;
  totalBytes: number;
  replicationTarget: number;
  averageReplication: number;
  underReplicated: number;
  overReplicated: number;
  missing: number;
  corrupt: number;
  safeMode: boolean;
  verdict: Verdict;
}

export interface StoreStatus {
  timeMs: number;
  nodes: NodeStatus[];
  artifacts: ArtifactStatus[];
  summary: StatusSummary;
  /** What the name node must tell an operator: edit-log repairs, replicas flagged instead of deleted. Absent when none. */
  notes?: string[];
}

/** The text the CLI prints: a node table, the chunk map, and the fsck summary. */
export function renderStatusText(s: StoreStatus): string {
  const lines: string[] = [];
  lines.push(`cluster status at ${s.timeMs}ms`);
  lines.push('  nodes:');
  lines.push(`    ${pad('node', 10)} ${pad('state', 10)} ${pad('heartbeat', 10)} ${pad('chunks', 7)} ${pad('bytes', 8)} restarts`);
  for (const n of s.nodes) {
    const age = n.lastHeartbeatAgeMs === null ? '-' : `${n.lastHeartbeatAgeMs}ms`;
    lines.push(`    ${pad(n.id, 10)} ${pad(n.state, 10)} ${pad(age, 10)} ${pad(String(n.chunkCount), 7)} ${pad(String(n.bytes), 8)} ${n.restarts}`);
  }
  lines.push('  artifacts:');
  if (s.artifacts.length === 0) lines.push('    (none)');
  for (const a of s.artifacts) {
    lines.push(`    ${JSON.stringify(a.name)} v${a.version} ${a.size} bytes, ${a.chunkCount} chunks`);
    for (const c of a.chunks) {
      const mark = c.state === 'OK' ? '' : `  <- ${c.state}`;
      const corrupt = c.corruptReplicas.length ? ` corrupt on [${c.corruptReplicas.join(', ')}]` : '';
      lines.push(`      #${c.index} ${pad(c.id, 10)} ${pad(String(c.size) + 'B', 5)} on [${c.replicas.join(', ')}]${corrupt}${mark}`);
    }
  }
  const m = s.summary;
  lines.push(
    `  summary: ${m.artifacts} artifacts, ${m.chunks} chunks, ${m.totalBytes} bytes, replication ${m.averageReplication.toFixed(2)}/${m.replicationTarget}, ` +
      `under-replicated ${m.underReplicated}, over-replicated ${m.overReplicated}, missing ${m.missing}, corrupt ${m.corrupt}${m.safeMode ? ', SAFE MODE' : ''}`,
  );
  lines.push(`  verdict: ${verdictExplained(m)}`);
  for (const n of s.notes ?? []) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

/**
 * The verdict with the counts behind it, in the chunk map's own words: fsck's
 * CORRUPT means some chunk is MISSING (no replica left to read), DEGRADED that
 * chunks are under- or over-replicated or have corrupt copies being replaced.
 */
export function verdictExplained(m: StatusSummary): string {
  const n = (k: number, what: string) => `${k} chunk${k === 1 ? '' : 's'} ${what}`;
  const why: string[] = [];
  if (m.missing > 0) why.push(n(m.missing, 'MISSING'));
  if (m.underReplicated > 0) why.push(n(m.underReplicated, 'UNDER_REPLICATED'));
  if (m.overReplicated > 0) why.push(n(m.overReplicated, 'OVER_REPLICATED'));
  if (m.corrupt > 0) why.push(`${m.corrupt} corrupt replica${m.corrupt === 1 ? '' : 's'} being replaced`);
  return why.length === 0 ? m.verdict : `${m.verdict} (${why.join(', ')})`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}
