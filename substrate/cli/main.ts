#!/usr/bin/env node
/**
 * `loop` — the substrate CLI: drives tmux lanes by hand or from scripts. Each verb lives in its
 * own file and loads its heavy modules lazily, so read verbs start fast. This is the only place
 * that turns errors into exit codes (CONTRACT.md, "Exit codes").
 */
import { Command, CommanderError } from 'commander';
import { hoistGlobalOptions } from './argv.js';
import { isLoopError } from '../errors.js';
import { register as init } from './init.js';
import { register as up } from './up.js';
import { register as addLane } from './add-lane.js';
import { register as dropLane } from './drop-lane.js';
import { register as listLanes } from './list-lanes.js';
import { register as dispatch } from './dispatch.js';
import { register as laneStatus } from './lane-status.js';
import { register as digest } from './digest.js';
import { register as harness } from './harness.js';

// A reader that stops early (`| head`) closes the pipe: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); throw e; });

const program = new Command('loop')
  .description('loopdeck substrate: tmux lanes for teams of coding agents')
  .version('0.1.0')
  .exitOverride()
  .showHelpAfterError('(run with --help for usage)');
for (const r of [init, up, addLane, dropLane, listLanes, dispatch, laneStatus, digest, harness]) r(program);
program.commands.forEach((c) => c.exitOverride());

try {
  await program.parseAsync(hoistGlobalOptions(process.argv));
} catch (e) {
  if (e instanceof CommanderError) {
    process.exit(e.exitCode === 0 ? 0 : 2);
  }
  if (isLoopError(e)) {
    process.stderr.write(`${/^(error|warning)\b/.test(e.message) ? '' : 'error: '}${e.message}\n`);
    if (e.hint) process.stderr.write(`hint: ${e.hint}\n`);
    process.exit(e.exitCode);
  }
  process.stderr.write(`loop: unexpected error: ${(e as Error)?.stack ?? String(e)}\nplease report this with the command you ran\n`);
  process.exit(70);
}
