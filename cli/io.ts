// Where the CLI writes, passed into every verb so tests can run verbs in
// process and read what they printed. Colour and progress follow the usual
// conventions: only on a TTY, never when NO_COLOR is set (https://no-color.org).

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** stdout is a terminal: progress lines may be shown. */
  readonly isTTY: boolean;
  /** ANSI colours allowed on stdout. */
  readonly color: boolean;
}

export function noColorRequested(env: NodeJS.ProcessEnv): boolean {
  const v = env.NO_COLOR;
  return v !== undefined && v !== '';
}

/** A reader that went away (`actorsim bugs | head -3`) ends the command quietly, as Unix tools do. */
function writeOut(text: string): void {
  try {
    process.stdout.write(text);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
    throw err;
  }
}

let pipeWatched = false;

export function processIo(): CliIo {
  const isTTY = process.stdout.isTTY === true;
  if (!pipeWatched) {
    pipeWatched = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
  return {
    out: writeOut,
    err: (text) => void process.stderr.write(text),
    isTTY,
    color: isTTY && !noColorRequested(process.env),
  };
}

/** An io that records what was written, for tests. */
export interface MemoryIo extends CliIo {
  readonly stdout: string;
  readonly stderr: string;
}

export function memoryIo(options: { isTTY?: boolean; color?: boolean } = {}): MemoryIo {
  let stdout = '';
  let stderr = '';
  return {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    isTTY: options.isTTY ?? false,
    color: options.color ?? false,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;
export type Colour = keyof typeof CODES;

export function paint(io: CliIo, colour: Colour, text: string): string {
  return io.color ? `\x1b[${CODES[colour]}m${text}\x1b[0m` : text;
}

/** One self-overwriting status line on a TTY; a no-op elsewhere. Call done() before printing results. */
export interface Progress {
  update(line: string): void;
  done(): void;
}

export function progressLine(io: CliIo, enabled: boolean): Progress {
  if (!enabled || !io.isTTY) return { update: () => {}, done: () => {} };
  let shown = false;
  return {
    update(line) {
      io.out(`\r\x1b[K${line}`);
      shown = true;
    },
    done() {
      if (shown) io.out('\r\x1b[K');
      shown = false;
    },
  };
}
