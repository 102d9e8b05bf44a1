import { NameNode } from '../../core/store';
import type { LogRecord } from '../../core/store/name-node';
import type { BugVariant } from './bug-variant';

// Source: GFS §4.5 (stale replicas served to clients): reads served from a version the name node has already superseded.
class StaleReadNameNode extends NameNode {
  /** Logs an update and acknowledges it, but the metadata readers see catches up only later. */
  protected override async commit(rec: LogRecord): Promise<void> {
    if (rec.op === 'commit' && this.artifacts.has(rec.name)) {
      this.appendRecord(rec);
      await this.ctx.disk.sync();
      void this.ctx.sleep(150).then(() => this.apply(rec));
      return;
    }
    return super.commit(rec);
  }
}

export const staleRead: BugVariant = {
  name: 'stale-read',
  description: 'serves gets from the previous version for a while after an update is acknowledged (version not checked)',
  source: 'GFS paper §4.5 (stale replica detection)',
  classes: { nameNodeClass: StaleReadNameNode },
};
