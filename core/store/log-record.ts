import { assert } from '../assert';
import { show } from '../errors';
import { chunkId } from './chunks';
import type { LogRecord } from './name-node';
import { checkName } from './validate';

// Edit-log records are checked before they are appended: a record the name
// node cannot replay would keep it from ever starting again. A bad record is
// a bug in the name node (nothing from the wire is logged unchecked), so it
// is an assertion: a violation in simulation, a logged event on a real host,
// and never on disk.

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const isPositive = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 1;

/** Throws (an assertion) unless `rec` is a record the name node can replay. */
export function checkLogRecord(rec: LogRecord): void {
  const r = rec as unknown as Record<string, unknown>;
  assert(r !== null && typeof r === 'object', `edit log: a record must be an object, got ${show(rec)}`);
  switch (r.op) {
    case 'reserve':
      assert(isPositive(r.upTo), `edit log: reserve needs upTo >= 1, got ${show(r.upTo)}`);
      return;
    case 'delete':
      assert(validName(r.name), `edit log: delete of a bad name ${show(r.name)}`);
      return;
    case 'commit': {
      assert(validName(r.name), `edit log: commit of a bad name ${show(r.name)}`);
      assert(isPositive(r.version) && isPositive(r.gen) && isCount(r.size), `edit log: commit ${show(r.name)} needs version, gen >= 1 and size >= 0, got ${show([r.version, r.gen, r.size])}`);
      assert(Array.isArray(r.chunks) && r.chunks.length >= 1, `edit log: commit ${show(r.name)} needs at least one chunk`);
      let total = 0;
      (r.chunks as unknown[]).forEach((c, i) => {
        const m = c as Record<string, unknown>;
        assert(m !== null && typeof m === 'object' && m.index === i && m.id === chunkId(r.gen as number, i), `edit log: commit ${show(r.name)}: chunk ${i} is ${show(c)}, not ${chunkId(r.gen as number, i)}`);
        assert(isCount(m.size) && typeof m.checksum === 'string' && m.checksum.length > 0, `edit log: commit ${show(r.name)}: chunk ${i} needs a size and a checksum`);
        total += m.size as number;
      });
      assert(total === r.size, `edit log: commit ${show(r.name)}: chunks hold ${total} bytes, the record says ${show(r.size)}`);
      return;
    }
    default:
      assert(false, `edit log: unknown record op ${show(r.op)}`);
  }
}

function validName(name: unknown): boolean {
  try {
    checkName('edit log', name);
    return true;
  } catch {
    return false;
  }
}
