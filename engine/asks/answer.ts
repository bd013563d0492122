/**
 * Asks seen from a person (spec/engine.md §9, the looop seed's notify contract): list them with the
 * question the brain asked, and answer one by writing the reply as a mailbox message in exactly
 * the shape the matcher accepts — `<stamp>-<from>-to-coord.md` whose subject carries the token
 * `re:<ask-id>` — atomically (complete file or nothing, never overwriting mail).
 */
import { join } from 'node:path';
import { writeMessage } from '../../substrate/files/mailbox.js';
import { LoopError } from '../../substrate/errors.js';
import type { EngineContext } from '../context.js';
import type { AskRow } from '../store/store.js';

export interface AskView extends AskRow { question: string | null }

/** Every ask (or those with `status`), oldest first, with the steer payload that asked it. */
export function listAsks(ctx: Pick<EngineContext, 'store'>, status?: AskRow['status']): AskView[] {
  return ctx.store.asks(status).map((a) => {
    const idx = Number(a.id.slice(a.decision_id.length + 1));
    const act = ctx.store.decisions.get(a.decision_id)?.actions.find((x) => x.idx === idx)?.action as { payload?: string } | undefined;
    return { ...a, question: act?.payload ?? null };
  });
}

/** A mailbox sender name for `by` (USER or a client name): unsafe characters become `-`. */
export function senderName(by: string): string {
  const s = by.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').replace(/-to-/g, '-');
  return s || 'human';
}

/**
 * Write the answer to ask `askId` as a mailbox message to coord. Does not mark the ask: the
 * matcher (daemon tick or ingest, or the caller) does, exactly as for a lane's reply.
 * @throws LoopError ask-not-found (exit 1) · ask-answered (exit 1, already replied) · write-failed
 */
export function writeAnswer(ctx: Pick<EngineContext, 'store' | 'root' | 'now'>, askId: string, text: string, by: string): { ask_id: string; file: string; path: string; subject: string } {
  const ask = ctx.store.asks().find((a) => a.id === askId);
  if (!ask) throw new LoopError('ask-not-found', `no ask ${askId}`, { exitCode: 1, hint: 'list them with `engine asks --all`' });
  if (ask.status === 'replied') throw new LoopError('ask-answered', `ask ${askId} was already answered (${ask.reply_file ?? 'reply on file'})`, { exitCode: 1 });
  const from = senderName(by);
  const subject = `re:${askId} answer from ${from}`;
  const body = text.endsWith('\n') ? text : `${text}\n`;
  const w = writeMessage(join(ctx.root, '.loop', 'messages'), { from, to: 'coord', subject, body, now: ctx.now() });
  return { ask_id: askId, file: w.file, path: w.path, subject };
}
