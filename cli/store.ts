import { readFileSync, writeFileSync } from 'node:fs';
import { show } from '../core/errors';
import { CliUsageError, parseFlags, type FlagSpec, type ParsedArgs } from './args';
import { EXIT_OK, EXIT_UNKNOWN, EXIT_USAGE, EXIT_VIOLATION } from './exit-codes';
import type { CliIo } from './io';
import type { Verb } from './verb';

// `actorsim store upload|update|get|delete|status`: a short-lived client of a
// real cluster (real/). It connects over TCP, runs one operation through the
// store's own StoreClient, prints, and exits. `status` prints the same text
// the simulator prints (renderStatusText). Exit codes: 0 done, 1 the store
// refused or failed it, 2 bad input, 3 outcome unknown (no answer in time:
// the write may or may not have happened).

const SUBCOMMANDS = ['upload', 'update', 'get', 'delete', 'status'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

const STORE_FLAGS: readonly FlagSpec[] = [
  { name: 'dir', type: 'string', value: 'D', description: 'the cluster folder (its cluster.json names the nodes)' },
  { name: 'addr', type: 'string', value: 'HOST:PORT', description: 'instead of --dir: any node of the cluster; the layout is asked from it' },
  { name: 'secret-file', type: 'string', value: 'F', description: 'with --addr: the cluster\'s shared secret' },
  { name: 'file', type: 'string', value: 'F', description: 'upload, update: the content, from a UTF-8 text file' },
  { name: 'content', type: 'string', value: 'S', description: 'upload, update: the content' },
  { name: 'out', type: 'string', value: 'F', description: 'get: write the content to F instead of stdout' },
  { name: 'json', type: 'boolean', description: 'status: print the status as JSON' },
  { name: 'timeout-ms', type: 'string', value: 'MS', range: '1..600000', default: "the cluster's client timeout", description: 'give up (outcome unknown) after this long' },
];

const ALLOWED: Record<Sub, readonly string[]> = {
  upload: ['file', 'content'],
  update: ['file', 'content'],
  get: ['out'],
  delete: [],
  status: ['json'],
};
const CONNECTION_FLAGS = ['dir', 'addr', 'secret-file', 'timeout-ms'];

/** Client-side refusals of the input itself: bad input, exit 2. */
const INPUT_CODES: ReadonlySet<string> = new Set(['INVALID_NAME', 'INVALID_CONTENT', 'CONTENT_TOO_LARGE']);

function subcommand(args: ParsedArgs): Sub {
  const sub = args.positionals[0]!;
  if (!(SUBCOMMANDS as readonly string[]).includes(sub)) throw new CliUsageError(`unknown subcommand ${show(sub)} (expected ${SUBCOMMANDS.join(', ')})`);
  const s = sub as Sub;
  for (const f of STORE_FLAGS) {
    if (args.has(f.name) && !CONNECTION_FLAGS.includes(f.name) && !ALLOWED[s].includes(f.name)) {
      throw new CliUsageError(`--${f.name} does not apply to store ${s}`);
    }
  }
  const wantsName = s !== 'status';
  if (wantsName && args.positionals.length !== 2) throw new CliUsageError(`store ${s} needs an artifact NAME`);
  if (!wantsName && args.positionals.length > 1) throw new CliUsageError(`unexpected argument ${show(args.positionals[1])} for store status`);
  if (args.has('dir') && args.has('addr')) throw new CliUsageError('give --dir or --addr, not both');
  if (!args.has('dir') && !args.has('addr')) throw new CliUsageError('--dir D (the cluster folder) or --addr HOST:PORT is required');
  if (args.has('secret-file') && !args.has('addr')) throw new CliUsageError('--secret-file goes with --addr (a cluster folder names its own secret file)');
  if (s === 'upload' || s === 'update') {
    if (args.has('file') === args.has('content')) throw new CliUsageError(`store ${s} needs exactly one of --file F or --content S`);
  }
  return s;
}

function parseAddr(text: string): { host: string; port: number } {
  const m = /^(.+):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[2]) : Number.NaN;
  if (!m || port < 1 || port > 65535) throw new CliUsageError(`--addr must be HOST:PORT with a port in 1..65535, got ${show(text)}`);
  return { host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port };
}

