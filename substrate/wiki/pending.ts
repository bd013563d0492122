/**
 * The pending-mail summary `loop wiki-pending` prints (spec/wiki-tasks-pm-deck.md §3.1). Reads the
 * mailbox and log only; never moves or edits a message. Binary or oversized messages are listed
 * (they are still pending) and reported as problems so the docs lane knows not to ingest them.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readHead, readTextIfExists } from '../files/atomic.js';
import type { FileProblem } from '../files/problems.js';
import { lastLogLines } from './log.js';

/** Messages larger than this are reported as too large to ingest. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface PendingSummary {
  /** Pending file names, oldest first (byte order of the `YYYYMMDD-HHMMSS` names). */
  pending: string[];
  processed: number;
  /** The last 5 `## [` lines of ops-wiki/log.md, or null when the log is missing. */
  lastLog: string[] | null;
  problems: FileProblem[];
}

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
function mdFiles(dir: string): string[] {
  let names: string[];
  try { names = readdirSync(dir); } catch { return []; }
  return names.filter((n) => n.endsWith('.md') && isFile(join(dir, n))).sort(byCode);
}
function isFile(p: string): boolean {
  try { return statSync(p).isFile(); } catch { return false; }
}

/**
 * Summarise `<root>/.loop/messages` and `<root>/ops-wiki/log.md` (§3.1): pending = regular `*.md`
 * directly in the mailbox (no README exclusion), sorted; processed = `*.md` in `processed/`;
 * missing dirs count 0. A pending message with NUL bytes in its first 64 KiB or larger than
 * MAX_MESSAGE_BYTES is a problem at line 1. Never throws for bad content.
 */
export function pendingSummary(root: string): PendingSummary {
  const mailbox = join(root, '.loop', 'messages');
  const pending = mdFiles(mailbox);
  const problems: FileProblem[] = [];
  for (const name of pending) {
    const path = join(mailbox, name);
    try {
      const size = statSync(path).size;
      if (size > MAX_MESSAGE_BYTES) { problems.push({ file: path, line: 1, message: `message is ${size} bytes (limit ${MAX_MESSAGE_BYTES}); left in place, not for ingest` }); continue; }
      if (readHead(path, 64 * 1024)?.includes(0)) problems.push({ file: path, line: 1, message: 'binary content; left in place, not for ingest' });
    } catch (e) { problems.push({ file: path, message: `unreadable: ${(e as Error).message}` }); }
  }
  let log: string | null = null;
  try { log = readTextIfExists(join(root, 'ops-wiki', 'log.md')); } catch (e) { problems.push({ file: join(root, 'ops-wiki', 'log.md'), message: (e as Error).message }); }
  return { pending, processed: mdFiles(join(mailbox, 'processed')).length, lastLog: log === null ? null : lastLogLines(log, 5), problems };
}

/** The §3.1 normal output, one string per line. Pure. */
export function renderPending(s: PendingSummary): string[] {
  return [
    `pending: ${s.pending.length}`, ...s.pending.map((n) => `  ${n}`), `processed: ${s.processed}`, 'last log entries:',
    ...(s.lastLog === null ? ['  (no ops-wiki/log.md)'] : s.lastLog.map((l) => `  ${l}`)),
  ];
}
