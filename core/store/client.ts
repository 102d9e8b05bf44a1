import { rethrowAssertion } from '../assert';
import type { ActorHandle } from '../actors/handle';
import type { Ref } from '../actors/ref';
import { ActorsimError } from '../errors';
import { checksum, joinChunks } from './chunks';
import { DEFINITE_FAILURES, StoreError, StoreErrorCode } from './errors';
import type { NameNodeApi } from './name-node-api';
import { DEFAULT_STORE_OPTIONS } from './options';
import { Located, NAME_NODE, StorageApi, StoredChunk, storageActorName } from './protocol';
import type { StoreStatus } from './status';
import { checkContent, checkName } from './validate';
import { STORE_FAULT_SITES, STORE_MARKS } from './marks';

// The store's client: talks to the name node for metadata and to storage nodes
// for chunk bytes (as an HDFS client does). Each call has a deadline; past it
// the outcome is `unknown`, never a false success or a false failure.

/** What the client needs from where it runs: an actor's ctx or a driver-side client context. */
export interface Caller {
  now(): number;
  getActor<T extends object>(name: string): ActorHandle<T>;
  get<T>(ref: Ref<T>, options?: { timeoutMs?: number }): Promise<T>;
  /** Fault points and coverage marks (ctx.buggify, ctx.mark); absent: none. */
  buggify?(site: string): boolean;
  mark?(name: string): void;
}

export interface StoreClientOptions {
  /** Whole-operation deadline (virtual ms in simulation). */
  timeoutMs?: number;
  /** Per storage-node read timeout. */
  readTimeoutMs?: number;
  maxContentBytes?: number;
  /**
   * Retry a write the name node refused as UNAVAILABLE (definitely not done)
   * while the deadline allows (a real cluster; off in simulation by default).
   */
  retryUnavailable?: boolean;
  /**
   * Prefix of the request ids this client puts on its writes, unique among
   * the clients of one name node: a duplicated write request (a retransmission)
   * then runs once (the name node's retry cache). Absent: no ids (a network
   * that never duplicates a request, as TCP, needs none).
   */
  requestIdPrefix?: string;
}

/** A write's deadline grows by this per MiB of content: a large upload takes longer to store R times. */
const EXTRA_MS_PER_MIB = 1000;

export class StoreClient {
  private readonly timeoutMs: number;
  private readonly readTimeoutMs: number;
  private readonly maxContentBytes: number;
  private readonly retryUnavailable: boolean;
  private readonly requestIdPrefix: string | null;
  private requests = 0;

  constructor(private readonly caller: Caller, options: StoreClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_STORE_OPTIONS.clientTimeoutMs;
    this.readTimeoutMs = options.readTimeoutMs ?? DEFAULT_STORE_OPTIONS.rpcTimeoutMs;
    this.maxContentBytes = options.maxContentBytes ?? DEFAULT_STORE_OPTIONS.maxContentBytes;
    this.retryUnavailable = options.retryUnavailable ?? false;
    this.requestIdPrefix = options.requestIdPrefix ?? null;
  }

  /** The next write's request id, or undefined when this client sends none (one per attempt: a retried refusal is a new request). */
  private requestId(): string | undefined {
    return this.requestIdPrefix === null ? undefined : `${this.requestIdPrefix}#${++this.requests}`;
  }

  private nameNode(): ActorHandle<NameNodeApi> {
    return this.caller.getActor<NameNodeApi>(NAME_NODE);
  }

  async upload(name: string, content: string): Promise<{ version: number }> {
    checkName('upload', name);
    checkContent('upload', content, this.maxContentBytes);
    return this.mutate('upload', () => this.nameNode().call.upload(name, content, this.requestId()), content.length);
  }

  async update(name: string, content: string): Promise<{ version: number }> {
    checkName('update', name);
    checkContent('update', content, this.maxContentBytes);
    return this.mutate('update', () => this.nameNode().call.update(name, content, this.requestId()), content.length);
  }

  async delete(name: string): Promise<void> {
    checkName('delete', name);
    await this.mutate('delete', () => this.nameNode().call.delete(name, this.requestId()), 0);
  }

  async status(): Promise<StoreStatus> {
    return this.read('status', this.caller.now() + this.timeoutMs, () => this.nameNode().call.status());
  }

