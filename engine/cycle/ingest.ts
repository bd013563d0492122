/**
 * Builtin ingest (issue 2 §3): each pending mailbox message gets an `ingest` line in
 * ops-wiki/log.md and is moved to processed/ (log first, then move: a crash in between can only
 * duplicate a log line, never lose a message). Binary or unreadable messages are quarantined to
 * failed/ with a note; they are data and are never obeyed. Each ingested message becomes a
 * `mailbox-ingested` event, which is how the brain sees lane reports.
 */
import { join } from 'node:path';
import { ackMessage, quarantineMessage, type MailboxMessage } from '../../substrate/files/mailbox.js';
import { appendLog } from '../../substrate/files/wiki.js';
import { describeError } from '../../substrate/errors.js';
import type { EngineContext } from '../context.js';
import type { BrainReport } from '../brain/types.js';
import { matchReply } from '../watch/asks.js';

/** Ingest `pending` (oldest first). Returns the messages ingested. Never throws. */
export function ingestBuiltin(ctx: EngineContext, pending: MailboxMessage[], dryRun = false): BrainReport[] {
  const mailbox = join(ctx.root, '.loop', 'messages');
  const log = join(ctx.root, 'ops-wiki', 'log.md');
  const done: BrainReport[] = [];
  for (const m of pending) {
    if (dryRun) continue;
    try {
      if (m.problem === 'binary content') {
        if (quarantineMessage(mailbox, m.file, 'binary content (not a text message)', ctx.now())) {
          ctx.emit('ingest-quarantined', { file: m.file, reason: 'binary content' });
        }
        continue;
      }
      if (m.problem) ctx.emit('input-problem', { file: m.path, message: m.problem });
      appendLog(log, 'ingest', m.file, ctx.now());
      matchReply(ctx, m.file, m.subject);
      ackMessage(mailbox, m.file);
      const report = { file: m.file, from: m.from, to: m.to, subject: m.subject };
      ctx.emit('mailbox-ingested', report);
      done.push(report);
    } catch (e) {
      ctx.emit('error', { kind: 'ingest-failed', file: m.file, error: describeError(e) });
    }
  }
  return done;
}
