// Every error actorsim raises is an ActorsimError with a stable `code`, so that
// callers and checkers branch on the code, never on message text.

/** @internal Marks a TaskError re-parented onto its original error's class (see TaskError.wrap). */
export const TASK_ERROR_BRAND: unique symbol = Symbol('TaskError');

export class ActorsimError extends Error {
  /**
   * Ordinary instanceof, plus: a TaskError whose prototype chain is its
   * original error's class (so it is `instanceof RangeError` too, as Ray's
   * RayTaskError is an instance of the original class) is still an
   * ActorsimError and a TaskError.
   */
  static override [Symbol.hasInstance](x: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, x)) return true;
    return (
      x !== null &&
      typeof x === 'object' &&
      (x as Record<symbol, unknown>)[TASK_ERROR_BRAND] === true &&
      (this === ActorsimError || (this as { isTaskErrorClass?: boolean }).isTaskErrorClass === true)
    );
  }

  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A bad argument to a public API: the message names the API and the value. */
export class InvalidArgumentError extends ActorsimError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}

/** An internal invariant broke. Raised by `assert`; the kernel reports it as a violation. */
export class AssertionFailedError extends ActorsimError {
  constructor(message: string) {
    super('ASSERTION_FAILED', message);
  }
}

/**
 * Why a user's module failed to load, for an error message: its first lines
 * (a compiler's diagnostics come after a heading line), not a whole stack.
 */
export function loadFailure(err: unknown, maxLines = 8): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  return lines.slice(0, maxLines).join('\n') + (lines.length > maxLines ? '\n...' : '');
}

/** Renders a value for an error message: short, and showing strings quoted. */
export function show(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'number') text = String(value); // JSON would print NaN and Infinity as null
  else if (typeof value === 'function') text = `function ${value.name || '(anonymous)'}`;
  else if (value === undefined) text = 'undefined';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
