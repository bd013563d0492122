/**
 * `lane.drop {window, confirm?, by?}`: a person drops a lane (deck `x`, spec/wiki-tasks-pm-deck.md
 * §9.6). A base lane (a window add-lane did not create) needs `confirm` equal to the window name,
 * else INVALID_PARAMS and nothing happens; the substrate is then asked WITHOUT force, so its guard
 * refuses base lanes and that refusal comes back verbatim. Never forces. Records `lane-drop`.
 */
import { z } from 'zod';
import { listPanes } from '../../../substrate/tmux/panes.js';
import { dropLane } from '../../../substrate/windows.js';
import { LoopError } from '../../../substrate/errors.js';
import { ErrorCodes } from '../../protocol/methods.js';
import type { LaneDropResult } from '../../protocol/lane-methods.js';
import { LaneName, OneLine, parseParams, substrateError } from './lane-common.js';
import { rpcError, type HandlerDeps } from './types.js';

const Params = z.object({ window: LaneName, confirm: z.string().max(200).optional(), by: OneLine.optional() });

export const laneDrop = (d: HandlerDeps) => async (raw: unknown): Promise<LaneDropResult> => {
  const p = parseParams(Params, raw);
  const by = p.by ?? d.ctx.actor;
  return d.exclusive(async () => {
    try {
      const pane = (await listPanes(d.ctx.tmux, d.ctx.session)).find((x) => x.windowName === p.window);
      if (!pane) throw new LoopError('window-not-found', `drop-lane: window '${p.window}' not found in session '${d.ctx.session}'`);
      if (pane.opts.lane !== '1' && p.confirm?.trim() !== p.window) {
        throw rpcError(ErrorCodes.INVALID_PARAMS, `name mismatch: type '${p.window}' exactly to drop a base lane`, 'confirm-mismatch');
      }
      const r = await dropLane(d.ctx.tmux, d.ctx.session, p.window, false);
      d.ctx.emit('lane-drop', { window: p.window, window_id: r.windowId, by });
      return { window: p.window, window_id: r.windowId };
    } catch (e) {
      d.ctx.emit('lane-drop-failed', { window: p.window, by, error: e instanceof Error ? e.message : String(e) });
      throw substrateError(e);
    }
  });
};
