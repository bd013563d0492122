/**
 * Ask bookkeeping (spec/engine.md §9, DESIGN.md §9.4): a `*-to-coord.md` message whose subject
 * carries the exact token `re:<ask-id>` answers that ask; outstanding asks past their reply
 * timeout expire once. Replies are matched both by the daemon's tick and by ingest (whichever sees
 * the message first), so an ask is never missed because a cycle ingested its reply.
 */
import { listMailbox } from '../../substrate/files/mailbox.js';
import type { EngineContext } from '../context.js';

const seen = new WeakMap<EngineContext, Set<string>>();

/** Mark the asks that `subject` answers as replied (exact `re:<ask-id>` token). Returns the ids. */
export function matchReply(ctx: EngineContext, file: string, subject: string): string[] {
  if (!file.endsWith('-to-coord.md')) return [];
  const tokens = new Set(subject.split(/\s+/).map((t) => t.replace(/[.,;:!?)]+$/, '')));
  const hit: string[] = [];
  for (const a of ctx.store.asks('outstanding')) {
    if (tokens.has(`re:${a.id}`) && ctx.store.markAskReplied(a.id, file, ctx.ts())) {
      ctx.emit('reply-received', { ask: a.id, file });
      hit.push(a.id);
    }
  }
  return hit;
}

/** One daemon tick: match replies among pending messages, then expire overdue asks. Returns the ids replied to. */
export function scanAsks(ctx: EngineContext, mailDir: string): string[] {
  const replied: string[] = [];
  if (!ctx.store.asks('outstanding').length) return replied;
  const done = seen.get(ctx) ?? new Set<string>();
  seen.set(ctx, done);
  for (const m of listMailbox(mailDir).pending) {
    // Keyed by content identity: a message read while still being written is looked at again.
    const key = `${m.file}\0${m.size}\0${m.mtime}`;
    if (done.has(key)) continue;
    done.add(key);
    replied.push(...matchReply(ctx, m.file, m.subject));
  }
  const now = ctx.now().getTime();
  for (const a of ctx.store.asks('outstanding')) {
    if (now - Date.parse(a.created_at) >= a.reply_timeout_s * 1000 && ctx.store.markAskTimedOut(a.id, ctx.ts())) ctx.emit('reply-timeout', { ask: a.id, lane: a.lane });
  }
  return replied;
}
