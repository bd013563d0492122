/**
 * Keeps the pane tail of the selected lane fresh: captures at once when the selection, the lane's
 * status or the connection changes (a `lane.changed` notification patches the status), and
 * otherwise at most every `everyMs` while the deck is visible (no help screen over it).
 * One capture in flight at a time; results go to the store as actions.
 */
import type { EngineLink } from './connection.js';
import type { Store } from './state/store.js';
import type { DeckState } from './state/types.js';
import { realTimers, type Timers } from './timers.js';

export interface TailPoller { stop: () => void }

const key = (s: DeckState): string => {
  const lane = s.selectedLane;
  const status = lane ? s.snapshot?.lanes.find((l) => l.lane === lane)?.status ?? '' : '';
  return `${lane ?? ''}\0${status}\0${s.connection.status}`;
};
const active = (s: DeckState): boolean => s.selectedLane !== null && s.modal.kind !== 'help';

/** Start polling; `stop()` ends it (a capture in flight is ignored when it lands). */
export function startTailPoller(o: { store: Store; engine: Pick<EngineLink, 'capture'>; timers?: Timers; everyMs?: number; /** The deck's own pane ($TMUX_PANE): never captured (it would mirror itself). */ ownPane?: string }): TailPoller {
  const t = o.timers ?? realTimers;
  const every = o.everyMs ?? 1000;
  let inflight = false;
  let again = false;
  let stopped = false;
  let timer: unknown = null;
  let last = -Infinity;
  let lastKey = '';

  const plan = (): void => {
    if (stopped || timer !== null || inflight || !active(o.store.getState())) return;
    timer = t.setTimeout(() => { timer = null; void capture(); }, Math.max(0, last + every - t.now()));
  };

  const capture = async (): Promise<void> => {
    if (timer !== null) { t.clearTimeout(timer); timer = null; }
    const s = o.store.getState();
    const lane = s.selectedLane;
    if (stopped || !lane || !active(s)) return;
    if (inflight) { again = true; return; }
    if (o.ownPane && s.snapshot?.lanes.find((l) => l.lane === lane)?.target === o.ownPane) {
      o.store.dispatch({ type: 'pane.captured', lane, text: "(this lane is the deck's own pane)", at: new Date(t.now()).toISOString() });
      return;
    }
    inflight = true;
    last = t.now();
    try {
      const text = await o.engine.capture(lane);
      if (!stopped) o.store.dispatch({ type: 'pane.captured', lane, text, at: new Date(t.now()).toISOString() });
    } catch (e) {
      if (!stopped) o.store.dispatch({ type: 'pane.failed', lane, error: e instanceof Error ? e.message : String(e) });
    } finally {
      inflight = false;
    }
    if (again) { again = false; void capture(); return; }
    plan();
  };

  const unsubscribe = o.store.subscribe((s) => {
    const k = key(s);
    if (k !== lastKey) { lastKey = k; void capture(); } else plan();
  });
  lastKey = key(o.store.getState());
  void capture();

  return {
    stop: () => {
      stopped = true;
      unsubscribe();
      if (timer !== null) t.clearTimeout(timer);
      timer = null;
    },
  };
}
