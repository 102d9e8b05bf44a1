import { Actor } from '../actors/actor';
import type { ActorHandle } from '../actors/handle';
import { DiskError } from '../actors/disk-error';
import { assert } from '../assert';
import { StoreError } from './errors';
import { checksum } from './chunks';
import type { NameNodeApi } from './name-node-api';
import type { StoreOptions } from './options';
import { CHUNK_PREFIX, NAME_NODE, NodeStamp, ReadReply, ReportedChunk, StorageApi, StoredChunk, WriteAck } from './protocol';

// A storage node: keeps chunk replicas on its node's disk with their
// checksums, verifies every read, heartbeats the name node and sends full
// block reports on start and periodically (as HDFS DataNodes do).

export class StorageNode extends Actor implements StorageApi {
  private readonly boot: string;
  private seq = 0;
  private beats = 0;
  private readonly reportEvery: number;

  constructor(private readonly options: StoreOptions) {
    super();
    this.boot = this.bootId();
    this.reportEvery = Math.max(1, Math.round(options.blockReportIntervalMs / options.heartbeatIntervalMs));
    this.ctx.setInterval(options.heartbeatIntervalMs, () => this.beat()); // determinism-ok: the Host's timer via ctx
    this.sendReport();
  }

  /** New per incarnation, so the name node can tell a restarted node (and its empty or old disk) from a live one. */
  protected bootId(): string {
    return `${this.ctx.incarnation}-${this.ctx.random.int(0x7fffffff).toString(36)}`;
  }

  /** Do the bytes still match the checksum they were written with? */
  protected intact(c: StoredChunk): boolean {
    return checksum(c.data) === c.checksum && c.data.length === c.size;
  }

  private nameNode(): ActorHandle<NameNodeApi> | null {
    try {
      return this.ctx.getActor<NameNodeApi>(NAME_NODE);
    } catch {
      return null; // no name node yet: the next beat tries again
    }
  }

  private stamp(): NodeStamp {
    return { node: this.ctx.node, boot: this.boot, seq: this.seq };
  }

  private beat(): void {
    this.beats += 1;
    if (this.beats % this.reportEvery === 0) this.sendReport();
    else this.nameNode()?.tell.heartbeat(this.stamp(), this.ctx.self<StorageApi>());
  }

  /**
   * What the disk holds, verified (a scanner, as HDFS's): sound replicas, and
   * those lost since the last scan (missing, unreadable, garbage or rotted).
   * One bad chunk never stops the scan: the rest are still reported.
   */
  protected scan(): { chunks: ReportedChunk[]; lost: string[] } {
    const chunks: ReportedChunk[] = [];
    const lost: string[] = [];
    for (const key of this.ctx.disk.keys(CHUNK_PREFIX)) {
      const id = key.slice(CHUNK_PREFIX.length);
      const r = this.load(id);
      if (r.status === 'ok') chunks.push({ id: r.chunk.id, gen: r.chunk.gen, checksum: r.chunk.checksum, size: r.chunk.size });
      else lost.push(id);
    }
    return { chunks, lost };
  }

  /** Full report: every sound replica, and each lost one reported as such. */
  private sendReport(): void {
    const { chunks, lost } = this.scan();
    const nn = this.nameNode();
    if (!nn) return;
    for (const id of lost) nn.tell.reportCorrupt(this.stamp(), id);
    nn.tell.blockReport(this.stamp(), chunks, this.ctx.self<StorageApi>());
  }

  /**
   * Reads and verifies one replica. A replica whose bytes are gone or wrong
   * (missing file, garbage, rot) is deleted: it can never become good again.
   * One that cannot be read right now (a read error) is kept: it may read
   * again later, and is reported lost until it does.
   */
  protected load(id: string): ReadReply | { status: 'unreadable' } {
    const key = CHUNK_PREFIX + id;
    let v: unknown;
    try {
      v = this.ctx.disk.get(key);
    } catch (err) {
      if (err instanceof DiskError) return { status: 'unreadable' };
      throw err;
    }
    if (isStoredChunk(v) && v.id === id && this.intact(v)) return { status: 'ok', chunk: v };
    if (this.ctx.disk.delete(key)) this.seq += 1;
    return { status: v === undefined ? 'missing' : 'corrupt' };
  }

  requestReport(): void {
    this.sendReport();
  }

  async writeChunk(chunk: StoredChunk): Promise<WriteAck> {
    assert(typeof chunk.id === 'string', 'writeChunk: chunk id must be a string');
    if (checksum(chunk.data) !== chunk.checksum) throw new StoreError('CORRUPT', `writeChunk ${chunk.id}: data does not match its checksum`);
    this.ctx.disk.put(CHUNK_PREFIX + chunk.id, chunk);
    await this.ctx.disk.sync(); // acknowledged only once durable
    this.seq += 1;
    return { stamp: this.stamp() };
  }

  readChunk(id: string): ReadReply {
    if (!this.ctx.disk.has(CHUNK_PREFIX + id)) return { status: 'missing' };
    const r = this.load(id);
    if (r.status === 'ok') return r;
    // Never serve rot: tell the name node, which re-replicates from a good copy.
    this.nameNode()?.tell.reportCorrupt(this.stamp(), id);
    return r.status === 'unreadable' ? { status: 'missing' } : r;
  }

  async deleteChunk(id: string): Promise<WriteAck> {
    if (this.ctx.disk.delete(CHUNK_PREFIX + id)) {
      await this.ctx.disk.sync();
      this.seq += 1;
    }
    return { stamp: this.stamp() };
  }

  /** Re-replication: fetch a replica from `source`, verify it, keep it. */
  async copyChunk(id: string, gen: number, sum: string, source: ActorHandle<StorageApi>, rpcTimeoutMs: number): Promise<WriteAck> {
    const reply = await this.ctx.get(source.call.readChunk(id), { timeoutMs: rpcTimeoutMs });
    if (reply.status !== 'ok') throw new StoreError('UNAVAILABLE', `copyChunk ${id}: source ${source.node} has it ${reply.status}`);
    const c = reply.chunk;
    if (c.gen !== gen || c.checksum !== sum || checksum(c.data) !== sum) throw new StoreError('CORRUPT', `copyChunk ${id}: source replica does not match gen ${gen} checksum ${sum}`);
    return this.writeChunk(c);
  }
}

function isStoredChunk(v: unknown): v is StoredChunk {
  if (v === null || typeof v !== 'object') return false;
  const c = v as Record<string, unknown>;
  return typeof c.id === 'string' && typeof c.gen === 'number' && typeof c.checksum === 'string' && typeof c.size === 'number' && typeof c.data === 'string';
}
