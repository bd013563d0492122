/**
 * The engine store facade: one SQLite connection, its repositories, and the small tables (kv,
 * brain_calls, asks) that need no file of their own yet.
 */
import { openDb, type Db } from './db.js';
import { EventLog } from './events.js';
import { Decisions } from './decisions.js';

export interface BrainCallRow {
  started_at: string; brain: string; harness: string | null; model: string | null; duration_ms: number | null;
  failure_kind: string | null; prompt_bytes: number; response_bytes: number | null; input_tokens: number | null;
  output_tokens: number | null; cost_usd: number | null; prompt_path: string | null; response_path: string | null;
}

export interface AskRow { id: string; decision_id: string; lane: string; created_at: string; reply_timeout_s: number; status: 'outstanding' | 'replied' | 'timed-out'; replied_at: string | null; reply_file: string | null; timed_out_at: string | null }

export class Store {
  readonly db: Db;
  readonly events: EventLog;
  readonly decisions: Decisions;

  constructor(file: string, opts: { readonly?: boolean } = {}) {
    this.db = openDb(file, opts);
    this.events = new EventLog(this.db);
    this.decisions = new Decisions(this.db);
  }

  close(): void { this.db.close(); }

  getKv(key: string): string | null {
    const r = this.db.prepare('SELECT value FROM kv WHERE key = ?').get(key) as { value: string } | undefined;
    return r ? r.value : null;
  }

  setKv(key: string, value: string): void {
    this.db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  deleteKv(key: string): void {
    this.db.prepare('DELETE FROM kv WHERE key = ?').run(key);
  }

  addBrainCall(r: BrainCallRow): number {
    const res = this.db.prepare(`INSERT INTO brain_calls (started_at, brain, harness, model, duration_ms, failure_kind, prompt_bytes, response_bytes, input_tokens, output_tokens, cost_usd, prompt_path, response_path)
      VALUES (@started_at, @brain, @harness, @model, @duration_ms, @failure_kind, @prompt_bytes, @response_bytes, @input_tokens, @output_tokens, @cost_usd, @prompt_path, @response_path)`).run(r);
    return Number(res.lastInsertRowid);
  }

  /** Brain calls started at or after `sinceTs` (contract timestamp), and their spend. */
  brainCallsSince(sinceTs: string): { calls: number; cost_usd: number } {
    const r = this.db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(cost_usd), 0) AS c FROM brain_calls WHERE started_at >= ?').get(sinceTs) as { n: number; c: number };
    return { calls: r.n, cost_usd: r.c };
  }

  /** The newest brain call, or null. */
  lastBrainCall(): (BrainCallRow & { id: number }) | null {
    return (this.db.prepare('SELECT * FROM brain_calls ORDER BY id DESC LIMIT 1').get() as (BrainCallRow & { id: number }) | undefined) ?? null;
  }

  addAsk(a: Omit<AskRow, 'status' | 'replied_at' | 'reply_file' | 'timed_out_at'>): void {
    this.db.prepare("INSERT OR IGNORE INTO asks (id, decision_id, lane, created_at, reply_timeout_s, status) VALUES (?, ?, ?, ?, ?, 'outstanding')").run(a.id, a.decision_id, a.lane, a.created_at, a.reply_timeout_s);
  }

  asks(status?: AskRow['status']): AskRow[] {
    return (status ? this.db.prepare('SELECT * FROM asks WHERE status = ? ORDER BY created_at').all(status) : this.db.prepare('SELECT * FROM asks ORDER BY created_at').all()) as AskRow[];
  }

  /** Mark an outstanding ask replied (exact id match). Returns false if it was not outstanding. */
  markAskReplied(id: string, file: string, at: string): boolean {
    return this.db.prepare("UPDATE asks SET status = 'replied', replied_at = ?, reply_file = ? WHERE id = ? AND status = 'outstanding'").run(at, file, id).changes === 1;
  }

  markAskTimedOut(id: string, at: string): boolean {
    return this.db.prepare("UPDATE asks SET status = 'timed-out', timed_out_at = ? WHERE id = ? AND status = 'outstanding'").run(at, id).changes === 1;
  }
}
