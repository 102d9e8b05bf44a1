import { QuorumClient } from './client';
import type { Value } from './replica';

// The bug variant: reads ask one replica (the client's "nearest") and skip the
// write-back, so a read can return a value older than one already written.

export class ReadOneClient extends QuorumClient {
  override async read(): Promise<Value> {
    const nearest = this.names[this.id % this.names.length]!;
    return (await this.query([nearest], 1)).value;
  }
}
