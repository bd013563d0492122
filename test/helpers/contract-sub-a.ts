/**
 * Helpers for the contract tests of `loop up|add-lane|drop-lane|list-lanes|watchdog` (sub-a):
 * environments where tmux is absent, too old (a fake Node `tmux` printing `tmux 3.2`) or has no
 * server, and the one-line error shape of CONTRACT.md ("error: <what>" then at most a "hint:" line).
 */
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { ROOT, type CliResult } from './cli.js';

/** A PATH with no tmux on it (node is run by absolute path, so nothing else is needed). */
export const NO_TMUX_PATH = '/nonexistent-loopdeck-path';
/** A PATH whose `tmux` is the fake 3.2 (plus node's own directory). */
export const OLD_TMUX_PATH = `${join(ROOT, 'test', 'fixtures', 'bin', 'old-tmux')}:${dirname(process.execPath)}`;
/** A private server name nobody started. */
export function deadServer(): string { return `loopdeck-test-dead-${randomBytes(5).toString('hex')}`; }

/** Assert `r` exited `code` with a one-line `error:` matching `what`, optionally followed by one `hint:` line. */
export function expectOneLineError(r: CliResult, code: number, what: RegExp | string): void {
  if (r.code !== code) throw new Error(`expected exit ${code}, got ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^error: /);
  if (typeof what === 'string') expect(lines[0]).toContain(what); else expect(lines[0]).toMatch(what);
  expect(lines.length).toBeLessThanOrEqual(2);
  if (lines[1] !== undefined) expect(lines[1]).toMatch(/^hint: \S/);
}

/** The long flags a `--help` text lists. */
export function helpFlags(help: string): string[] {
  return [...help.matchAll(/(?:^|[\s,])(--[a-z][a-z-]*)/g)].map((m) => m[1]!);
}
