/**
 * vitest globalSetup: every engine a test starts puts its socket in one private runtime directory
 * for the run (LOOPDECK_RUNTIME_DIR, inherited by the forked workers and every process they start),
 * removed at the end, so a daemon killed with SIGKILL never leaves a socket in the user's
 * `/tmp/loopdeck-<uid>`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'loopdeck-test-run-'));
  process.env.LOOPDECK_RUNTIME_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