function readContent(args: ParsedArgs): string {
  const content = args.string('content');
  if (content !== undefined) return content;
  const file = args.string('file')!;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliUsageError(`--file ${show(file)}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliUsageError(`--file ${show(file)} is not UTF-8 text (the store keeps text content)`);
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseFlags('store', argv, STORE_FLAGS, { min: 1, max: 2, names: 'upload|update|get|delete NAME, or status' });
  const sub = subcommand(args);
  const name = args.positionals[1];
  const content = sub === 'upload' || sub === 'update' ? readContent(args) : null;
  const timeoutMs = args.has('timeout-ms') ? args.integer('timeout-ms', { min: 1, max: 600_000, default: 1 }) : undefined;
  const addr = args.has('addr') ? parseAddr(args.string('addr')!) : null;
  const secretFile = args.string('secret-file');
  const log = (line: string) => io.err(`actorsim store: ${line}\n`);

  const real = await import('../real');
  let conn: Awaited<ReturnType<typeof real.connectStore>>;
  if (addr) {
    const secret = secretFile !== undefined ? real.readSecretFile(secretFile) : null;
    let layoutJson: unknown;
    try {
      layoutJson = await real.fetchLayout(addr, { self: `@client-${process.pid}`, secret, maxFrameBytes: real.DEFAULT_MAX_FRAME_BYTES, timeoutMs: timeoutMs ?? 5000 });
    } catch (err) {
      io.err(`actorsim store ${sub}: ${(err as Error).message}\n`);
      return EXIT_VIOLATION;
    }
    const layout = real.checkLayout(`the layout from ${args.string('addr')}`, layoutJson);
    conn = await real.connectStore(layout, { secret, log, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  } else {
    const { cluster } = real.openClusterFile(args.string('dir')!);
    const nn = cluster.runDir ? real.processTable(cluster).find((r) => r.name === cluster.nameNode) : undefined;
    if (nn && !nn.running) {
      io.err(`actorsim store ${sub}: the name node (${nn.name}) is not running${nn.pid !== null ? ` (pid ${nn.pid} has exited)` : ''}; see actorsim cluster status --dir ${args.string('dir')}\n`);
      return EXIT_VIOLATION;
    }
    conn = await real.connectToCluster(cluster, { log, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  }
  try {
    const c = conn.client;
    switch (sub) {
      case 'upload':
      case 'update': {
        const { version } = sub === 'upload' ? await c.upload(name!, content!) : await c.update(name!, content!);
        io.out(`${sub === 'upload' ? 'uploaded' : 'updated'} ${JSON.stringify(name)}: version ${version}, ${Buffer.byteLength(content!, 'utf8')} bytes\n`);
        return EXIT_OK;
      }
      case 'get': {
        const text = await c.get(name!);
        const out = args.string('out');
        if (out !== undefined) {
          writeFileSync(out, text, 'utf8');
          io.out(`wrote ${Buffer.byteLength(text, 'utf8')} bytes of ${JSON.stringify(name)} to ${out}\n`);
        } else {
          io.out(text);
        }
        return EXIT_OK;
      }
      case 'delete':
        await c.delete(name!);
        io.out(`deleted ${JSON.stringify(name)}\n`);
        return EXIT_OK;
      case 'status': {
        const status = await c.status();
        const { renderStatusText } = await import('../core/store/status');
        io.out(args.flag('json') ? JSON.stringify(status, null, 2) + '\n' : renderStatusText(status) + '\n');
        return EXIT_OK;
      }
    }
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const outcome = (err as { outcome?: unknown }).outcome;
    if (typeof code === 'string' && INPUT_CODES.has(code)) throw new CliUsageError((err as Error).message);
    const message = (err as Error).message;
    const note = outcome === 'unknown' && !/outcome unknown/.test(message) ? ' (outcome unknown: it may have happened)' : '';
    io.err(`actorsim store ${sub}: ${typeof code === 'string' ? `${code}: ` : ''}${message}${note}\n`);
    return outcome === 'unknown' ? EXIT_UNKNOWN : EXIT_VIOLATION;
  } finally {
    await conn.close();
  }
}

export const storeVerb: Verb = {
  name: 'store',
  usage: 'upload|update NAME (--file F | --content S) | get NAME [--out F] | delete NAME | status [--json]   (--dir D | --addr HOST:PORT)',
  summary: `a client of a real cluster (see actorsim cluster); exit ${EXIT_OK} done, ${EXIT_VIOLATION} failed, ${EXIT_USAGE} bad input, ${EXIT_UNKNOWN} outcome unknown`,
  flags: STORE_FLAGS,
  run,
};
