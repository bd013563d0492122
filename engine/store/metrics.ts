/**
 * Read access to a session store for metrics (spec/wiki-tasks-pm-deck.md §6): events and brain
 * calls in a time window, the newest prompt size, the last observed fleet; plus the experiment
 * records (kv `experiment:<id>`). Reading opens the file read-only and never creates it.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { Store } from './store.js';

export interface MetricsStoreView {
  events: Array<{ seq: number; ts: string; type: string; data: Record<string, unknown> }>;
  brainCalls: Array<{ started_at: string; brain: string; failure_kind: string | null; input_tokens: number | null; output_tokens: number | null; cost_usd: number | null }>;
  /** prompt_bytes of the newest brain call, or null. */
  lastPromptBytes: number | null;
  /** The last observed lanes (kv `last_fleet`), or []. */
  lanes: Array<{ lane: string; status: string }>;
}

const parse = (s: string): Record<string, unknown> => { try { const v: unknown = JSON.parse(s); return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}; } catch { return {}; } };

/**
 * Read the metrics inputs of the store at `file` with events/brain calls at or after `sinceTs`.
 * Returns null when the file does not exist. Throws Error when it is not a readable SQLite store.
 */
export function readMetricsStore(file: string, sinceTs: string): MetricsStoreView | null {
  if (!existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const events = (db.prepare('SELECT seq, ts, type, data FROM events WHERE ts >= ? ORDER BY seq').all(sinceTs) as Array<{ seq: number; ts: string; type: string; data: string }>).map((r) => ({ ...r, data: parse(r.data) }));
    const brainCalls = db.prepare('SELECT started_at, brain, failure_kind, input_tokens, output_tokens, cost_usd FROM brain_calls WHERE started_at >= ? ORDER BY id').all(sinceTs) as MetricsStoreView['brainCalls'];
    const last = db.prepare('SELECT prompt_bytes FROM brain_calls ORDER BY id DESC LIMIT 1').get() as { prompt_bytes: number } | undefined;
    const fleet = db.prepare("SELECT value FROM kv WHERE key = 'last_fleet'").get() as { value: string } | undefined;
    const lanes = fleet ? (parse(fleet.value).lanes as MetricsStoreView['lanes'] | undefined) ?? [] : [];
    return { events, brainCalls, lastPromptBytes: last?.prompt_bytes ?? null, lanes: Array.isArray(lanes) ? lanes : [] };
  } finally { db.close(); }
}

/** Events after seq 0 with ts ≥ `sinceTs`, oldest first (for the experiment series). */
export function eventsSince(store: Store, sinceTs: string): Array<{ ts: string; type: string }> {
  return store.events.list({ sinceTs });
}

const KEY = 'experiment:';
/** Store an experiment record (JSON in kv). */
export function putExperiment(store: Store, x: { id: string }): void { store.setKv(KEY + x.id, JSON.stringify(x)); }
/** One experiment record, or null. */
export function getExperiment<T>(store: Store, id: string): T | null { const v = store.getKv(KEY + id); return v === null ? null : (JSON.parse(v) as T); }
/** Every experiment record, by id. */
export function listExperiments<T>(store: Store): T[] {
  return (store.db.prepare('SELECT value FROM kv WHERE key LIKE ? ORDER BY key').all(`${KEY}%`) as Array<{ value: string }>).map((r) => JSON.parse(r.value) as T);
}
