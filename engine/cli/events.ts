/** `engine events [--json] [--follow] [--type T] [--since SEQ] [--limit N]`: the event log. */
import type { Command } from 'commander';
import { common, context, type EngineOpts } from './common.js';
import type { EventRow } from '../store/events.js';

export function register(program: Command): void {
  common(program.command('events'))
    .description('print the event log (oldest first); --json prints one JSON object per line')
    .option('--json', 'JSON lines {seq, ts, event, ...data}')
    .option('--follow', 'keep printing new events until interrupted')
    .option('--type <type>', 'only this event type (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--since <seq>', 'only events after this seq', '0')
    .option('--limit <n>', 'at most this many (default: all; with --follow, the last 20 first)')
    .action(async (o: EngineOpts & { follow?: boolean; type: string[]; since: string; limit?: string }) => {
      const ctx = context(o, () => undefined);
      const line = (e: EventRow): string => (o.json ? JSON.stringify({ seq: e.seq, ts: e.ts, event: e.type, ...e.data }) : `${e.ts} #${e.seq} ${e.type}${Object.keys(e.data).length ? ' ' + JSON.stringify(e.data) : ''}`);
      let after = Number(o.since) || 0;
      const types = o.type.length ? o.type : undefined;
      let rows = ctx.store.events.list({ afterSeq: after, types });
      const limit = o.limit ? Number(o.limit) : o.follow ? 20 : undefined;
      if (limit !== undefined) rows = rows.slice(-limit);
      for (const e of rows) process.stdout.write(line(e) + '\n');
      after = rows.length ? rows[rows.length - 1]!.seq : ctx.store.events.lastSeq();
      if (!o.follow) { ctx.store.close(); return; }
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        for (const e of ctx.store.events.list({ afterSeq: after, types })) { process.stdout.write(line(e) + '\n'); after = e.seq; }
      }
    });
}
