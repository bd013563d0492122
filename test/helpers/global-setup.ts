/**
 * vitest globalSetup: every engine a test starts puts its socket in one private runtime directory
 * for the run (LOOPDECK_RUNTIME_DIR, inherited by the forked workers and every process they start),
 * removed at the end, so a daemon killed with SIGKILL never leaves a socket in the user's
 * `/tmp/loopdeck-<uid>`. The digest's count cache goes to a private LOOPDECK_CACHE_DIR the same way
 * (never the user's `~/.cache/loopdeck`).
 *
 * NODE_EXTRA_CA_CERTS is removed for the run: no test opens a TLS connection, and Node 20 parses that file at
 * every start (~100 ms per process; a run starts thousands: CLIs, daemons, fake agents and brains). The test
 * of how the bins treat the variable (test/cli/ca-env.test.ts) sets its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'loopdeck-test-run-'));
  process.env.LOOPDECK_RUNTIME_DIR = dir;
  const cache = mkdtempSync(join(tmpdir(), 'loopdeck-test-cache-'));
  process.env.LOOPDECK_CACHE_DIR = cache;
  delete process.env.NODE_EXTRA_CA_CERTS;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  };
}
