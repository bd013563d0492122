/**
 * The deck's one render scheduler (style-anchors §2 item 11): many requests coalesce into at most
 * `maxFps` frames per second; a frame runs only when something asked for it. The frame function
 * itself decides whether state changed (app.ts compares state identity).
 */
import { realTimers, type Timers } from './timers.js';

export interface RenderScheduler {
  /** Ask for a frame; it runs at once if the last one is old enough, else when the budget allows. */
  request: () => void;
  /** Run a frame now if one is pending (or `force`), ignoring the rate limit (tests, shutdown). */
  flush: (force?: boolean) => void;
  cancel: () => void;
  /** Frames run so far. */
  frames: () => number;
}

/** Create a scheduler around `frame`. */
export function createRenderScheduler(frame: () => void, opts: { maxFps?: number; timers?: Timers } = {}): RenderScheduler {
  const t = opts.timers ?? realTimers;
  const gap = 1000 / (opts.maxFps ?? 30);
  let last = -Infinity;
  let timer: unknown = null;
  let pending = false;
  let count = 0;
  let cancelled = false;
  const run = (): void => {
    timer = null;
    if (cancelled || !pending) return;
    pending = false;
    last = t.now();
    count++;
    frame();
  };
  return {
    request: () => {
      if (cancelled) return;
      pending = true;
      if (timer !== null) return;
      const wait = Math.max(0, last + gap - t.now());
      timer = t.setTimeout(run, wait);
    },
    flush: (force = false) => {
      if (cancelled) return;
      if (timer !== null) { t.clearTimeout(timer); timer = null; }
      if (force) pending = true;
      run();
    },
    cancel: () => { cancelled = true; if (timer !== null) t.clearTimeout(timer); timer = null; },
    frames: () => count,
  };
}
