import { Actor, type ActorHandle, type Ref } from '../../core/actors';
import { loadState, sealState, type Stored, type Value, type Version } from './stored-state';

// A primary-backup register with a deterministic view-change protocol. View v's
// primary is replicas[v mod n]. The primary replicates every write to all other
// replicas and acknowledges once all of them acked; a read is confirmed by all
// of them (none has moved to a later view). A replica that hears no heartbeat
// for a while starts the next view it is primary of: every other replica must
// accept (adopting the candidate's state, which holds every acknowledged write
// because writes reach everyone) before it serves.

export type { Value, Version } from './stored-state';

export interface PbOptions {
  names: string[];
  heartbeatMs: number;
  suspectMs: number;
  rpcTimeoutMs: number;
}

export type Reply = { ok: true; value?: Value } | { ok: false; why: 'not-primary' | 'incomplete'; view: number };

const newer = (a: Version, b: Version): boolean => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

export class Replica extends Actor {
  protected state: Stored;
  protected active = false;
  protected nextSeq = 0;
  protected committed: { version: Version; value: Value };
  private lastHeardMs = 0;
  private readonly me: number;
  /** Counter of the last durable-state write (picks the slot). */
  private writes: number;

  constructor(protected readonly o: PbOptions) {
    super();
    this.me = o.names.indexOf(this.ctx.name!);
    // The disk survives a crash: a restarted replica remembers its view and value.
    const loaded = loadState((key) => this.ctx.disk.get(key));
    this.state = loaded.state;
    this.writes = loaded.n;
    this.committed = { version: this.state.version, value: this.state.value };
    this.active = this.ctx.incarnation === 0 && this.state.view === 0 && this.me === 0;
    this.lastHeardMs = this.ctx.now();
    this.ctx.setInterval(o.heartbeatMs, () => this.tick()); // determinism-ok: a Host timer
  }

  private persist(): void {
    const { key, record } = sealState(this.state, ++this.writes);
    this.ctx.disk.put(key, record);
  }

  private primaryOf(view: number): number {
    return view % this.o.names.length;
  }

  private peer(i: number): ActorHandle<Replica> {
    return this.ctx.getActor<Replica>(this.o.names[i]!);
  }

  private others(): number[] {
    return this.o.names.map((_, i) => i).filter((i) => i !== this.me);
  }

  /** Enters a later view: steps down as primary. */
  private enter(view: number): void {
    if (view <= this.state.view) return;
    this.state.view = view;
    this.active = false;
    this.persist();
  }

  // ----------------------------------------------------------- client calls

  async write(value: Value): Promise<Reply> {
    if (!this.active) return { ok: false, why: 'not-primary', view: this.state.view };
    const view = this.state.view;
    const version: Version = [view, ++this.nextSeq];
    this.apply(version, value);
    await this.ctx.disk.sync(); // durable here before any replica acknowledges
    const acks = await this.ask(this.others(), (p) => p.call.replicate(view, version, value));
    if (!this.enough(acks)) return { ok: false, why: 'incomplete', view: this.state.view };
    if (newer(version, this.committed.version)) this.committed = { version, value };
    return { ok: true };
  }

  async read(): Promise<Reply> {
    if (!this.active) return { ok: false, why: 'not-primary', view: this.state.view };
    const view = this.state.view;
    const value = this.committed.value;
    const acks = await this.askAll(this.others(), (p) => p.call.confirm(view));
    if (acks < this.others().length || !this.active || this.state.view !== view) return { ok: false, why: 'incomplete', view: this.state.view };
    return { ok: true, value };
  }

  /** How many acks a write needs before it is acknowledged: all other replicas. */
  protected enough(acks: number): boolean {
    return acks === this.others().length;
  }

  private async askAll(peers: number[], send: (p: ActorHandle<Replica>) => Ref<number>): Promise<number> {
    let acks = 0;
    await Promise.all(peers.map((i) => this.ctx.get(send(this.peer(i)), { timeoutMs: this.o.rpcTimeoutMs }).then((v) => void (v === this.state.view ? (acks += 1) : this.enter(v)), () => undefined)));
    return acks;
  }

