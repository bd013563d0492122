#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS LOOPDECK_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} node
/**
 * `loop` — the substrate CLI: drives tmux lanes by hand or from scripts. Each verb lives in its own file and
 * only the file of the verb being run is loaded (substrate/cli/verbs.ts); verbs load their heavy modules
 * lazily, so every call starts fast. The bin line starts Node without NODE_EXTRA_CA_CERTS and
 * restoreExtraCaCerts hands it back to every child (substrate/cli/ca-env.ts). The only place that exits
 * (CONTRACT.md "Exit codes"). No top-level await: the shipped bin is a CommonJS bundle (scripts/bundle-cli.mjs).
 */
import { restoreExtraCaCerts } from './ca-env.js';
import { makeProgram, runProgram } from './entry.js';
import { hoistGlobalOptions } from './argv.js';
import { loadVerbs, verbsToLoad } from './verbs.js';

async function main(): Promise<number> {
  restoreExtraCaCerts(process.env);
  const argv = hoistGlobalOptions(process.argv);
  const program = makeProgram('loop', 'loopdeck substrate: tmux lanes for teams of coding agents', await loadVerbs(verbsToLoad(argv)));
  return runProgram(program, argv, 'loop');
}

void main().then((code) => {
  // Exit once stdout is flushed (a pipe may still hold a large JSON document).
  process.stdout.write('', () => process.exit(code));
});
