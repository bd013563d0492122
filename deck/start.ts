/**
 * Start the deck on a screen: store, engine connection, pane-tail poller and the app. Returns at
 * once with a promise that settles when the user quits, and a teardown for crashes and signals.
 */
import type blessed from 'blessed';
import { createDeckApp } from './app.js';
import type { DeckOptions } from './cli.js';
import { startConnection, type ConnectionDeps } from './connection.js';
import { engineDeps } from './engine-deps.js';
import { createScreen, type ScreenIO } from './screen.js';
import { createStore, type Store } from './state/store.js';
import { initialState } from './state/types.js';
import { startTailPoller } from './tail-poller.js';
import type { Timers } from './timers.js';

export interface DeckRun {
  /** Resolves with the exit code when the user quits. */
  done: Promise<number>;
  /** Stop everything and restore the terminal (idempotent). */
  teardown: () => void;
  store: Store;
  screen: blessed.Widgets.Screen;
  /** Draw now (tests). */
  flush: () => void;
  /** Frames the app has drawn. */
  frames: () => number;
}

/** Run the deck; `io`, `deps` and `timers` are injectable for headless tests. */
export function startDeck(o: DeckOptions & { io?: ScreenIO; deps?: ConnectionDeps; timers?: Timers; pollMs?: number; /** $TMUX_PANE override (tests); null = not in tmux. */ ownPane?: string | null }): DeckRun {
  const screen = createScreen(o.io);
  const ownPane = o.ownPane === undefined ? process.env.TMUX_PANE || null : o.ownPane;
  const store = createStore(initialState({ session: o.session, root: o.root, ownPane }));
  const engine = startConnection({
    root: o.root, session: o.session, socketName: o.socketName, socketPath: o.socketPath,
    dispatch: store.dispatch, deps: o.deps ?? engineDeps, timers: o.timers, pollMs: o.pollMs,
  });
  const tail = startTailPoller({ store, engine, timers: o.timers, ownPane: ownPane ?? undefined });
  let finish: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => { finish = resolve; });
  let down = false;
  const teardown = (): void => {
    if (down) return;
    down = true;
    tail.stop();
    engine.stop();
    app.destroy();
    screen.destroy();
  };
  const app = createDeckApp({ screen, store, engine, timers: o.timers, quit: () => { teardown(); finish(0); } });
  return { done, teardown, store, screen, flush: () => app.flush(), frames: () => app.frames() };
}
