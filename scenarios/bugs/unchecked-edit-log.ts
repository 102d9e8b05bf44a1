import { NameNode } from '../../core/store';
import { EDIT_LOG } from '../../core/store/edit-log';
import type { Replay } from '../../core/store/edit-log';
import type { BugVariant } from './bug-variant';

// Source: this project's issue 12 (one changed hex digit in a committed
// edit-log record, still valid JSON, made a restarted name node delete every
// good replica of an acknowledged artifact); HDFS-1382-class edit log
// corruption read back as good. The records are written framed as usual, but
// replay trusts whatever parses: no checksum, no sequence check, one copy.
class UncheckedEditLogNameNode extends NameNode {
  protected override replay(): Replay {
    const records: unknown[] = [];
    for (const raw of this.ctx.disk.readLog(EDIT_LOG)) {
      if (typeof raw !== 'string') continue;
      const json = raw.split(' ').slice(3).join(' '); // after seq, length and checksum
      try {
        records.push(JSON.parse(json));
      } catch {
        // Unparsable: skipped (a torn tail, it assumes).
      }
    }
    return { records, notes: [] };
  }
}

export const uncheckedEditLog: BugVariant = {
  name: 'unchecked-edit-log',
  description: 'replays the edit log without record checksums or sequence numbers: a rotted record that still parses is acted on',
  source: 'issue 12 (edit-log record with a changed hex digit); HDFS-1382 class',
  faultClass: 'disk',
  classes: { nameNodeClass: UncheckedEditLogNameNode },
};
