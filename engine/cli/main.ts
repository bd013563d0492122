#!/usr/bin/env node
/**
 * `engine` — the loopdeck engine CLI: the daemon and the verbs that talk to it or act on its store.
 * The only place that turns errors into exit codes (CONTRACT.md "Exit codes").
 */
import { Command, CommanderError } from 'commander';
import { hoistGlobalOptions } from '../../substrate/cli/argv.js';
import { isLoopError } from '../../substrate/errors.js';
import { register as watch } from './watch.js';
import { register as start } from './start.js';
import { register as stop } from './stop.js';
import { register as status } from './status.js';
import { register as approve } from './approve.js';
import { register as once } from './once.js';
import { register as events } from './events.js';
import { register as control } from './control.js';

// A reader that stops early (`| head`) closes the pipe: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); throw e; });

const program = new Command('engine')
  .description('loopdeck engine: observe → ingest → checkpoint → brain → gate → act')
  .version('0.1.0')
  .exitOverride()
  .showHelpAfterError('(run with --help for usage)');
for (const r of [watch, start, stop, status, approve, once, events, control]) r(program);
program.commands.forEach((c) => c.exitOverride());

try {
  await program.parseAsync(hoistGlobalOptions(process.argv));
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  if (isLoopError(e)) {
    process.stderr.write(`${/^(error|warning)\b/.test(e.message) ? '' : 'error: '}${e.message}\n`);
    if (e.hint) process.stderr.write(`hint: ${e.hint}\n`);
    process.exit(e.exitCode);
  }
  const name = (e as { name?: string })?.name;
  if (name === 'ProtocolMismatchError' || name === 'EngineUnavailableError' || name === 'EngineRequestError') {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exit(1);
  }
  process.stderr.write(`engine: unexpected error: ${(e as Error)?.stack ?? String(e)}\nplease report this with the command you ran\n`);
  process.exit(70);
}
