import { NameNode } from '../../core/store';
import type { LogRecord } from '../../core/store/name-node';
import type { BugVariant } from './bug-variant';

// Source: HDFS-3652 (edit log not synced before the namespace change is acknowledged).
class LazyEditLogNameNode extends NameNode {
  /** Applies and acknowledges at once; the edit log append happens later, and a crash in between forgets it. */
  protected override async commit(rec: LogRecord): Promise<void> {
    if (rec.op === 'reserve') return super.commit(rec);
    this.apply(rec);
    void this.ctx.sleep(300).then(() => {
      this.appendRecord(rec);
      return this.ctx.disk.sync();
    });
  }
}

export const lazyEditLog: BugVariant = {
  name: 'lazy-edit-log',
  description: 'acknowledges metadata changes before they are in the edit log on disk (a name node crash forgets them)',
  source: 'HDFS-3652 (edit log sync ordering)',
  classes: { nameNodeClass: LazyEditLogNameNode },
};
