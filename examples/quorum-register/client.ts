import type { ClientContext } from '../../core/actors';
import { OperationFailed, OperationIndeterminate } from '../../harness';
import { later, type QuorumReplica, type Stamp, type Tagged, type Value } from './replica';

// The ABD client protocol, run by each client process: a write asks a majority
// for the highest stamp, then stores a higher one at a majority; a read asks a
// majority for the highest value and writes it back to a majority before
// returning it (so a later read cannot see an older value).

export class QuorumClient {
  constructor(
    protected readonly c: ClientContext,
    protected readonly names: readonly string[],
    protected readonly id: number,
    protected readonly timeoutMs: number,
  ) {}

  protected get majority(): number {
    return Math.floor(this.names.length / 2) + 1;
  }

  protected async query(from: readonly string[], need: number): Promise<Tagged> {
    const got: Tagged[] = [];
    await Promise.all(from.map((n) => this.c.get(this.c.getActor<QuorumReplica>(n).call.get(), { timeoutMs: this.timeoutMs }).then((t) => void got.push(t), () => undefined)));
    // Asking changes nothing: too few answers is a definite failure.
    if (got.length < need) throw new OperationFailed(`only ${got.length} of ${need} replicas answered`);
    return got.reduce((a, b) => (later(b.stamp, a.stamp) ? b : a));
  }

  protected async store(t: Tagged): Promise<void> {
    let acks = 0;
    await Promise.all(this.names.map((n) => this.c.get(this.c.getActor<QuorumReplica>(n).call.put(t), { timeoutMs: this.timeoutMs }).then((ok) => void (ok && (acks += 1)), () => undefined)));
    if (acks < this.majority) throw new OperationIndeterminate(`stored at ${acks} of the ${this.majority} replicas needed`);
  }

  async write(value: Value): Promise<void> {
    const top = await this.query(this.names, this.majority);
    const stamp: Stamp = [top.stamp[0] + 1, this.id];
    await this.store({ stamp, value });
  }

  async read(): Promise<Value> {
    const top = await this.query(this.names, this.majority);
    await this.store(top);
    return top.value;
  }
}
