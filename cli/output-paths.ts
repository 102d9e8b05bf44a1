import * as fs from 'node:fs';
import * as path from 'node:path';
import { show } from '../core/errors';
import { CliUsageError } from './args';

// Output flags (--failures DIR, --out FILE, --html FILE) are checked before a
// verb runs anything, so a bad path is exit 2 naming the flag and the value,
// never a stack trace after minutes of work, and nothing is written.

/** The nearest existing ancestor of `p` (p itself if it exists). */
function nearestExisting(p: string): string {
  let at = path.resolve(p);
  while (!fs.existsSync(at)) {
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  return at;
}

function checkCreatableUnder(flag: string, value: string, target: string): void {
  const base = nearestExisting(target);
  const st = fs.statSync(base);
  if (!st.isDirectory()) {
    throw new CliUsageError(`${flag}: ${show(value)} cannot be created: ${show(base)} is not a folder`);
  }
  try {
    fs.accessSync(base, fs.constants.W_OK);
  } catch {
    throw new CliUsageError(`${flag}: ${show(value)} cannot be created: ${show(base)} is not writable`);
  }
}

/** A folder the verb will create if needed and write files into. */
export function checkOutputDir(flag: string, dir: string): string {
  if (dir === '') throw new CliUsageError(`${flag}: expected a folder, got ""`);
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new CliUsageError(`${flag}: ${show(dir)} exists and is not a folder`);
    try {
      fs.accessSync(dir, fs.constants.W_OK);
    } catch {
      throw new CliUsageError(`${flag}: ${show(dir)} is not writable`);
    }
    return dir;
  }
  checkCreatableUnder(flag, dir, dir);
  return dir;
}

/** A file the verb will write (replacing a regular file of that name). */
export function checkOutputFile(flag: string, file: string): string {
  if (file === '') throw new CliUsageError(`${flag}: expected a file name, got ""`);
  if (fs.existsSync(file)) {
    if (!fs.statSync(file).isFile()) throw new CliUsageError(`${flag}: ${show(file)} exists and is not a regular file`);
    try {
      fs.accessSync(file, fs.constants.W_OK);
    } catch {
      throw new CliUsageError(`${flag}: ${show(file)} is not writable`);
    }
    return file;
  }
  checkCreatableUnder(flag, file, path.dirname(path.resolve(file)));
  return file;
}
