#!/usr/bin/env node
/**
 * `engine` — the loopdeck engine CLI: the daemon and the verbs that talk to it or act on its store. Only the
 * file of the verb being run is loaded (engine/cli/verbs.ts). The only place that exits (CONTRACT.md "Exit
 * codes"). No top-level await: the shipped bin is a CommonJS bundle (scripts/bundle-cli.mjs).
 */
import { makeProgram, runProgram } from '../../substrate/cli/entry.js';
import { hoistGlobalOptions } from '../../substrate/cli/argv.js';
import { loadVerbs, verbsToLoad } from './verbs.js';

async function main(): Promise<number> {
  const argv = hoistGlobalOptions(process.argv);
  const program = makeProgram('engine', 'loopdeck engine: observe → ingest → checkpoint → brain → gate → act', await loadVerbs(verbsToLoad(argv)));
  return runProgram(program, argv, 'engine');
}

void main().then((code) => {
  // Exit once stdout is flushed (a pipe may still hold a large JSON document).
  process.stdout.write('', () => process.exit(code));
});
