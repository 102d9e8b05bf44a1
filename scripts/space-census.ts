// How often the swarm's seeds reach each dimension of the widened space
// (issue 15): `node bin/ts.js scripts/space-census.ts [--seeds N] [--from S]`.
// Reads only the seeds' draws (options and workloads), never runs them.
import { Streams } from '../sim';
import { drawSwarmOptions } from '../scenarios/swarm-options';
import { drawWorkload } from '../scenarios/workload';
import { splitContent } from '../core/store';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

const seeds = flag('seeds', 2000);
const from = flag('from', 1);
const count = { seeds, rOne: 0, reportPastDeadTimeout: 0, reportApartFromHeartbeat: 0, astralContent: 0, emptyContent: 0, over16Chunks: 0, chunksOf5BytesOrLess: 0, hotName: 0, classic: 0 };
for (let seed = from; seed < from + seeds; seed++) {
  const o = drawSwarmOptions(seed);
  const writes = drawWorkload(new Streams(seed).get('workload'), o).filter((w) => w.content !== undefined).map((w) => w.content!);
  if (o.replicationFactor === 1) count.rOne += 1;
  if (o.blockReportIntervalMs > o.deadTimeoutMs) count.reportPastDeadTimeout += 1;
  if (o.blockReportIntervalMs !== o.heartbeatIntervalMs * 4) count.reportApartFromHeartbeat += 1;
  if (writes.some((c) => /[\ud800-\udbff]/.test(c))) count.astralContent += 1;
  if (writes.some((c) => c === '')) count.emptyContent += 1;
  if (writes.some((c) => splitContent(c, o.chunkSizeBytes, 1).meta.length > 16)) count.over16Chunks += 1;
  if (o.chunkSizeBytes <= 5) count.chunksOf5BytesOrLess += 1;
  if (o.hotNamePercent > 0) count.hotName += 1;
  const widened = o.replicationFactor === 1 || o.blockReportIntervalMs !== o.heartbeatIntervalMs * 4 || o.alphabet !== 'basic' || o.emptyContentPercent > 0 || o.contentChunksMax > 4 || o.hotNamePercent > 0;
  if (!widened) count.classic += 1;
}
console.log(JSON.stringify(count));
