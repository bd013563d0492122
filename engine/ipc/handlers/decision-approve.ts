/** `decision.approve {id, actions?, by?}`: a person approves; approved actions run at most once. */
import { z } from 'zod';
import { approveDecision } from '../../cycle/resolve.js';
import { ErrorCodes } from '../../protocol/methods.js';
import { rpcError, type HandlerDeps } from './types.js';

const Params = z.object({ id: z.string().min(1), actions: z.array(z.number().int().min(0)).optional(), by: z.string().optional() });

export const decisionApprove = (d: HandlerDeps) => async (p: unknown): Promise<unknown> => {
  const r = Params.safeParse(p);
  if (!r.success) throw rpcError(ErrorCodes.INVALID_PARAMS, z.prettifyError(r.error));
  return d.exclusive(async () => {
    try { return await approveDecision(d.ctx, r.data.id, r.data.actions ?? null, r.data.by ?? d.ctx.actor); } catch (e) {
      throw rpcError(ErrorCodes.CONFLICT, (e as Error).message, (e as { code?: string }).code);
    }
  });
};
