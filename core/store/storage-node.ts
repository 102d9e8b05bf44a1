import { Actor } from '../actors/actor';
import type { ActorHandle } from '../actors/handle';
import { assert } from '../assert';
import { checksum } from './chunks';
import type { NameNodeApi } from './name-node-api';
import type { StoreOptions } from './options';
import { CHUNK_PREFIX, NAME_NODE, NodeStamp, ReadReply, ReportedChunk, StorageApi, StoredChunk, WriteAck } from './protocol';

// A storage node: keeps chunk replicas on its node's disk with their
// checksums, verifies every read, heartbeats the name node and sends full
// block reports on start and periodically (as HDFS DataNodes do). A report
// is made from what the node recorded when it wrote each chunk, without
// reading data; a scanner (HDFS's block scanner) verifies the chunks on disk
// round-robin at a bounded rate, a slice before each report, and reports what
// it finds. At start every chunk is read once (reconcile), to learn what is held.

/** Bytes the scanner verifies per second of block-report interval (HDFS scans at about 1 MB/s too). */
const SCAN_BYTES_PER_SECOND = 1024 * 1024;

export class StorageNode extends Actor implements StorageApi {
  private readonly boot: string;
  private seq = 0;
  private beats = 0;
  private readonly reportEvery: number;
  /** What this node holds, as recorded when written: block reports are made from it. */
  private readonly held = new Map<string, ReportedChunk>();
  /** Where the scanner resumes in `held`. */
  private scanFrom = 0;

  constructor(private readonly options: StoreOptions) {
    super();
    this.boot = this.bootId();

    this.reportEvery = Math.max(1, Math.round(options.blockReportIntervalMs / options.heartbeatIntervalMs));
    this.ctx.setInterval(options.heartbeatIntervalMs, () => this.beat()); // determinism-ok: the Host's timer via ctx
    this.ctx.log('info', `storage node up, incarnation ${this.boot}: ${this.ctx.disk.keys(CHUNK_PREFIX).length} chunk replicas on disk`);
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

  /**
   * Verifies the next slice of the held chunks (at least one; a node holding
   * less than the budget is verified whole), dropping what is gone, unreadable
   * or rotten. Returns the ids dropped.
   */
  private scan(): string[] {
    const ids = [...this.held.keys()];
    const budget = Math.ceil((SCAN_BYTES_PER_SECOND * this.options.blockReportIntervalMs) / 1000);
    const corrupt: string[] = [];
    let spent = 0;
    let n = 0;
    for (; n < ids.length && (n === 0 || spent < budget); n++) {
      const id = ids[(this.scanFrom + n) % ids.length]!;
      const c = this.ctx.disk.get(CHUNK_PREFIX + id) as StoredChunk | undefined;
      spent += this.held.get(id)!.size;
      // Gone or unreadable (a real disk can lose a file under the node) counts as corrupt.
      if (c === undefined || c.id !== id || !this.intact(c)) {
        this.ctx.disk.delete(CHUNK_PREFIX + id);
        this.held.delete(id);
        this.seq += 1;
        corrupt.push(id);
      }
    }
    this.scanFrom = ids.length === 0 ? 0 : (this.scanFrom + n) % ids.length;
    return corrupt;
  }

  /**
   * Squares the record with the disk's list of keys (no data read; HDFS's
   * directory scanner): a chunk on disk the node did not record (put there
   * behind its back) is read, verified and then held or dropped; a recorded
   * one gone from the disk is dropped. Returns the ids dropped.
   */
  private reconcile(): string[] {
    const dropped: string[] = [];
    const onDisk = new Set<string>();
    for (const key of this.ctx.disk.keys(CHUNK_PREFIX)) {
      const id = key.slice(CHUNK_PREFIX.length);
      onDisk.add(id);
      if (this.held.has(id)) continue;
      const c = this.ctx.disk.get(key) as StoredChunk | undefined;
      if (c !== undefined && c.id === id && this.intact(c)) {
        this.held.set(id, { id, gen: c.gen, checksum: c.checksum, size: c.size });
      } else {
        this.ctx.disk.delete(key);
        this.seq += 1;
        dropped.push(id);
      }
    }
    for (const id of [...this.held.keys()]) {
      if (onDisk.has(id)) continue;
      this.held.delete(id);
      this.seq += 1;
      dropped.push(id);
    }
    return dropped;
  }

  /** Full report from the recorded holdings, after reconciling with the disk and a slice of scanning. */
  private sendReport(): void {
    const corrupt = [...this.reconcile(), ...this.scan()];
    const chunks = [...this.held.values()];
    if (corrupt.length > 0) this.ctx.log('warn', `block scan: dropped ${corrupt.length} missing or corrupt replicas (${corrupt.join(', ')})`);
    this.ctx.log('debug', `block report: ${chunks.length} replicas, seq ${this.seq}`);
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
    this.held.set(chunk.id, { id: chunk.id, gen: chunk.gen, checksum: chunk.checksum, size: chunk.size });
    this.seq += 1;
    return { stamp: this.stamp() };
  }

  readChunk(id: string): ReadReply {
    const c = this.ctx.disk.get(CHUNK_PREFIX + id) as StoredChunk | undefined;
    if (!c) {
      // Held but gone from the disk (a real disk can lose a file): the name node re-replicates.
      if (this.held.delete(id)) {
        this.seq += 1;
        this.nameNode()?.tell.reportCorrupt(this.stamp(), id);
      }
      return { status: 'missing' };
    }
    if (!this.intact(c)) {
      // Never serve rot: drop the replica and tell the name node, which re-replicates.
      this.ctx.log('warn', `read of ${id}: replica corrupt; dropped it and told the name node`);
      this.ctx.disk.delete(CHUNK_PREFIX + id);
      this.held.delete(id);
      this.seq += 1;
      this.nameNode()?.tell.reportCorrupt(this.stamp(), id);
      return { status: 'corrupt' };
    }
    return { status: 'ok', chunk: c };
  }

  deleteChunk(id: string): WriteAck {
    this.held.delete(id);
    if (this.ctx.disk.delete(CHUNK_PREFIX + id)) {
      this.seq += 1;
      this.ctx.log('info', `deleted replica ${id} as the name node ordered`);
    }
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
