/**
 * `ask.answer {ask_id, text, by?}` → `{ask_id, file}`: a person answers an ask; the reply is written
 * as a mailbox message (engine/asks/answer.ts) and the daemon's next tick — woken at once — matches
 * it (`reply-received` event and trigger). Unknown ask → -32004; already answered → -32009.
 */
import { z } from 'zod';
import { writeAnswer } from '../../asks/answer.js';
import { ErrorCodes } from '../../protocol/methods.js';
import { rpcError, type HandlerDeps } from './types.js';

const Params = z.object({ ask_id: z.string().min(1), text: z.string().min(1), by: z.string().optional() });

export const askAnswer = (d: HandlerDeps) => (p: unknown): unknown => {
  const r = Params.safeParse(p);
  if (!r.success) throw rpcError(ErrorCodes.INVALID_PARAMS, z.prettifyError(r.error));
  try {
    const w = writeAnswer(d.ctx, r.data.ask_id, r.data.text, r.data.by ?? d.ctx.actor);
    d.wake?.();
    return { ask_id: w.ask_id, file: w.file };
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw rpcError(code === 'ask-not-found' ? ErrorCodes.NOT_FOUND : code === 'ask-answered' ? ErrorCodes.CONFLICT : ErrorCodes.FAILED, (e as Error).message, code);
  }
};
