import { Actor } from '../../core/actors';

// One replica of an ABD quorum register (Attiya, Bar-Noy, Dolev): it keeps the
// value with the highest timestamp it has seen, on its disk so a crash keeps it.

export type Value = number | string | null;
/** [counter, writer]: totally ordered, unique per write. */
export type Stamp = [number, number];

export interface Tagged {
  stamp: Stamp;
  value: Value;
}

export const later = (a: Stamp, b: Stamp): boolean => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

export class QuorumReplica extends Actor {
  private current: Tagged = (this.ctx.disk.get('register') as Tagged | undefined) ?? { stamp: [0, -1], value: null };

  get(): Tagged {
    return this.current;
  }

  /** Acknowledged only once durable: an unsynced write is lost in a crash, and a stamp must never go back. */
  async put(t: Tagged): Promise<boolean> {
    if (later(t.stamp, this.current.stamp)) {
      this.current = { stamp: [t.stamp[0], t.stamp[1]], value: t.value };
      this.ctx.disk.put('register', this.current);
      await this.ctx.disk.sync();
    }
    return true;
  }
}
