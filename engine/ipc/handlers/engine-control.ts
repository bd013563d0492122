/** `engine.pause`, `engine.resume`, `cycle.now`, `shutdown`: daemon control. Observation continues while paused. */
import type { HandlerDeps } from './types.js';

const by = (p: unknown, d: HandlerDeps): string => ((p as { by?: string } | undefined)?.by ?? d.ctx.actor);

export const enginePause = (d: HandlerDeps) => (p: unknown): unknown => {
  d.ctx.store.setKv('paused', '1');
  d.ctx.emit('paused', { by: by(p, d) });
  d.ctx.notify('engine.paused', { by: by(p, d) });
  return { paused: true };
};

export const engineResume = (d: HandlerDeps) => (p: unknown): unknown => {
  const was = d.ctx.store.getKv('paused') === '1';
  d.ctx.store.setKv('paused', '0');
  if (was) { d.ctx.emit('resumed', { by: by(p, d) }); d.ctx.notify('engine.resumed', { by: by(p, d) }); }
  return { paused: false, was_paused: was };
};

export const cycleNow = (d: HandlerDeps) => (): unknown => { d.requestCycle('cycle-now'); return { queued: true }; };

export const shutdown = (d: HandlerDeps) => (): unknown => { setTimeout(() => d.shutdown(), 10); return { stopping: true }; };
