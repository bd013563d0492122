/**
 * The I/O half of metrics (spec/wiki-tasks-pm-deck.md §6.1–6.3): pick the session, read the engine
 * store (read-only, engine/store/metrics.ts), the restart log, ops-wiki/log.md, the mailbox and the
 * checkpoint-size sources, and hand plain data to computeMetrics. Missing inputs become notes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readTextIfExists } from '../../substrate/files/atomic.js';
import { pendingSummary } from '../../substrate/wiki/pending.js';
import { readMetricsStore, type MetricsStoreView } from '../store/metrics.js';
import type { MetricsInputs } from './compute.js';

const pad = (n: number): string => String(n).padStart(2, '0');
/** Local `YYYY-MM-DD` of `d`. */
export const localDate = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** Directory names under `<root>/.loop/sessions/`, sorted. */
export function sessionsOf(root: string): string[] {
  try { return readdirSync(join(root, '.loop', 'sessions')).filter((n) => { try { return statSync(join(root, '.loop', 'sessions', n)).isDirectory(); } catch { return false; } }).sort(); } catch { return []; }
}

/** §6.1: `requested`, else the sole session, else the current tmux session when it is one of them, else none (with notes). */
export function selectSession(root: string, requested: string | undefined, tmuxSession: string | null): { session: string | null; notes: string[] } {
  if (requested) return { session: requested, notes: [] };
  const all = sessionsOf(root);
  if (all.length === 1) return { session: all[0] ?? null, notes: [`session defaulted to sole .loop/sessions/ entry '${all[0]}'`] };
  if (tmuxSession && all.includes(tmuxSession)) return { session: tmuxSession, notes: [`session defaulted to the current tmux session '${tmuxSession}'`] };
  return { session: null, notes: all.length ? [`${all.length} sessions under .loop/sessions/ — pass --session; restart counts read 0`] : [] };
}

function subjectIn(path: string): string | null | undefined {
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch { return undefined; }
  const lines = text.split('\n').slice(0, 40).map((l) => l.replace(/\r$/, ''));
  if (lines[0] !== '---') return null;
  for (let i = 1; i < lines.length && !/^---\s*$/.test(lines[i] ?? ''); i++) if (lines[i]?.startsWith('subject:')) return (lines[i] ?? '').slice(8).trim();
  return null;
}

function checkpointSize(engineDir: string, store: MetricsStoreView | null, notes: string[], session: string): { tokens: number; detail: string } | null {
  const snapText = readTextIfExists(join(engineDir, 'snapshot.json'));
  if (snapText !== null) {
    try {
      const v = (JSON.parse(snapText) as { checkpoint_tokens?: unknown }).checkpoint_tokens;
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return { tokens: v, detail: '' };
      if (v !== undefined) notes.push('invalid checkpoint_tokens in snapshot.json');
    } catch { notes.push(`snapshot.json for session '${session}' unparseable; using fallbacks`); }
  }
  const cp = readTextIfExists(join(engineDir, 'checkpoint.md'));
  if (cp !== null) return { tokens: Math.floor(cp.length / 4), detail: ` (${cp.length} chars / 4)` };
  if (store?.lastPromptBytes != null) return { tokens: Math.floor(store.lastPromptBytes / 4), detail: ` (${store.lastPromptBytes} prompt bytes / 4)` };
  const dir = join(engineDir, 'brain');
  let newest: { p: string; m: number } | null = null;
  try { for (const n of readdirSync(dir)) if (n.endsWith('.prompt.md')) { const m = statSync(join(dir, n)).mtimeMs; if (!newest || m > newest.m) newest = { p: join(dir, n), m }; } } catch { /* none */ }
  if (newest) { const t = readFileSync(newest.p, 'utf8'); return { tokens: Math.floor(t.length / 4), detail: ` (${t.length} chars / 4)` }; }
  notes.push(`no checkpoint size source for session '${session}'; checkpoint_tokens reads 0`);
  return null;
}

/** Everything computeMetrics needs for (`root`, `session`), plus the store view for fleet extras. */
export function gatherInputs(root: string, session: string | null, now: Date, notes: string[]): { inputs: MetricsInputs; store: MetricsStoreView | null } {
  const since = new Date(now.getTime() - 8 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const weekAgo = new Date(now); weekAgo.setDate(weekAgo.getDate() - 7);
  let store: MetricsStoreView | null = null;
  let restarts: Array<Record<string, unknown>> | null = null;
  let checkpoint: { tokens: number; detail: string } | null = null;
  if (session) {
    const sessionDir = join(root, '.loop', 'sessions', session);
    try { store = readMetricsStore(join(sessionDir, 'engine', 'engine.db'), since); } catch (e) { notes.push(`engine store for session '${session}' unreadable: ${(e as Error).message}`); }
    const rl = readTextIfExists(join(sessionDir, 'lane-restarts.jsonl'));
    if (rl !== null) {
      restarts = [];
      let bad = 0;
      for (const line of rl.split('\n')) {
        if (!line.trim()) continue;
        try { const v: unknown = JSON.parse(line); if (v && typeof v === 'object' && !Array.isArray(v)) restarts.push(v as Record<string, unknown>); else bad++; } catch { bad++; }
      }
      if (bad) notes.push(`${bad} corrupt line(s) in lane-restarts.jsonl skipped`);
    }
    checkpoint = checkpointSize(join(sessionDir, 'engine'), store, notes, session);
  } else notes.push('no session selected; session-scoped metrics read 0 / n/a');
  let pending: number | null = null;
  try { pending = pendingSummary(root).pending.length; } catch (e) { notes.push(`pending_messages n/a: ${(e as Error).message}`); }
  let log: string | null = null;
  try { log = readTextIfExists(join(root, 'ops-wiki', 'log.md')); } catch (e) { notes.push(`ops-wiki/log.md unreadable: ${(e as Error).message}`); }
  const mailbox = join(root, '.loop', 'messages');
  const mailSubject = (file: string): string | null | undefined => {
    for (const d of [mailbox, join(mailbox, 'processed'), join(mailbox, 'failed')]) { const s = subjectIn(join(d, file)); if (s !== undefined) return s; }
    return undefined;
  };
  return {
    inputs: { now, logSince: localDate(weekAgo), session, checkpoint, pending, restarts, log, events: session && store ? store.events : null, brainCalls: store?.brainCalls ?? [], mailSubject, notes },
    store,
  };
}
