/** `decision.reject {id, reason?, by?}`: a person rejects; nothing runs. */
import { z } from 'zod';
import { rejectDecision } from '../../cycle/resolve.js';
import { ErrorCodes } from '../../protocol/methods.js';
import { rpcError, type HandlerDeps } from './types.js';

const Params = z.object({ id: z.string().min(1), reason: z.string().max(4000).optional(), by: z.string().optional() });

export const decisionReject = (d: HandlerDeps) => async (p: unknown): Promise<unknown> => {
  const r = Params.safeParse(p);
  if (!r.success) throw rpcError(ErrorCodes.INVALID_PARAMS, z.prettifyError(r.error));
  return d.exclusive(async () => {
    try { return rejectDecision(d.ctx, r.data.id, r.data.reason ?? '', r.data.by ?? d.ctx.actor); } catch (e) {
      throw rpcError(ErrorCodes.CONFLICT, (e as Error).message, (e as { code?: string }).code);
    }
  });
};
