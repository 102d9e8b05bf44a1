// Reads Jepsen register histories (read / write / cas, as in Jepsen's etcd test
// and Porcupine's test data) into actorsim's History format, one event per line:
//
//   3	:invoke	:cas	[1 2]                        tab or space separated
//   INFO  jepsen.util - 3	:ok	:cas	[1 2]          with a log prefix
//   {:process 3, :type :info, :f :cas, :value [1 2]}  an EDN map per line
//
// Key-value logs in the Knossos/Porcupine format are read too, an EDN map per
// line with a `:key` (Porcupine's kv test data):
//
//   {:process 0, :type :invoke, :f :put, :key "k", :value "v"}
//   {:process 1, :type :ok, :f :get, :key "k", :value "v"}     also :append
//
// So are Jepsen's independent histories, whose values carry the key:
// `:value [k v]` (read, write) and `[k [old new]]` (cas).
// A keyed operation's args are [key], [key, value] or [key, old, new] (the kv
// model's shape).
// `:info` is an unknown outcome. Times are line indexes (0-based); errors give
// 1-based line numbers. Nemesis lines are skipped; blank and `;`/`#` lines too.

import { show } from '../core/errors';
import { HistoryFormatError } from './from-history';
import type { History, HistoryEvent, HistoryEventType } from './history';

export type HistoryFormat = 'actorsim' | 'jepsen';

/**
 * actorsim histories are JSON: an array of events, an object with a `history`
 * array, or JSON lines (objects with quoted keys). Everything else is Jepsen's.
 */
