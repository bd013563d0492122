/**
 * Snapshot fields added for the deck's panels (protocol 1, additive — every field optional, so an
 * older engine's snapshot still parses): ADRs with their verify/rollback links, restarts per lane,
 * the newest brain transcript, a stale daemon pid, outstanding asks, brain spend this hour and the
 * history series behind the deck's sparklines. The file readers here are shared by the engine's
 * snapshot and the offline one; they never throw (a bad file is simply left out).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { listAdrs } from '../../substrate/files/adr.js';
import { readHead } from '../../substrate/files/atomic.js';

/** One ADR (spec/wiki-tasks-pm-deck.md §9.6 `a`); `linked` = verify_record AND (rollback OR canary_record). */
export interface AdrRow { id: string; status: string; title: string; path: string; verify_record: string | null; rollback: string | null; canary_record: string | null; linked: boolean }
export interface AskView { id: string; lane: string; decision_id: string; created_at: string; reply_timeout_s: number }
/** Per-bucket series, oldest first; `bucket_s` wide, ending at `until`. */
export interface HistorySeries { bucket_s: number; until: string; cycle_ms: number[]; brain_usd: number[]; brain_calls: number[] }
export interface TranscriptRef { source: 'brain' | 'ingest'; prompt_path: string; response_path: string; mtime: string }

export interface SnapshotExtras {
  adrs?: AdrRow[];
  asks?: AskView[];
  restarts?: Record<string, number>;
  history?: HistorySeries;
  transcript?: TranscriptRef | null;
  /** Set when engine.pid names a process that is gone (a daemon that died without cleaning up). */
  stale_pid?: number | null;
  brain_spend_hour?: number;
}

const frontValue = (head: string, key: string): string | null => {
  const m = new RegExp(`^${key}:[ \\t]*(.*)$`, 'm').exec(head);
  const v = m?.[1]?.trim().replace(/^["']|["']$/g, '') ?? '';
  return v ? v : null;
};

/** ADRs of `<root>/docs/adr`, newest first, with the links the human gate needs. */
export function readAdrs(root: string): AdrRow[] {
  return listAdrs(join(root, 'docs', 'adr')).adrs.map((a) => {
    const head = readHead(a.path, 16 * 1024)?.toString('utf8') ?? '';
    const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(head)?.[1] ?? '';
    const verify = frontValue(fm, 'verify_record');
    const rollback = frontValue(fm, 'rollback');
    const canary = frontValue(fm, 'canary_record');
    return { ...a, verify_record: verify, rollback, canary_record: canary, linked: Boolean(verify && (rollback || canary)) };
  });
}

/** Restarts per lane from `lane-restarts.jsonl` (`event` absent or `restart`; corrupt lines skipped). */
export function readRestarts(sessionDir: string): Record<string, number> {
  let text: string;
  try { text = readFileSync(join(sessionDir, 'lane-restarts.jsonl'), 'utf8'); } catch { return {}; }
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as { lane?: unknown; event?: unknown };
      if (typeof r.lane === 'string' && (r.event === undefined || r.event === 'restart')) out[r.lane] = (out[r.lane] ?? 0) + 1;
    } catch { /* a corrupt line is skipped (spec §9.4) */ }
  }
  return out;
}

/** The newest `*.prompt.md` under `<engineDir>/brain` and `<engineDir>/ingest` (spec §9.7). */
export function newestTranscript(engineDir: string): TranscriptRef | null {
  let best: TranscriptRef | null = null;
  let bestMs = -Infinity;
  for (const source of ['brain', 'ingest'] as const) {
    const dir = join(engineDir, source);
    let names: string[];
    try { names = readdirSync(dir); } catch { continue; }
    for (const n of names) {
      if (!n.endsWith('.prompt.md')) continue;
      const p = join(dir, n);
      try {
        const ms = statSync(p).mtimeMs;
        if (ms > bestMs || (ms === bestMs && best && p > best.prompt_path)) {
          bestMs = ms;
          best = { source, prompt_path: p, response_path: p.replace(/\.prompt\.md$/, '.response.md'), mtime: new Date(ms).toISOString() };
        }
      } catch { /* vanished */ }
    }
  }
  return best;
}

/** The pid in `<engineDir>/engine.pid` when that process is gone; null otherwise. */
export function stalePid(engineDir: string): number | null {
  let pid: number;
  try { pid = Number.parseInt(readFileSync(join(engineDir, 'engine.pid'), 'utf8').trim(), 10); } catch { return null; }
  if (!Number.isInteger(pid) || pid <= 1) return null;
  try { process.kill(pid, 0); return null; } catch (e) { return (e as NodeJS.ErrnoException).code === 'ESRCH' ? pid : null; }
}
