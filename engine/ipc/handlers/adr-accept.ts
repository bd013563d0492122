/**
 * `adr.accept {id, by?}` → `{id, status: 'accepted', file}`: a person accepts an ADR from an interactive client
 * (the deck). Human-only (spec/substrate.md §9, DESIGN.md §5): it exists only on the IPC surface — the brain's
 * decision schema has no ADR action and the gate blocks `loop adr accept` in any payload. Refused with
 * FAILED (-32010, data.code `adr-not-ready`) naming the missing links, NOT_FOUND for an unknown id.
 */
import { z } from 'zod';
import { acceptAdr, adrDirFrom } from '../../../substrate/adr/store.js';
import { ErrorCodes } from '../../protocol/methods.js';
import { rpcError, type HandlerDeps } from './types.js';

const Params = z.object({ id: z.string().min(1).max(64), by: z.string().max(200).optional() });

export const adrAccept = (d: HandlerDeps) => async (p: unknown): Promise<unknown> => {
  const r = Params.safeParse(p);
  if (!r.success) throw rpcError(ErrorCodes.INVALID_PARAMS, z.prettifyError(r.error));
  const by = r.data.by ?? d.ctx.actor;
  try {
    const res = acceptAdr(adrDirFrom(undefined, d.ctx.root), r.data.id, { now: d.ctx.now() });
    d.ctx.emit('adr-accepted', { id: res.id, file: res.file, from: res.oldStatus, by });
    return { id: res.id, status: 'accepted', file: res.file };
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw rpcError(code === 'adr-not-found' ? ErrorCodes.NOT_FOUND : ErrorCodes.FAILED, (e as Error).message, code ?? 'adr-accept-failed');
  }
};
