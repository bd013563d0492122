#!/usr/bin/env node
/**
 * `engine` — the loopdeck engine CLI: the daemon and the verbs that talk to it or act on its
 * store. The only place that exits (CONTRACT.md "Exit codes").
 */
import { makeProgram, runProgram } from '../../substrate/cli/entry.js';
import { hoistGlobalOptions } from '../../substrate/cli/argv.js';
import { register as watch } from './watch.js';
import { register as start } from './start.js';
import { register as stop } from './stop.js';
import { register as status } from './status.js';
import { register as approve } from './approve.js';
import { register as once } from './once.js';
import { register as events } from './events.js';
import { register as control } from './control.js';
import { memoryVerbs } from './memory.js';
import { register as asks } from './asks.js';
import { register as answer } from './answer.js';
import { register as wait } from './wait.js';
import { register as restart } from './restart.js';
import { register as verify } from './verify.js';

const verbs = [
  watch, start, stop, status, approve, once, events, control,
  asks, answer, wait, restart,
  verify,
  ...memoryVerbs,
];
const program = makeProgram('engine', 'loopdeck engine: observe → ingest → checkpoint → brain → gate → act', verbs);
const code = await runProgram(program, hoistGlobalOptions(process.argv), 'engine');
// Exit once stdout is flushed (a pipe may still hold a large JSON document).
process.stdout.write('', () => process.exit(code));