export function detectHistoryFormat(text: string): HistoryFormat {
  const start = text.trimStart();
  if (/^\{\s*"/.test(start)) return 'actorsim';
  if (/^\[\s*(\{\s*"|\])/.test(start)) return 'actorsim';
  return 'jepsen';
}

// --- A small EDN reader: nil, booleans, numbers, strings, keywords, vectors, maps.

interface Keyword {
  keyword: string;
}
type Edn = null | boolean | number | string | Keyword | Edn[] | Map<string, Edn>;

function isKeyword(value: Edn | undefined): value is Keyword {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map);
}

const DELIMITER = /[\s,\[\]{}()"]/;

class EdnReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }

  read(): Edn {
    this.skipSpace();
    const c = this.text.charAt(this.pos);
    if (c === '') throw new Error('unexpected end of line');
    if (c === '[' || c === '(') return this.readSequence(c === '[' ? ']' : ')');
    if (c === '{') return this.readMap();
    if (c === '"') return this.readString();
    const token = this.readToken();
    if (token.startsWith(':') && token.length > 1) return { keyword: token.slice(1) };
    if (token === 'nil') return null;
    if (token === 'true' || token === 'false') return token === 'true';
    if (/^[-+]?\d+(\.\d+)?$/.test(token)) return Number(token);
    throw new Error(`unexpected ${show(token || c)}`);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /[\s,]/.test(this.text.charAt(this.pos))) this.pos += 1;
  }

  private readToken(): string {
    const start = this.pos;
    while (this.pos < this.text.length && !DELIMITER.test(this.text.charAt(this.pos))) this.pos += 1;
    return this.text.slice(start, this.pos);
  }

  private readSequence(close: string): Edn[] {
    this.pos += 1;
    const items: Edn[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text.charAt(this.pos) === close) {
        this.pos += 1;
        return items;
      }
      items.push(this.read());
    }
  }

  private readMap(): Map<string, Edn> {
    this.pos += 1;
    const map = new Map<string, Edn>();
    for (;;) {
      this.skipSpace();
      if (this.text.charAt(this.pos) === '}') {
        this.pos += 1;
        return map;
      }
      const key = this.read();
      if (!isKeyword(key)) throw new Error(`map keys must be keywords, got ${show(key)}`);
      map.set(key.keyword, this.read());
    }
  }

  private readString(): string {
    let out = '';
    for (this.pos += 1; this.pos < this.text.length; this.pos += 1) {
      const c = this.text.charAt(this.pos);
      if (c === '"') {
        this.pos += 1;
        return out;
      }
      if (c === '\\') {
        this.pos += 1;
        const escaped = this.text.charAt(this.pos);
        out += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped;
      } else out += c;
    }
    throw new Error('unterminated string');
  }
}

// --- Lines to events.

interface RawEvent {
  process: Edn | undefined;
  type: Edn | undefined;
  f: Edn | undefined;
  value: Edn | undefined;
  error: Edn | undefined;
  /** The `:key` of a key-value line; undefined when the line has none. */
  key: Edn | undefined;
  hasKey: boolean;
}

const LOG_PREFIX = /^[A-Z]+\s+[\w.$-]+\s+-\s+/; // e.g. "INFO  jepsen.util - "

function readLine(line: string): RawEvent {
  const text = line.trim().replace(LOG_PREFIX, '');
  const reader = new EdnReader(text);
  if (text.startsWith('{')) {
    const map = reader.read();
    if (!(map instanceof Map)) throw new Error('expected a map');
    if (!reader.atEnd()) throw new Error('text after the map');
    return {
      process: map.get('process'),
      type: map.get('type'),
      f: map.get('f'),
      value: map.get('value'),
      error: map.get('error'),
      key: map.get('key'),
      hasKey: map.has('key'),
    };
  }
  const fields: Edn[] = [];
  while (!reader.atEnd()) fields.push(reader.read());
  if (fields.length < 3) throw new Error('expected "process :type :f value"');
  return { process: fields[0], type: fields[1], f: fields[2], value: fields[3], error: fields[4], key: undefined, hasKey: false };
}

const TYPES: Readonly<Record<string, HistoryEventType>> = { invoke: 'invoke', ok: 'ok', fail: 'fail', info: 'unknown' };
const OPS: ReadonlySet<string> = new Set(['read', 'write', 'cas']);
/** Operations of key-value logs: they need a `:key`. */
const KEYED_OPS: ReadonlySet<string> = new Set(['put', 'get', 'append']);

type Scalar = null | boolean | number | string;

function scalar(value: Edn | undefined, what: string): Scalar {
  if (value === undefined) return null;
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  throw new Error(`${what} must be nil, a number or a string, got ${isKeyword(value) ? `:${value.keyword}` : show(value)}`);
}

/**
 * Jepsen's independent checker writes a key into the value: `:value [k v]`
 * for reads and writes, `[k [old new]]` for cas. Read as a `:key`, so that a
 * keyed history is never taken for one register.
 */
function unwrapIndependent(raw: RawEvent, op: string): RawEvent {
  const value = raw.value;
  if (raw.hasKey || !Array.isArray(value) || value.length !== 2) return raw;
  const keyed = op === 'cas' ? Array.isArray(value[1]) : op === 'read' || op === 'write';
  return keyed ? { ...raw, key: value[0], value: value[1], hasKey: true } : raw;
}

function keyOf(raw: RawEvent, op: string): Scalar {
  const key = raw.key;
  if (typeof key === 'string' || typeof key === 'number') return key;
  throw new Error(`the :key of a :${op} must be a string or a number, got ${isKeyword(key) ? `:${key.keyword}` : show(key)}`);
}

function invokeArgs(op: string, raw: RawEvent): unknown[] {
  const value = raw.value;
  // A key first, then the value: the shape per-key models decode. A register
  // model refuses the extra argument rather than mixing keys.
  if (raw.hasKey || KEYED_OPS.has(op)) {
    const key = keyOf(raw, op);
    return op === 'get' || op === 'read' ? [key] : op === 'cas' ? [key, ...invokeArgs(op, { ...raw, hasKey: false })] : [key, scalar(value, `a :${op} value`)];
  }
  if (op === 'read') return [];
  if (op === 'write') return [scalar(value, 'a write value')];
  if (!Array.isArray(value) || value.length !== 2) throw new Error('a cas value must be [old new]');
  return [scalar(value[0], 'a cas old value'), scalar(value[1], 'a cas new value')];
}

function reason(raw: RawEvent): string | undefined {
  for (const candidate of [raw.error, raw.value]) {
    if (isKeyword(candidate)) return candidate.keyword;
    if (typeof candidate === 'string') return candidate;
  }
  return undefined;
}

export function parseJepsenLog(text: string): History {
  const history: History = [];
  const open = new Map<number, { op: string; args: unknown[]; lineNumber: number }>();
  text.split(/\r?\n/).forEach((line, index) => {
    const lineNumber = index + 1;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) return;
    const fail = (what: string): never => {
      throw new HistoryFormatError(`Jepsen log line ${lineNumber}: ${what}: ${show(trimmed)}`);
    };
    let raw: RawEvent;
    try {
      raw = readLine(line);
    } catch (err) {
      return fail(`cannot parse (${(err as Error).message})`);
    }
    if (isKeyword(raw.process) && raw.process.keyword === 'nemesis') return;
    const process = raw.process;
    if (typeof process !== 'number' || !Number.isInteger(process)) return fail('the process must be an integer');
    const type = isKeyword(raw.type) ? TYPES[raw.type.keyword] : undefined;
    if (type === undefined) return fail('the type must be :invoke, :ok, :fail or :info');
    const op = isKeyword(raw.f) ? raw.f.keyword : '';
    raw = unwrapIndependent(raw, op);
    if (!OPS.has(op) && !KEYED_OPS.has(op)) return fail('the operation must be :read, :write or :cas (a register log) or :put, :get or :append with a :key (a key-value log)');
    const pending = open.get(process);
    try {
      if (type === 'invoke') {
        if (pending !== undefined) return fail(`process ${process} invokes :${op} while its :${pending.op} from line ${pending.lineNumber} is still open`);
        const args = invokeArgs(op, raw);
        open.set(process, { op, args, lineNumber });
        history.push({ process, type, op, args, timeMs: index });
        return;
      }
      if (pending === undefined) return fail(`process ${process} completes :${op} but has no open invoke`);
      if (pending.op !== op) return fail(`process ${process} completes :${op} but invoked :${pending.op} on line ${pending.lineNumber}`);
      if (raw.hasKey && pending.args[0] !== keyOf(raw, op)) {
        return fail(`process ${process} completes :${op} on key ${show(raw.key)} but invoked it on key ${show(pending.args[0])} on line ${pending.lineNumber}`);
      }
      open.delete(process);
      const event: HistoryEvent = { process, type, op, args: pending.args, timeMs: index };
      if (type === 'ok' && (op === 'read' || op === 'get')) event.result = scalar(raw.value, `a :${op} value`);
      const why = type === 'fail' ? reason(raw) : undefined;
      if (why !== undefined) event.result = why;
      history.push(event);
    } catch (err) {
      if (err instanceof HistoryFormatError) throw err;
      fail((err as Error).message);
    }
  });
  return history;
}
