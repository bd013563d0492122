/**
 * The deck's crash log (spec/wiki-tasks-pm-deck.md §9.10): one line per unhandled exception in
 * `<project>/.loop/sessions/<s>/engine/deck-crash.log` — the only file the deck ever writes.
 */
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the crash log of (root, session) lives. */
export function crashLogPath(root: string, session: string): string {
  return join(root, '.loop', 'sessions', session, 'engine', 'deck-crash.log');
}

/** `<UTC stamp> component=deck error=<type: message>` with all whitespace collapsed (pure). */
export function crashLine(err: unknown, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const text = err instanceof Error ? `${err.name || err.constructor.name}: ${err.message}` : `${typeof err}: ${String(err)}`;
  return `${stamp} component=deck error=${text.replace(/\s+/g, ' ').trim()}`;
}

/** Create the missing directories above `path` one by one (Node's recursive mkdir can spin on odd filesystems). */
function ensureDir(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    if (dirname(d) === d) break;
    missing.unshift(d);
  }
  for (const d of missing) mkdirSync(d);
}

/** Append one line; failures are swallowed (a crash log must never crash). Returns whether it was written. */
export function appendCrashLog(path: string, line: string): boolean {
  try {
    ensureDir(dirname(path));
    appendFileSync(path, line + '\n');
    return true;
  } catch {
    return false;
  }
}
