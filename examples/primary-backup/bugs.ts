import { Replica } from './replica';

// The bug variant: the primary acknowledges a write once one backup acked,
// not all of them. A view change to a backup that missed it loses the write.

export class AckAfterOneReplica extends Replica {
  protected override enough(acks: number): boolean {
    return acks >= 1;
  }
}
