/**
 * Ask bookkeeping each tick (spec/engine.md §9, DESIGN.md §9.4): a `*-to-coord.md` message whose
 * subject carries the exact token `re:<ask-id>` answers that ask; outstanding asks past their
 * reply timeout expire once. The reply file is never moved here (ingest owns it).
 */
import { listMailbox } from '../../substrate/files/mailbox.js';
import type { EngineContext } from '../context.js';

const seen = new WeakMap<EngineContext, Set<string>>();

export function scanAsks(ctx: EngineContext, mailDir: string): void {
  const outstanding = ctx.store.asks('outstanding');
  if (!outstanding.length) return;
  const done = seen.get(ctx) ?? new Set<string>();
  seen.set(ctx, done);
  for (const m of listMailbox(mailDir).pending) {
    if (!m.file.endsWith('-to-coord.md') || done.has(m.file)) continue;
    done.add(m.file);
    const tokens = new Set(m.subject.split(/\s+/).map((t) => t.replace(/[.,;:!?)]+$/, '')));
    for (const a of outstanding) {
      if (tokens.has(`re:${a.id}`) && ctx.store.markAskReplied(a.id, m.file, ctx.ts())) ctx.emit('reply-received', { ask: a.id, file: m.file });
    }
  }
  const now = ctx.now().getTime();
  for (const a of ctx.store.asks('outstanding')) {
    if (now - Date.parse(a.created_at) >= a.reply_timeout_s * 1000 && ctx.store.markAskTimedOut(a.id, ctx.ts())) ctx.emit('reply-timeout', { ask: a.id, lane: a.lane });
  }
}
