/** The event log (spec/engine.md §13 catalogue; DESIGN.md §4): append-only, monotonic seq. */
import type { Db } from './db.js';

export interface EventRow { seq: number; ts: string; type: string; data: Record<string, unknown> }

interface RawEvent { seq: number; ts: string; type: string; data: string }
const parse = (r: RawEvent): EventRow => {
  let data: Record<string, unknown>;
  try { data = JSON.parse(r.data) as Record<string, unknown>; } catch { data = { unparseable: r.data }; }
  return { seq: r.seq, ts: r.ts, type: r.type, data };
};

export class EventLog {
  constructor(private readonly db: Db) {}

  /** Append one event; returns it with its seq. `ts` is a contract timestamp. */
  append(type: string, data: Record<string, unknown>, ts: string): EventRow {
    const r = this.db.prepare('INSERT INTO events (ts, type, data) VALUES (?, ?, ?)').run(ts, type, JSON.stringify(data));
    return { seq: Number(r.lastInsertRowid), ts, type, data };
  }

  /** Events with seq > `afterSeq`, oldest first, optionally of some types, at most `limit`. */
  list(opts: { afterSeq?: number; types?: string[]; limit?: number; sinceTs?: string } = {}): EventRow[] {
    const where: string[] = ['seq > ?'];
    const args: unknown[] = [opts.afterSeq ?? 0];
    if (opts.types?.length) { where.push(`type IN (${opts.types.map(() => '?').join(',')})`); args.push(...opts.types); }
    if (opts.sinceTs) { where.push('ts >= ?'); args.push(opts.sinceTs); }
    const sql = `SELECT seq, ts, type, data FROM events WHERE ${where.join(' AND ')} ORDER BY seq ASC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, opts.limit ?? 100_000) as RawEvent[]).map(parse);
  }

  /** The newest `n` events, oldest first. */
  tail(n: number, types?: string[]): EventRow[] {
    const filter = types?.length ? `WHERE type IN (${types.map(() => '?').join(',')})` : '';
    const rows = this.db.prepare(`SELECT seq, ts, type, data FROM events ${filter} ORDER BY seq DESC LIMIT ?`).all(...(types ?? []), n) as RawEvent[];
    return rows.reverse().map(parse);
  }

  lastSeq(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM events').get() as { s: number }).s;
  }

  countSince(type: string, sinceTs: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM events WHERE type = ? AND ts >= ?').get(type, sinceTs) as { n: number }).n;
  }
}
