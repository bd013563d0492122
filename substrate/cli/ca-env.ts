/**
 * NODE_EXTRA_CA_CERTS hand-back. Node 20 reads and parses the file named by NODE_EXTRA_CA_CERTS while it starts,
 * before any JavaScript runs: on a machine whose variable names the system bundle (~140 certificates) that is
 * ~100 ms of every `loop` call (measured: `node -e 0` 110–160 ms with it, 35–55 ms without). `loop` itself
 * never opens a TLS connection, so its bin line (`#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS
 * LOOPDECK_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} node`) starts Node without it and parks its value in
 * LOOPDECK_EXTRA_CA_CERTS; {@link restoreExtraCaCerts} puts it back first thing, so every child — the tmux
 * server and the agents in its lanes, git, harness probes, the engine — inherits it unchanged (CONTRACT.md
 * "Environment").
 */

/**
 * Move a parked LOOPDECK_EXTRA_CA_CERTS back to NODE_EXTRA_CA_CERTS in `env` (mutated in place). An empty
 * parked value means the variable was unset when `loop` started: it stays unset. A NODE_EXTRA_CA_CERTS that is
 * already set (Node run directly, not through the bin line) wins. Pure apart from `env`; never throws.
 */
export function restoreExtraCaCerts(env: NodeJS.ProcessEnv): void {
  const parked = env.LOOPDECK_EXTRA_CA_CERTS;
  if (parked === undefined) return;
  delete env.LOOPDECK_EXTRA_CA_CERTS;
  if (parked !== '' && env.NODE_EXTRA_CA_CERTS === undefined) env.NODE_EXTRA_CA_CERTS = parked;
}
