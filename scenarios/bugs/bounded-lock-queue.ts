import { NameNode } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: a lock whose wait queue is bounded and fails open when full (a
// deadlock "guard" that lets the caller through instead of making it wait or
// refusing it): correct under light contention, a data race under heavy.

/** Writes that may wait for one name's lock at once. */
const WAIT_SLOTS = 3;

class BoundedLockQueueNameNode extends NameNode {
  private readonly held = new Set<string>();
  private readonly waiting = new Map<string, Array<() => void>>();

  /** Bug: a write that finds the wait queue full runs without the lock. */
  protected override async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    let owner = false;
    if (!this.held.has(name)) {
      this.held.add(name);
      owner = true;
    } else {
      let queue = this.waiting.get(name);
      if (!queue) this.waiting.set(name, (queue = []));
      if (queue.length < WAIT_SLOTS) {
        const q = queue;
        await new Promise<void>((wake) => q.push(wake)); // the holder hands the lock over
        owner = true;
      }
    }
    try {
      return await fn();
    } finally {
      if (owner) {
        const next = this.waiting.get(name)?.shift();
        if (next) next();
        else {
          this.held.delete(name);
          this.waiting.delete(name);
        }
      }
    }
  }
}

export const boundedLockQueue: BugVariant = {
  name: 'bounded-lock-queue',
  description: "the per-name write lock's wait queue holds 3 and fails open: a write arriving while 4 others hold or wait runs without the lock (two uploads of one name both succeed)",
  source: 'fail-open bounded lock queue (lock bypassed under contention)',
  needs: 'the widened swarm space: many clients on one name',
  widened: { dimension: 'contention on one hot name', classic: () => ({ hotNamePercent: 0 }) },
  classes: { nameNodeClass: BoundedLockQueueNameNode },
};