  /** Sends one call to each peer; resolves with the `true` answers once `enough` says so, or when every answer is in or timed out. */
  private ask(peers: number[], send: (p: ActorHandle<Replica>) => Ref<number>): Promise<number> {
    return new Promise<number>((resolve) => {
      let acks = 0;
      let settled = 0;
      let done = false;
      const finish = () => {
        if (done) return;
        if (settled === peers.length || (acks > 0 && this.enough(acks))) {
          done = true;
          resolve(acks);
        }
      };
      if (peers.length === 0) finish();
      for (const i of peers) {
        this.ctx.get(send(this.peer(i)), { timeoutMs: this.o.rpcTimeoutMs }).then(
          (v) => {
            if (v === this.state.view) acks += 1;
            else this.enter(v);
            settled += 1;
            finish();
          },
          () => {
            settled += 1;
            finish();
          },
        );
      }
    });
  }

  // ------------------------------------------------------------ peer calls

  private apply(version: Version, value: Value): void {
    if (!newer(version, this.state.version)) return;
    this.state.version = version;
    this.state.value = value;
    this.persist();
  }

  /** Returns this replica's view: the sender's view if it accepted, a later one (the sender steps down) if not. */
  // Every acknowledgement waits for the disk: an unsynced write is lost in a crash.
  async replicate(view: number, version: Version, value: Value): Promise<number> {
    if (view < this.state.view) return this.state.view;
    this.enter(view);
    this.lastHeardMs = this.ctx.now();
    this.apply(version, value);
    await this.ctx.disk.sync();
    return view;
  }

  async confirm(view: number): Promise<number> {
    if (view < this.state.view) return this.state.view;
    this.enter(view);
    this.lastHeardMs = this.ctx.now();
    await this.ctx.disk.sync();
    return view;
  }

  async heartbeat(view: number): Promise<void> {
    if (view < this.state.view) return;
    this.enter(view);
    this.lastHeardMs = this.ctx.now();
    await this.ctx.disk.sync();
  }

  async startView(view: number, version: Version, value: Value): Promise<{ ok: boolean; view: number }> {
    if (view <= this.state.view) return { ok: false, view: this.state.view };
    this.enter(view);
    this.lastHeardMs = this.ctx.now();
    // The candidate holds every acknowledged write: its state wins.
    this.state.version = version;
    this.state.value = value;
    this.persist();
    await this.ctx.disk.sync();
    return { ok: true, view };
  }

  // ----------------------------------------------------------- view changes

  private tick(): void {
    if (this.active) {
      for (const i of this.others()) this.peer(i).tell.heartbeat(this.state.view);
      return;
    }
    const n = this.o.names.length;
    const rank = (this.me - this.primaryOf(this.state.view) - 1 + n) % n;
    if (this.ctx.now() - this.lastHeardMs > this.o.suspectMs * (1 + rank)) void this.candidate();
  }

  private async candidate(): Promise<void> {
    const n = this.o.names.length;
    let view = this.state.view + 1;
    while (this.primaryOf(view) !== this.me) view++;
    this.enter(view);
    this.lastHeardMs = this.ctx.now();
    const { version, value } = this.state;
    // Every other replica must accept, the old primary too: then all of them
    // start the view holding the candidate's state (a replica that only heard
    // of the view from a heartbeat would otherwise keep an older one).
    const needed = this.others();
    const replies = await Promise.all(
      needed.map((i) =>
        this.ctx.get(this.peer(i).call.startView(view, version, value), { timeoutMs: this.o.rpcTimeoutMs }).then(
          (r) => r,
          () => ({ ok: false, view: -1 }),
        ),
      ),
    );
    for (const r of replies) if (r.view > this.state.view) this.enter(r.view);
    if (this.state.view !== view || replies.some((r) => !r.ok) || n < 2) return;
    this.active = true;
    this.nextSeq = 0;
    this.committed = { version: [...this.state.version], value: this.state.value };
  }
}
