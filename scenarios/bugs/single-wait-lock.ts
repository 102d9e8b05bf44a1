import { NameNode } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: a mutex that waits once (`if`) where it must wait in a loop
// (`while`): every waiter queued behind the same holder resumes together, the
// lost-wakeup class of check-then-act races (Java's Object.wait must be called
// in a loop for the same reason).

class SingleWaitNameNode extends NameNode {
  private readonly holders = new Map<string, Promise<void>>();

  /** Bug: waits for the current holder once; two waiters behind one holder then run at the same time. */
  protected override async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const held = this.holders.get(name);
    if (held) await held;
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    this.holders.set(name, mine);
    try {
      return await fn();
    } finally {
      release();
      if (this.holders.get(name) === mine) this.holders.delete(name);
    }
  }
}

export const singleWaitLock: BugVariant = {
  name: 'single-wait-lock',
  description: 'the per-name write lock waits once instead of in a loop: with two writes queued behind a third, both run at once (two uploads of one name both succeed)',
  source: 'check-then-act lock (wait in `if`, not `while`): lost-wakeup class',
  classes: { nameNodeClass: SingleWaitNameNode },
};
