/**
 * `lane.add {window, harness?|cmd?, model?, role?, auto_approve?, brief?, by?}`: a person adds a
 * dynamic lane (deck `n`, spec/wiki-tasks-pm-deck.md §9.6) via substrate/windows.ts, then — only
 * when the brief is non-empty, strictly after the lane is up and idle — delivers it as text.
 * Records `lane-add` (and `lane-add-failed`).
 */
import { z } from 'zod';
import { addLane } from '../../../substrate/windows.js';
import { dispatchToLane, dispatchEnv, waitForStatus } from '../../../substrate/dispatch.js';
import { observeOptionsFromEnv } from '../../../substrate/observe.js';
import type { LaneAddResult } from '../../protocol/lane-methods.js';
import { LaneName, OneLine, parseParams, substrateError } from './lane-common.js';
import type { HandlerDeps } from './types.js';

const Params = z.object({
  window: LaneName, harness: OneLine.min(1).optional(), cmd: OneLine.min(1).optional(), model: OneLine.min(1).optional(), role: OneLine.min(1).optional(),
  // eslint-disable-next-line no-control-regex -- matching NUL is the point
  auto_approve: z.boolean().optional(), brief: z.string().max(65_536).regex(/^[^\x00]*$/, 'no NUL bytes').optional(), by: OneLine.optional(),
}).refine((p) => p.harness || p.cmd, { message: 'harness is required (or cmd)' });

export const laneAdd = (d: HandlerDeps) => async (raw: unknown): Promise<LaneAddResult> => {
  const p = parseParams(Params, raw);
  const by = p.by ?? d.ctx.actor;
  return d.exclusive(async () => {
    try {
      const r = await addLane(d.ctx.tmux, { session: d.ctx.session, window: p.window, harness: p.harness, cmd: p.cmd, model: p.model, role: p.role, autoApprove: p.auto_approve, cwd: d.ctx.root, projectRoot: d.ctx.root });
      d.ctx.emit('lane-add', { window: p.window, target: r.paneId, harness: r.harness, model: p.model ?? null, role: p.role ?? null, auto_approve: p.auto_approve ?? false, by });
      const notes = [...r.notes];
      const brief = p.brief?.trim() ? p.brief : '';
      if (brief) {
        const env = dispatchEnv();
        const observe = observeOptionsFromEnv();
        if (!await waitForStatus(d.ctx.tmux, d.ctx.session, p.window, (s) => s === 'idle', env.readyTimeoutMs, observe)) notes.push(`lane '${p.window}' not confirmed ready; brief sent anyway`);
        await dispatchToLane(d.ctx.tmux, d.ctx.session, p.window, brief, { mode: 'text', pasteDelayMs: env.pasteDelayMs, observe });
        d.ctx.emit('lane-dispatch', { lane: p.window, target: r.paneId, mode: 'text', bytes: Buffer.byteLength(brief), interrupt: false, by, brief: true });
      }
      return { window: p.window, target: r.paneId, harness: r.harness, notes, brief_sent: Boolean(brief) };
    } catch (e) {
      d.ctx.emit('lane-add-failed', { window: p.window, by, error: e instanceof Error ? e.message : String(e) });
      throw substrateError(e);
    }
  });
};
