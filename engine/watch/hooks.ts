/**
 * Extension points of the watch daemon (spec/engine.md §12.2), so other areas plug in with one
 * line each instead of editing the tick:
 * - a **trigger hook** says whether its reason is pending this tick (e.g. `drive-pending`, §12.2
 *   step 8); a pending reason runs a cycle, subject to debounce and the usual suppression;
 * - a **tick job** runs every tick after observation (e.g. the scheduled wiki lint, §12.6). It gets
 *   `paused` and must do nothing that decides: pausing stops decisions, not observation.
 * A hook that throws is reported once as `error {kind: "hook-failed", hook}` and the tick goes on.
 */
import type { EngineContext } from '../context.js';
import { lintTick } from '../wiki/lint-run.js';
import { drivePendingHook } from '../drive/hook.js';

export interface TriggerHook {
  /** The trigger reason it raises, e.g. `drive-pending`. */
  reason: string;
  pending: (ctx: EngineContext, now: Date) => boolean | Promise<boolean>;
}

export interface TickJob {
  name: string;
  run: (ctx: EngineContext, tick: { now: Date; paused: boolean }) => void | Promise<void>;
}

/** Trigger hooks, evaluated in this order every tick. */
export const triggerHooks: TriggerHook[] = [
  drivePendingHook, // drive-pending (spec §12.2 step 8): a verify/build result or timeout to surface
];

/** Tick jobs, run in this order every tick. */
export const tickJobs: TickJob[] = [
  // scheduled wiki lint (spec §12.6): dispatches nothing while paused.
  { name: 'wiki-lint', run: (ctx, { paused }) => { if (!paused) void lintTick(ctx); } },
];
