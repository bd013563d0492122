/**
 * What every CLI entry point shares: the program shell (version, exit override, help after an
 * error), argv hoisting, EPIPE tolerance, and turning a thrown error into a message and an exit
 * code (CONTRACT.md "Exit codes"). The caller — a main.ts — does the process.exit.
 */
import { Command, CommanderError } from 'commander';
import { isLoopError } from '../errors.js';

/** A commander program with loopdeck's conventions; `verbs` register themselves on it. */
export function makeProgram(name: string, description: string, verbs: Array<(p: Command) => void>): Command {
  const program = new Command(name).description(description).version('0.1.0').exitOverride().showHelpAfterError('(run with --help for usage)');
  for (const r of verbs) r(program);
  program.commands.forEach((c) => c.exitOverride());
  return program;
}

/** Errors that carry a user-facing message but no exit code of their own (protocol client errors). */
const EXPECTED = new Set(['ProtocolMismatchError', 'EngineUnavailableError', 'EngineRequestError']);

/** Write the error for a person and return the exit code: 2 usage, the LoopError's code, 1, or 70 (a bug). */
export function exitCodeFor(e: unknown, cli: string, write: (s: string) => void = (s) => process.stderr.write(s)): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
  if (isLoopError(e)) {
    write(`${/^(error|warning)\b/.test(e.message) ? '' : 'error: '}${e.message}\n`);
    if (e.hint) write(`hint: ${e.hint}\n`);
    return e.exitCode;
  }
  if (e instanceof Error && EXPECTED.has(e.name)) { write(`error: ${e.message}\n`); return 1; }
  write(`${cli}: unexpected error: ${(e as Error)?.stack ?? String(e)}\nplease report this with the command you ran\n`);
  return 70;
}

/** Parse `argv` (process.argv shape, global options already hoisted: argv.ts) and run; resolves to the exit code to use (0 unless a verb set process.exitCode). */
export async function runProgram(program: Command, argv: string[], cli: string): Promise<number> {
  // A reader that stops early (`| head`) closes the pipe: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code !== 'EPIPE') throw e; process.exitCode = 0; process.stdout.destroy(); });
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    return exitCodeFor(e, cli);
  }
}
