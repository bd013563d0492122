/**
 * Reading `ops-wiki/log.md` (spec/wiki-tasks-pm-deck.md §2.7): entries are lines
 * `## [YYYY-MM-DD] <type> | <title>`. Writing stays in substrate/files/wiki.ts (appendLog).
 */

/** One parsed log entry header. `line` is 1-based. */
export interface LogEntry { line: number; date: string; type: string; title: string; raw: string }

export const LOG_ENTRY_RE = /^## \[(\d{4}-\d{2}-\d{2})\] ([a-z][a-z-]*) \| (.*)$/;

/** Every well-formed entry header of `text`, in file order. Lines that start `## [` but do not match are skipped. Pure. */
export function parseLog(text: string): LogEntry[] {
  const out: LogEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? '').replace(/\r$/, '');
    const m = LOG_ENTRY_RE.exec(raw);
    if (m) out.push({ line: i + 1, date: m[1] ?? '', type: m[2] ?? '', title: m[3] ?? '', raw });
  }
  return out;
}

/** The last `n` lines of `text` that start with `## [` (as the pending summary shows them, §3.1). Pure. */
export function lastLogLines(text: string, n: number): string[] {
  return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.startsWith('## [')).slice(-n);
}
