/** A minimal store around the pure reducer: listeners run only when an action changed the state. */
import type { DeckAction } from './actions.js';
import { reduce } from './reduce.js';
import type { DeckState } from './types.js';

export interface Store {
  getState: () => DeckState;
  dispatch: (a: DeckAction) => void;
  /** Returns an unsubscribe function. */
  subscribe: (fn: (s: DeckState) => void) => () => void;
}

/** Create a store; `reducer` is injectable for tests. */
export function createStore(initial: DeckState, reducer: (s: DeckState, a: DeckAction) => DeckState = reduce): Store {
  let state = initial;
  const listeners = new Set<(s: DeckState) => void>();
  return {
    getState: () => state,
    dispatch: (a) => {
      const next = reducer(state, a);
      if (next === state) return;
      state = next;
      for (const fn of [...listeners]) fn(state);
    },
    subscribe: (fn) => { listeners.add(fn); return () => { listeners.delete(fn); }; },
  };
}
