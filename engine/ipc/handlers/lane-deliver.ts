/**
 * The shared delivery of `lane.dispatch` and `lane.steer`: a person's delivery into a lane (spec/wiki-tasks-pm-deck.md §9.6 `s`, `d`), via
 * substrate/dispatch.ts — exactly once, never clearing context. Text into a bare shell is refused
 * (it would run as commands). Records `lane-dispatch` / `lane-steer` with the payload's size.
 */
import { dispatchToLane, dispatchEnv } from '../../../substrate/dispatch.js';
import { observeLane, observeOptionsFromEnv } from '../../../substrate/observe.js';
import { isBareShell } from '../../../substrate/harness/registry.js';
import { LoopError } from '../../../substrate/errors.js';
import type { LaneDeliveryResult } from '../../protocol/lane-methods.js';
import { substrateError } from './lane-common.js';
import type { HandlerDeps } from './types.js';

/** Deliver once under the engine's exclusive lock; records the event either way. */
export async function deliver(d: HandlerDeps, kind: 'dispatch' | 'steer', p: { lane: string; payload: string; mode: 'text' | 'command'; waitReady: boolean; interrupt: boolean; by: string }): Promise<LaneDeliveryResult> {
  return d.exclusive(async () => {
    const observe = observeOptionsFromEnv();
    try {
      const st = await observeLane(d.ctx.tmux, d.ctx.session, p.lane, observe);
      if (!st) throw new LoopError('unknown-lane', `Unknown lane or window: ${p.lane} in session ${d.ctx.session}`);
      if (p.mode === 'text' && isBareShell(st.currentCommand)) throw new LoopError('lane-is-shell', `lane ${p.lane} is at a bare shell (${st.currentCommand || 'no program'}): text would run as shell commands; not delivered`, { hint: 'start the agent in the lane first, or dispatch with mode command' });
      const env = dispatchEnv();
      const r = await dispatchToLane(d.ctx.tmux, d.ctx.session, p.lane, p.payload, { mode: p.mode, waitReady: p.waitReady, interrupt: p.interrupt, readyTimeoutMs: env.readyTimeoutMs, pasteDelayMs: env.pasteDelayMs, observe });
      d.ctx.emit(`lane-${kind}`, { lane: p.lane, target: r.target, mode: p.mode, bytes: Buffer.byteLength(p.payload), interrupt: p.interrupt, by: p.by, confirmed: r.confirmed });
      return { lane: r.lane, target: r.target, confirmed: r.confirmed, warnings: r.warnings, elapsed_ms: r.elapsedMs };
    } catch (e) {
      d.ctx.emit(`lane-${kind}-failed`, { lane: p.lane, by: p.by, error: e instanceof Error ? e.message : String(e) });
      throw substrateError(e);
    }
  });
}

