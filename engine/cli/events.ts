/** `engine events [--json] [--follow] [--type T …] [--since SEQ|ISO-TIME] [--limit N]`: the event log (spec §13). */
import type { Command } from 'commander';
import { common, openStore, target, type EngineOpts } from './common.js';
import type { EventLog, EventRow } from '../store/events.js';
import { UsageError } from '../../substrate/errors.js';
import { contractTs } from '../../substrate/observe.js';

/** `--since`: a seq (digits) → events after it; a date/time → events at or after it (UTC). */
export function parseSince(v: string): { afterSeq: number; sinceTs?: string } {
  if (/^\d+$/.test(v)) return { afterSeq: Number(v) };
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v) ? `${v}Z` : v);
  if (Number.isNaN(t)) throw new UsageError(`--since must be an event seq or an ISO time like 2026-06-11T10:00:00Z (got '${v}')`);
  return { afterSeq: 0, sinceTs: contractTs(new Date(t)) };
}

/** `--limit`: a non-negative integer count (0 prints nothing); anything else is a usage error (exit 2). */
export function parseLimit(v: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`--limit must be a non-negative integer (got '${v}')`);
  return Number(v);
}

/**
 * The rows `engine events` prints first (CONTRACT.md `engine events`), oldest first. With a cursor
 * (`--since` given) `limit` keeps the FIRST N matches after it — a reader pages forward with
 * `--since <last seq printed>`; without one it keeps the LAST N (a tail). `limit` 0 → none.
 */
export function selectEvents(log: EventLog, o: { since?: { afterSeq: number; sinceTs?: string }; types?: string[]; limit?: number }): EventRow[] {
  const q = { afterSeq: o.since?.afterSeq ?? 0, types: o.types, sinceTs: o.since?.sinceTs };
  if (o.limit === 0) return [];
  if (o.limit === undefined) return log.list(q);
  if (o.since) return log.list({ ...q, limit: o.limit });
  return log.list(q).slice(-o.limit);
}

export function register(program: Command): void {
  common(program.command('events'))
    .description('print the event log (oldest first); --json prints one JSON object per line')
    .option('--json', 'JSON lines {seq, ts, event, ...data}')
    .option('--follow', 'keep printing new events until interrupted')
    .option('--type <type>', 'only this event type (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--since <seq|time>', 'only events after this seq, or at/after this ISO time (UTC when no zone)')
    .option('--limit <n>', 'at most this many: the first N after --since, else the last N (default: all; with --follow, 20)')
    .action(async (o: EngineOpts & { follow?: boolean; type: string[]; since?: string; limit?: string }) => {
      const since = o.since === undefined ? undefined : parseSince(o.since);
      const limit = o.limit !== undefined ? parseLimit(o.limit) : o.follow ? 20 : undefined;
      const store = openStore(target(o));
      const line = (e: EventRow): string => (o.json ? JSON.stringify({ seq: e.seq, ts: e.ts, event: e.type, ...e.data }) : `${e.ts} #${e.seq} ${e.type}${Object.keys(e.data).length ? ' ' + JSON.stringify(e.data) : ''}`);
      const types = o.type.length ? o.type : undefined;
      const rows = selectEvents(store.events, { since, types, limit });
      for (const e of rows) process.stdout.write(line(e) + '\n');
      // --follow goes on from the last row printed (so a first page is followed by the rest), else from now.
      let after = rows.length ? rows[rows.length - 1]!.seq : store.events.lastSeq();
      if (!o.follow) { store.close(); return; }
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        for (const e of store.events.list({ afterSeq: after, types })) { process.stdout.write(line(e) + '\n'); after = e.seq; }
      }
    });
}
