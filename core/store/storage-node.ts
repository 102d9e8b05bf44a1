import { Actor } from '../actors/actor';
import type { ActorHandle } from '../actors/handle';
import { assert } from '../assert';
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

  protected stamp(): NodeStamp {
    return { node: this.ctx.node, boot: this.boot, seq: this.seq };
  }

  private beat(): void {
    this.beats += 1;
    if (this.beats % this.reportEvery === 0) this.sendReport();
    else this.nameNode()?.tell.heartbeat(this.stamp(), this.ctx.self<StorageApi>());
  }

  /** Full report; verifies every replica first (a scanner, as HDFS's) so rot is found without a read. */
  private sendReport(): void {
    const chunks: ReportedChunk[] = [];
    const corrupt: string[] = [];
    for (const key of this.ctx.disk.keys(CHUNK_PREFIX)) {
      const c = this.ctx.disk.get(key) as StoredChunk;
      if (!this.intact(c)) {
        this.ctx.disk.delete(key);
        this.seq += 1;
        corrupt.push(c.id);
        continue;
      }
      chunks.push({ id: c.id, gen: c.gen, checksum: c.checksum, size: c.size });
    }
    const nn = this.nameNode();
    if (!nn) return;
    for (const id of corrupt) nn.tell.reportCorrupt(this.stamp(), id);
    nn.tell.blockReport(this.stamp(), chunks, this.ctx.self<StorageApi>());
  }

  requestReport(): void {
    this.sendReport();
  }

  writeChunk(chunk: StoredChunk): WriteAck {
    assert(typeof chunk.id === 'string', 'writeChunk: chunk id must be a string');
    if (checksum(chunk.data) !== chunk.checksum) throw new Error(`writeChunk ${chunk.id}: data does not match its checksum`);
    this.ctx.disk.put(CHUNK_PREFIX + chunk.id, chunk);
    this.seq += 1;
    return { stamp: this.stamp() };
  }

  readChunk(id: string): ReadReply {
    const c = this.ctx.disk.get(CHUNK_PREFIX + id) as StoredChunk | undefined;
    if (!c) return { status: 'missing' };
    if (!this.intact(c)) {
      // Never serve rot: drop the replica and tell the name node, which re-replicates.
      this.ctx.disk.delete(CHUNK_PREFIX + id);
      this.seq += 1;
      this.nameNode()?.tell.reportCorrupt(this.stamp(), id);
      return { status: 'corrupt' };
    }
    return { status: 'ok', chunk: c };
  }

  deleteChunk(id: string): WriteAck {
    if (this.ctx.disk.delete(CHUNK_PREFIX + id)) this.seq += 1;
    return { stamp: this.stamp() };
  }

  /** Re-replication: fetch a replica from `source`, verify it, keep it. */
  async copyChunk(id: string, gen: number, sum: string, source: ActorHandle<StorageApi>, rpcTimeoutMs: number): Promise<WriteAck> {
    const reply = await this.ctx.get(source.call.readChunk(id), { timeoutMs: rpcTimeoutMs });
    if (reply.status !== 'ok') throw new Error(`copyChunk ${id}: source ${source.node} has it ${reply.status}`);
    const c = reply.chunk;
    if (c.gen !== gen || c.checksum !== sum || checksum(c.data) !== sum) throw new Error(`copyChunk ${id}: source replica does not match gen ${gen} checksum ${sum}`);
    return this.writeChunk(c);
  }
}
