/**
 * The daemon's `drive-pending` trigger hook (spec/engine.md §12.2 step 8, §12.3): shaped as a
 * `TriggerHook` of engine/watch/hooks.ts — register it there with one line
 * (`triggerHooks.push(drivePendingHook)` or an entry in the list). Probes the markers' runners and
 * result files, then asks the pure `drivePending`.
 */
import type { EngineContext } from '../context.js';
import { drivePending } from './pending.js';
import { driveState } from './surface.js';

export const drivePendingHook = {
  reason: 'drive-pending',
  pending: async (ctx: EngineContext): Promise<boolean> => drivePending(await driveState(ctx)),
};
