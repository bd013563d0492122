/**
 * Typed errors for every layer. Nothing below a CLI's main.ts calls process.exit: code throws a
 * LoopError carrying a stable `code` (for tests and JSON output) and the `exitCode` the CLI should
 * use (CONTRACT.md, "Exit codes"). `hint` is the "what to do next" line shown to the user.
 */
/**
 * Marks every LoopError, so one made by a copy of this module is still recognised: `loop` ships as separate
 * bundles (main.cjs and one file per verb, scripts/bundle-cli.mjs), each with its own LoopError class.
 */
const BRAND = Symbol.for('loopdeck.LoopError');

export class LoopError extends Error {
  readonly [BRAND] = true;
  readonly code: string;
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(code: string, message: string, opts: { exitCode?: number; hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'LoopError';
    this.code = code;
    this.exitCode = opts.exitCode ?? 1;
    this.hint = opts.hint;
  }
}

/** A usage problem (bad flag, missing argument): exit 2 unless the verb's contract says otherwise. */
export class UsageError extends LoopError {
  constructor(message: string, opts: { exitCode?: number; hint?: string } = {}) {
    super('usage', message, { exitCode: opts.exitCode ?? 2, hint: opts.hint });
    this.name = 'UsageError';
  }
}

/** True for any LoopError (or subclass), also one from another bundle's copy of this module (see BRAND). */
export function isLoopError(e: unknown): e is LoopError {
  return e instanceof LoopError || (e instanceof Error && (e as unknown as Record<symbol, unknown>)[BRAND] === true);
}

/** One-line description of any thrown value, for events and logs. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
