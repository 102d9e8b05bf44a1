import * as fs from 'node:fs';
import * as path from 'node:path';
import { version } from '../package.json';
import { show } from '../core/errors';

// The envelope every repro file shares (the store's and any scenario's): an
// atomic JSON write, and a read that checks it is a JSON object of the
// expected format written by this actorsim version. Each format checks its
// own fields after.

/** Writes `data` as JSON atomically (temp file, then rename): a crash never leaves half a file. */
export function writeJsonAtomically(file: string, data: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(data, null, 1) + '\n');
  fs.renameSync(tmp, file);
}

/** Reads a repro file of `format`; every problem is `fail(message)`, naming the file. */
export function readReproJson(file: string, format: string, fail: (message: string) => Error): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw fail(`cannot read repro file ${show(file)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw fail(`repro file ${show(file)} is not valid JSON (corrupt or truncated?): ${(err as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw fail(`repro file ${show(file)} does not hold a JSON object`);
  const r = data as Record<string, unknown>;
  if (r['format'] !== format) throw fail(`repro file ${show(file)} has format ${show(r['format'])}, expected ${format}`);
  if (r['actorsim'] !== version) throw fail(`repro file ${show(file)} was written by actorsim ${show(r['actorsim'])}; this is ${version}, whose runs may differ`);
  return r;
}

/** Checks a repro record's fields, each by its own test; the first that fails is `fail(message)`, naming the file and field. */
export function checkReproFields<T>(file: string, r: Partial<T>, need: ReadonlyArray<[keyof T & string, (v: unknown) => boolean]>, fail: (message: string) => Error): void {
  for (const [key, ok] of need) {
    if (!ok(r[key])) throw fail(`repro file ${show(file)}: field ${key} is missing or malformed (got ${show(r[key]).slice(0, 80)})`);
  }
}

/** Every event's running digest as repro files carry it: absent (older files) or base64 text. */
export const isDigestText = (v: unknown): boolean => v === undefined || (typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v));
