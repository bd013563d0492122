/**
 * The fix-round cap applied to a parsed decision (spec/engine.md §4.12 step 18, §10.5): reads the
 * whole event log's verify outcomes, rewrites builds for capped windows into escalations, and emits
 * `fix-round-cap` unless the newest one for that window already says the same thing.
 */
import type { EngineContext } from '../context.js';
import type { Action } from '../protocol/decision.js';
import { cappedWindows, parseMaxRounds, rewriteCapped, type CapInfo } from './fix-rounds.js';
import { ledgerBranches } from './paths.js';

export const VERIFY_OUTCOMES = ['verify-passed', 'verify-failed', 'verify-timeout', 'verify-stale'];

/** Capped windows now (empty when the cap is disabled; emits `fix-round-cap-disabled` then). */
export function currentCaps(ctx: EngineContext, ledger: Record<string, unknown> | null, emitDisabled = false): Map<string, CapInfo> {
  const raw = ctx.config.max_fix_rounds;
  const p = parseMaxRounds(raw);
  if ('disabled' in p) { if (emitDisabled) ctx.emit('fix-round-cap-disabled', { reason: p.disabled, raw }); return new Map(); }
  return cappedWindows(ctx.store.events.list({ types: VERIFY_OUTCOMES }), p.max, ledgerBranches(ledger));
}

/** Rewrite capped builds; returns the new action list. */
export function applyFixRoundCap(ctx: EngineContext, actions: Action[], ledger: Record<string, unknown> | null): Action[] {
  if (!actions.some((a) => a.kind === 'build')) return actions;
  const r = rewriteCapped(actions, currentCaps(ctx, ledger));
  for (const c of r.fired) {
    const prev = ctx.store.events.tail(200, ['fix-round-cap']).reverse().find((e) => e.data.window === c.window);
    const same = prev && prev.data.branch === c.branch && prev.data.latest_verify_seq === c.latest_verify_seq && prev.data.fix_rounds === c.rounds && prev.data.max_fix_rounds === c.max;
    if (!same) ctx.emit('fix-round-cap', { window: c.window, branch: c.branch, branch_head: c.branch_head, latest_verify_seq: c.latest_verify_seq, fix_rounds: c.rounds, failed_fix_rounds: c.rounds, max_fix_rounds: c.max, latest_event: c.event, findings: c.findings });
  }
  return r.actions;
}
