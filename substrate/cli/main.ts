#!/usr/bin/env node
/**
 * `loop` — the substrate CLI: drives tmux lanes by hand or from scripts. Each verb lives in its
 * own file and loads its heavy modules lazily, so read verbs start fast. The only place that
 * exits (CONTRACT.md "Exit codes").
 */
import { makeProgram, runProgram } from './entry.js';
import { register as init } from './init.js';
import { register as up } from './up.js';
import { register as addLane } from './add-lane.js';
import { register as dropLane } from './drop-lane.js';
import { register as listLanes } from './list-lanes.js';
import { register as dispatch } from './dispatch.js';
import { register as laneStatus } from './lane-status.js';
import { register as digest } from './digest.js';
import { register as harness } from './harness.js';
import { register as watchdog } from './watchdog.js';
import { memoryVerbs } from './memory.js';
import { register as adr } from './adr.js';
import { register as config } from './config.js';
import { register as checkpoint } from './checkpoint.js';

const verbs = [
  init, up, addLane, dropLane, listLanes, dispatch, laneStatus, digest, harness,
  watchdog,
  adr, config,
  checkpoint,
  ...memoryVerbs,
];
const program = makeProgram('loop', 'loopdeck substrate: tmux lanes for teams of coding agents', verbs);
const code = await runProgram(program, process.argv, 'loop');
// Exit once stdout is flushed (a pipe may still hold a large JSON document).
process.stdout.write('', () => process.exit(code));
