import { NameNode } from '../../core/store';
import type { LogRecord } from '../../core/store/name-node';
import type { BugVariant } from './bug-variant';

// Source: the "fsync later" class: Redis appendfsync everysec, MongoDB writes
// with j:false, PostgreSQL synchronous_commit=off: a commit acknowledged once
// written to the page cache, made durable by a background sync. A crash in
// between loses acknowledged writes.
class AckBeforeSyncNameNode extends NameNode {
  private syncArmed = false;

  /** Appends and applies at once; a background sync runs within 400 ms. */
  protected override async commit(rec: LogRecord): Promise<void> {
    this.appendRecord(rec);
    this.apply(rec);
    if (!this.syncArmed) {
      this.syncArmed = true;
      this.ctx.setTimer(400, () => {
        this.syncArmed = false;
        return this.ctx.disk.sync();
      });
    }
  }
}

export const ackBeforeSync: BugVariant = {
  name: 'ack-before-sync',
  description: 'acknowledges edit-log commits before they are synced (a background sync follows; a name node crash in between loses acknowledged writes)',
  source: 'fsync-later durability modes: Redis appendfsync everysec, MongoDB j:false',
  classes: { nameNodeClass: AckBeforeSyncNameNode },
};
