/**
 * `lane.focus {lane, from_pane?}`: jump to a lane in tmux (deck `g`, spec/wiki-tasks-pm-deck.md
 * §9.6). The deck may not spawn processes, so the engine does it: select the lane's window and
 * pane; when `from_pane` (the asking client's $TMUX_PANE) sits in another session, switch every
 * client attached to that session to the lane. Changes no file. Records `lane-focus`.
 */
import { z } from 'zod';
import { listPanes } from '../../../substrate/tmux/panes.js';
import { resolveLane } from '../../../substrate/lanes.js';
import { LoopError } from '../../../substrate/errors.js';
import type { LaneFocusResult } from '../../protocol/lane-methods.js';
import { LaneName, parseParams, substrateError } from './lane-common.js';
import type { HandlerDeps } from './types.js';

const Params = z.object({ lane: LaneName, from_pane: z.string().regex(/^%\d+$/, 'a tmux pane id like %3').optional() });

export const laneFocus = (d: HandlerDeps) => async (raw: unknown): Promise<LaneFocusResult> => {
  const p = parseParams(Params, raw);
  const t = d.ctx.tmux;
  try {
    const r = resolveLane(await listPanes(t, d.ctx.session), p.lane);
    if (!r) throw new LoopError('unknown-lane', `Unknown lane or window: ${p.lane} in session ${d.ctx.session}`);
    await t.run(['select-window', '-t', r.pane.windowId]);
    await t.run(['select-pane', '-t', r.pane.paneId]);
    let switched = 0;
    if (p.from_pane) {
      // Best effort: the asking pane may live on another tmux server (then only the selection above applies).
      const from = (await t.run(['display-message', '-p', '-t', p.from_pane, '#{session_name}']).catch(() => ({ stdout: '' }))).stdout.trim();
      if (from && from !== d.ctx.session) {
        const clients = (await t.run(['list-clients', '-t', from, '-F', '#{client_name}'])).stdout.split('\n').filter(Boolean);
        for (const c of clients) { await t.run(['switch-client', '-c', c, '-t', r.pane.paneId]); switched++; }
      }
    }
    d.ctx.emit('lane-focus', { lane: p.lane, target: r.pane.paneId, switched_clients: switched, by: d.ctx.actor });
    return { lane: p.lane, target: r.pane.paneId, switched_clients: switched };
  } catch (e) { throw substrateError(e); }
};
