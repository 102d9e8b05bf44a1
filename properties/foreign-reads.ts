import type { History } from './history';
import type { CheckViolation } from './violation';

// Safety: no get returns bytes that were never written to that name. A get's
// content must equal the content of some upload or update of the same name
// invoked before the get completed.

export function checkForeignReads(history: History): CheckViolation[] {
  const out: CheckViolation[] = [];
  const written = new Map<string, Set<string>>();
  for (const e of history) {
    if (e.type === 'invoke' && (e.op === 'upload' || e.op === 'update')) {
      const [name, content] = e.args as [string, string];
      let s = written.get(name);
      if (!s) written.set(name, (s = new Set()));
      s.add(content);
    } else if (e.type === 'ok' && e.op === 'get') {
      const name = e.args[0] as string;
      const content = e.result;
      if (typeof content !== 'string' || !written.get(name)?.has(content)) {
        out.push({
          kind: 'foreign-read',
          message: `get ${JSON.stringify(name)} by client ${e.process} at ${e.timeMs}ms returned ${JSON.stringify(String(content)).slice(0, 60)}, which was never written to that name`,
          timeMs: e.timeMs,
          name,
        });
      }
    }
  }
  return out;
}
