import { Actor } from '../actors/actor';
import type { ActorHandle } from '../actors/handle';
import { DiskError } from '../actors/disk-error';
import { assert } from '../assert';
import { StoreError } from './errors';
import { checksum } from './chunks';
import type { NameNodeApi } from './name-node-api';
import type { StoreOptions } from './options';
import { STORE_FAULT_SITES, STORE_MARKS } from './marks';
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
  /** Held chunks that could not be read at the last try (a read error): reported lost until they read again. */
  private readonly unreadable = new Set<string>();

  constructor(protected readonly options: StoreOptions) {
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
    else if (this.ctx.buggify(STORE_FAULT_SITES.droppedHeartbeat)) return; // BUGGIFY: as if the network lost it
    else this.nameNode()?.tell.heartbeat(this.stamp(), this.ctx.self<StorageApi>());
  }

  /**
   * Verifies the next slice of the held chunks (at least one; a node holding
   * less than the budget is verified whole). Bytes gone or wrong are dropped
   * for good; a chunk that cannot be read right now is kept but reported lost
   * until it reads again. One bad chunk never stops the scan. Returns the ids lost.
   */
  private verifySlice(): string[] {
    const ids = [...this.held.keys()];
    const budget = Math.ceil((SCAN_BYTES_PER_SECOND * this.options.blockReportIntervalMs) / 1000);
    const lost: string[] = [];
    let spent = 0;
    let n = 0;
    for (; n < ids.length && (n === 0 || spent < budget); n++) {
      const id = ids[(this.scanFrom + n) % ids.length]!;
      spent += this.held.get(id)!.size;
      if (!this.check(id)) lost.push(id);
    }
    this.scanFrom = ids.length === 0 ? 0 : (this.scanFrom + n) % ids.length;
    // Unreadable ones are retried at every report (few, and they may read again).
    for (const id of this.unreadable) if (!lost.includes(id) && !this.check(id)) lost.push(id);
    return lost;
  }

  /** Loads one held chunk: true if sound; else it is dropped (gone or wrong) or marked unreadable. */
  private check(id: string): boolean {
    const r = this.load(id);
    if (r.status === 'ok') {
      this.unreadable.delete(id);
      return true;
    }
    if (r.status === 'unreadable') this.unreadable.add(id);
    else {
      this.held.delete(id);
      this.unreadable.delete(id);
    }
    return false;
  }

  /**
   * Squares the record with the disk's list of keys (no data read; HDFS's
   * directory scanner): a chunk on disk the node did not record (put there
   * behind its back, or found at start) is read, verified and then held or
   * dropped; a recorded one gone from the disk is dropped. Returns the ids lost.
   */
  private reconcile(): string[] {
    const lost: string[] = [];
    const onDisk = new Set<string>();
    for (const key of this.ctx.disk.keys(CHUNK_PREFIX)) {
      const id = key.slice(CHUNK_PREFIX.length);
      onDisk.add(id);
      if (this.held.has(id)) continue;
      const r = this.load(id);
      if (r.status === 'ok') this.held.set(id, { id, gen: r.chunk.gen, checksum: r.chunk.checksum, size: r.chunk.size });
      else if (r.status !== 'unreadable') lost.push(id); // unreadable and not yet known: tried again next report
    }
    for (const id of [...this.held.keys()]) {
      if (onDisk.has(id)) continue;
      this.held.delete(id);
      this.unreadable.delete(id);
      this.seq += 1;
      lost.push(id);
    }
    return lost;
  }

  /**
   * What the node holds, for a block report: the recorded sound replicas, and
   * those lost since the last report (missing, unreadable, garbage or rotted),
   * after reconciling with the disk and verifying a slice.
   */
  protected scan(): { chunks: ReportedChunk[]; lost: string[] } {
    const lost = [...this.reconcile(), ...this.verifySlice()];
    const chunks = [...this.held.values()].filter((c) => !this.unreadable.has(c.id));
    return { chunks, lost };
  }

  /** Full report: every sound replica, and each lost one reported as such. */
  private sendReport(): void {
    const { chunks, lost } = this.scan();
    if (lost.length > 0) this.ctx.log('warn', `block scan: ${lost.length} replicas missing, unreadable or corrupt (${lost.join(', ')})`);
    this.ctx.log('debug', `block report: ${chunks.length} replicas, seq ${this.seq}`);
    const nn = this.nameNode();
    if (!nn) return;
    for (const id of lost) nn.tell.reportCorrupt(this.stamp(), id);
    const stamp = this.stamp();
    const send = () => nn.tell.blockReport(stamp, chunks, this.ctx.self<StorageApi>());
    // BUGGIFY: the report leaves up to a heartbeat interval after it was made (a busy node), stale
    // if the node wrote or deleted since: the name node must go by its sequence number.
    if (this.ctx.buggify(STORE_FAULT_SITES.lateBlockReport)) this.ctx.setTimer(1 + this.ctx.random.int(this.options.heartbeatIntervalMs), send);
    else send();
    // BUGGIFY: the same report twice, as a duplicating network delivers it.
    if (this.ctx.buggify(STORE_FAULT_SITES.blockReportTwice)) send();
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
      if (err instanceof DiskError) {
        this.ctx.mark(STORE_MARKS.replicaUnreadable);
        return { status: 'unreadable' };
      }
      throw err;
    }
    if (isStoredChunk(v) && v.id === id && this.intact(v)) return { status: 'ok', chunk: v };
    if (v !== undefined) this.ctx.mark(STORE_MARKS.replicaDroppedCorrupt);
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
    this.held.set(chunk.id, { id: chunk.id, gen: chunk.gen, checksum: chunk.checksum, size: chunk.size });
    this.unreadable.delete(chunk.id);
    await this.ctx.disk.sync(); // acknowledged only once durable
    this.seq += 1;
    const stamp = this.stamp();
    // BUGGIFY: the ack leaves late (a busy node), up to half an RPC timeout; it is durable already.
    if (this.ctx.buggify(STORE_FAULT_SITES.lateWriteAck)) await this.ctx.sleep(1 + this.ctx.random.int(Math.max(1, Math.floor(this.options.rpcTimeoutMs / 2))));
    return { stamp };
  }

  readChunk(id: string): ReadReply {
    if (!this.ctx.disk.has(CHUNK_PREFIX + id)) {
      // Held but gone from the disk (a real disk can lose a file): the name node re-replicates.
      if (this.held.delete(id)) {
        this.unreadable.delete(id);
        this.seq += 1;
        this.nameNode()?.tell.reportCorrupt(this.stamp(), id);
      }
      return { status: 'missing' };
    }
    const r = this.load(id);
    if (r.status === 'ok') {
      this.unreadable.delete(id);
      return r;
    }
    if (r.status === 'unreadable') this.unreadable.add(id);
    else {
      this.held.delete(id);
      this.unreadable.delete(id);
    }
    // Never serve rot: tell the name node, which re-replicates from a good copy.
    this.ctx.log('warn', `read of ${id}: replica ${r.status}; told the name node`);
    this.nameNode()?.tell.reportCorrupt(this.stamp(), id);
    return r.status === 'unreadable' ? { status: 'missing' } : r;
  }

  async deleteChunk(id: string): Promise<WriteAck> {
    this.held.delete(id);
    this.unreadable.delete(id);
    if (this.ctx.disk.delete(CHUNK_PREFIX + id)) {
      await this.ctx.disk.sync();
      this.seq += 1;
      this.ctx.log('info', `deleted replica ${id} as the name node ordered`);
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
