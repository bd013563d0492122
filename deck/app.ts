/**
 * Wires the store to the views: one render scheduler (≤ 30 frames/s) that draws only when the state
 * changed (or a view scrolled / the terminal resized), keypresses routed through the key map
 * (intents.ts), the timer that expires toasts, and a clock tick (5/s) only while a spinner or a
 * change highlight is on screen. No I/O of its own: the engine link is injected.
 */
import type blessed from 'blessed';
import type { EngineLink } from './connection.js';
import { handleKey, type IntentContext } from './intents.js';
import { createRenderScheduler } from './render-scheduler.js';
import type { Store } from './state/store.js';
import { needsTick, SPIN_MS } from './state/select.js';
import type { DeckState } from './state/types.js';
import { realTimers, type Timers } from './timers.js';
import { createViews, drawAll, scrollPanel } from './views/layout.js';

export interface DeckAppOptions {
  screen: blessed.Widgets.Screen;
  store: Store;
  engine: Pick<EngineLink, 'request' | 'call' | 'refresh'>;
  /** Called for `q` / `C-c`; the caller tears down and exits. */
  quit: () => void;
  timers?: Timers;
  maxFps?: number;
}

export interface DeckApp {
  /** Draw now, bypassing the frame budget (tests, first frame). */
  flush: () => void;
  /** Frames drawn so far. */
  frames: () => number;
  destroy: () => void;
}

/** Build the views on `screen` and start reacting to the store and the keyboard. */
export function createDeckApp(o: DeckAppOptions): DeckApp {
  const t = o.timers ?? realTimers;
  const views = createViews(o.screen);
  let drawn: DeckState | null = null;
  let dirty = true;
  let drawnFrames = 0;
  const frame = (): void => {
    const s = o.store.getState();
    if (s === drawn && !dirty) return;
    drawn = s;
    dirty = false;
    drawAll(views, s);
    o.screen.render();
    drawnFrames++;
  };
  const scheduler = createRenderScheduler(frame, { maxFps: o.maxFps ?? 30, timers: t });
  const redraw = (): void => { dirty = true; scheduler.request(); };

  let toastTimer: unknown = null;
  let toastDue = Infinity;
  const planToasts = (s: DeckState): void => {
    if (!s.toasts.length) { if (toastTimer !== null) t.clearTimeout(toastTimer); toastTimer = null; toastDue = Infinity; return; }
    const due = Math.min(...s.toasts.map((x) => x.at + x.ttlMs));
    if (toastTimer !== null && due >= toastDue) return;
    if (toastTimer !== null) t.clearTimeout(toastTimer);
    toastDue = due;
    toastTimer = t.setTimeout(() => {
      toastTimer = null;
      toastDue = Infinity;
      o.store.dispatch({ type: 'toast.expire', now: t.now() });
      planToasts(o.store.getState());
    }, Math.max(0, due - t.now()) + 5);
  };

  // The clock ticks only while something on screen moves with it (a spinner, a change highlight).
  let tickTimer: unknown = null;
  const planTick = (s: DeckState): void => {
    if (tickTimer !== null || !needsTick(s)) return;
    tickTimer = t.setTimeout(() => {
      tickTimer = null;
      o.store.dispatch({ type: 'tick', now: t.now() });
      planTick(o.store.getState());
    }, SPIN_MS);
  };

  const unsubscribe = o.store.subscribe((s) => { planToasts(s); planTick(s); scheduler.request(); });
  const ctx: IntentContext = {
    store: o.store, engine: o.engine, now: () => t.now(), quit: o.quit,
    scroll: (panel, delta) => { scrollPanel(views, panel, delta); redraw(); },
  };
  const onKey = (ch: string | undefined, key: { full?: string } | undefined): void => { handleKey(ctx, ch, key?.full ?? ch ?? ''); };
  o.screen.on('keypress', onKey);
  o.screen.on('resize', redraw);
  scheduler.flush(true);

  return {
    flush: () => { dirty = true; scheduler.flush(true); },
    frames: () => drawnFrames,
    destroy: () => {
      unsubscribe();
      scheduler.cancel();
      if (toastTimer !== null) t.clearTimeout(toastTimer);
      if (tickTimer !== null) t.clearTimeout(tickTimer);
      o.screen.removeListener('keypress', onKey);
      o.screen.removeListener('resize', redraw);
    },
  };
}
