import * as fs from 'node:fs';
import * as path from 'node:path';
import { show } from '../core/errors';
import { CliUsageError } from './args';

// Where `run --html FILE` puts its page: checked before the run (a bad path
// fails in a second, not after a long simulation) and written to FILE.tmp,
// then renamed, so FILE is either the whole report or untouched.

/** Throws CliUsageError naming --html and the path when FILE cannot be a new file. */
export function checkHtmlPath(file: string): void {
  if (file === '') throw new CliUsageError('--html needs a file path, got ""');
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new CliUsageError(`--html ${show(file)}: directory ${show(dir)} does not exist`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new CliUsageError(`--html ${show(file)}: is a directory`);
}

export function writeHtmlFile(file: string, html: string): void {
  const tmp = `${file}.tmp`;
  try {
    fs.writeFileSync(tmp, html);
    fs.renameSync(tmp, file);
  } catch (err) {
    try {
      if (fs.statSync(tmp).isFile()) fs.rmSync(tmp);
    } catch {
      // nothing of ours to remove
    }
    throw new CliUsageError(`--html ${show(file)}: cannot write: ${(err as Error).message}`);
  }
}