  /** The committed content, each chunk verified; falls back to other replicas, then re-locates. */
  async get(name: string): Promise<string> {
    checkName('get', name);
    const deadline = this.caller.now() + this.timeoutMs;
    let lastProblem = '';
    let failedVersion: number | null = null;
    /** A whole read kept while a BUGGIFY extra round reads again: any read within the call is a valid answer. */
    let kept: string | null = null;
    for (let round = 0; round < 3; round++) {
      let loc: Located;
      try {
        loc = await this.read('get', deadline, () => this.nameNode().call.locate(name));
      } catch (err) {
        rethrowAssertion(err);
        if (kept !== null) return kept;
        throw err;
      }
      if (failedVersion !== null) {
        this.caller.mark?.(STORE_MARKS.getRetried);
        if (loc.version !== failedVersion) this.caller.mark?.(STORE_MARKS.getRetryNewVersion);
      }
      const parts = await Promise.all(loc.chunks.map((c) => this.readChunk(c, deadline)));
      if (parts.every((p): p is string => p !== null)) {
        const content = joinChunks(parts);
        if (kept === null && round < 2 && this.caller.buggify?.(STORE_FAULT_SITES.extraGetRound) === true) {
          kept = content; // BUGGIFY: locate and read once more
          continue;
        }
        return content;
      }
      if (kept !== null) return kept;
      failedVersion = loc.version;
      lastProblem = `chunks ${loc.chunks.filter((_, i) => parts[i] === null).map((c) => c.id).join(', ')} of v${loc.version} had no readable replica`;
      if (this.caller.now() >= deadline) break;
    }
    throw new StoreError('DATA_UNAVAILABLE', `get ${JSON.stringify(name)}: ${lastProblem}`);
  }

  protected async readChunk(c: Located['chunks'][number], deadline: number): Promise<string | null> {
    let tries = 0;
    for (const node of c.nodes) {
      const left = deadline - this.caller.now();
      if (left <= 0) return null;
      if (tries++ > 0) this.caller.mark?.(STORE_MARKS.readFallback);
      try {
        const storage = this.caller.getActor<StorageApi>(storageActorName(node));
        const reply = await this.caller.get(storage.call.readChunk(c.id), { timeoutMs: Math.min(left, this.readTimeoutMs) });
        if (reply.status !== 'ok') continue;
        const chunk = reply.chunk;
        if (!this.accepts(chunk, c)) continue;
        return chunk.data;
      } catch (err) {
        rethrowAssertion(err);
        // Next replica.
      }
    }
    return null;
  }

  /** End-to-end verification: the right chunk, the committed checksum, bytes that match it. */
  protected accepts(chunk: StoredChunk, meta: Located['chunks'][number]): boolean {
    return chunk.id === meta.id && chunk.checksum === meta.checksum && checksum(chunk.data) === meta.checksum;
  }

  /** A read-only call: any failure is a failure (it changed nothing). */
  protected async read<T>(op: string, deadline: number, call: () => Ref<T>): Promise<T> {
    const left = deadline - this.caller.now();
    if (left <= 0) throw new StoreError('TIMEOUT', `${op}: deadline passed`, 'fail');
    try {
      return await this.caller.get(call(), { timeoutMs: left });
    } catch (err) {
      throw toStoreError(op, err, 'fail');
    }
  }

  /** A write: only errors the name node sent on purpose are definite failures; the rest are unknown. */
  private async mutate<T>(op: string, call: () => Ref<T>, contentLength: number): Promise<T> {
    const deadline = this.caller.now() + this.timeoutMs + Math.floor(contentLength / (1024 * 1024)) * EXTRA_MS_PER_MIB;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.caller.get(call(), { timeoutMs: Math.max(1, deadline - this.caller.now()) });
      } catch (err) {
        const e = toStoreError(op, err, 'unknown');
        // Refused as UNAVAILABLE, the write definitely did not happen: trying again is safe.
        if (this.retryUnavailable && attempt < 3 && e.code === 'UNAVAILABLE' && e.outcome === 'fail' && deadline - this.caller.now() > this.timeoutMs / 4) continue;
        throw e;
      }
    }
  }
}

function toStoreError(op: string, err: unknown, otherwise: 'fail' | 'unknown'): StoreError {
  if (err instanceof StoreError) return err;
  const code = err instanceof ActorsimError ? err.code : 'ERROR';
  const original = (err as { originalCode?: string }).originalCode;
  const message = err instanceof Error ? err.message : String(err);
  if (original !== undefined && DEFINITE_FAILURES.has(original)) {
    return new StoreError(original as StoreErrorCode, (err as { originalMessage?: string }).originalMessage ?? message, 'fail');
  }
  if (code === 'GET_TIMEOUT') return new StoreError('TIMEOUT', `${op}: no answer within the deadline (outcome ${otherwise})`, otherwise);
  return new StoreError('NAME_NODE_FAILED', `${op}: ${message}`, otherwise);
}
