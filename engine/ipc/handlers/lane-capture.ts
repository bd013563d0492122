/** `lane.capture {lane, lines?}`: the lane's visible screen (read-only). */
import { z } from 'zod';
import { listPanes } from '../../../substrate/tmux/panes.js';
import { resolveLane } from '../../../substrate/lanes.js';
import { capturePanes, contractTs } from '../../../substrate/observe.js';
import { screenTail } from '../../../substrate/readiness.js';
import { ErrorCodes } from '../../protocol/methods.js';
import { rpcError, type HandlerDeps } from './types.js';

const Params = z.object({ lane: z.string().min(1), lines: z.number().int().min(1).max(500).optional() });

export const laneCapture = (d: HandlerDeps) => async (p: unknown): Promise<unknown> => {
  const r = Params.safeParse(p);
  if (!r.success) throw rpcError(ErrorCodes.INVALID_PARAMS, z.prettifyError(r.error));
  const panes = await listPanes(d.ctx.tmux, d.ctx.session);
  const lane = resolveLane(panes, r.data.lane);
  if (!lane) throw rpcError(ErrorCodes.NOT_FOUND, `unknown lane ${r.data.lane}`, 'unknown-lane');
  const text = (await capturePanes(d.ctx.tmux, [lane.pane.paneId])).get(lane.pane.paneId) ?? '';
  return { lane: r.data.lane, target: lane.pane.paneId, text: screenTail(text, r.data.lines ?? 200), captured_at: contractTs() };
};
