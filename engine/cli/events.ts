/** `engine events [--json] [--follow] [--type T …] [--since SEQ|ISO-TIME] [--limit N]`: the event log (spec §13). */
import type { Command } from 'commander';
import { common, context, type EngineOpts } from './common.js';
import type { EventRow } from '../store/events.js';
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

export function register(program: Command): void {
  common(program.command('events'))
    .description('print the event log (oldest first); --json prints one JSON object per line')
    .option('--json', 'JSON lines {seq, ts, event, ...data}')
    .option('--follow', 'keep printing new events until interrupted')
    .option('--type <type>', 'only this event type (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--since <seq|time>', 'only events after this seq, or at/after this ISO time (UTC when no zone)', '0')
    .option('--limit <n>', 'at most this many (default: all; with --follow, the last 20 first)')
    .action(async (o: EngineOpts & { follow?: boolean; type: string[]; since: string; limit?: string }) => {
      const since = parseSince(o.since);
      const limit = o.limit !== undefined ? parseLimit(o.limit) : o.follow ? 20 : undefined;
      const ctx = context(o, () => undefined);
      const line = (e: EventRow): string => (o.json ? JSON.stringify({ seq: e.seq, ts: e.ts, event: e.type, ...e.data }) : `${e.ts} #${e.seq} ${e.type}${Object.keys(e.data).length ? ' ' + JSON.stringify(e.data) : ''}`);
      let after = since.afterSeq;
      const types = o.type.length ? o.type : undefined;
      let rows = ctx.store.events.list({ afterSeq: after, types, sinceTs: since.sinceTs });
      if (limit !== undefined) rows = limit === 0 ? [] : rows.slice(-limit);
      for (const e of rows) process.stdout.write(line(e) + '\n');
      after = rows.length ? rows[rows.length - 1]!.seq : ctx.store.events.lastSeq();
      if (!o.follow) { ctx.store.close(); return; }
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        for (const e of ctx.store.events.list({ afterSeq: after, types })) { process.stdout.write(line(e) + '\n'); after = e.seq; }
      }
    });
}
