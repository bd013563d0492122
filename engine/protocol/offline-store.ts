/**
 * The engine store read without an engine (the deck's offline dashboard, spec/wiki-tasks-pm-deck.md
 * §9.8): the pending decision (else the most recent), the recent events, outstanding asks, the
 * history series and this hour's brain spend — the same fields the engine's own snapshot serves
 * (engine/snapshot.ts, engine/deck-extras.ts). Strictly read-only: the store is opened with
 * SQLite's read-only flag and never created or migrated.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../store/store.js';
import { storeExtras } from '../deck-extras.js';
import type { Snapshot } from './snapshot.js';
import type { SnapshotExtras } from './snapshot-extras.js';

export interface OfflineStoreView {
  decision: Snapshot['decision'];
  events: Snapshot['events'];
  extras: Pick<SnapshotExtras, 'asks' | 'history' | 'brain_spend_hour'>;
}

/**
 * Read `<root>/.loop/sessions/<session>/engine/engine.db` read-only. Returns null when there is no
 * store (the engine never ran here). `nowMs`: the clock for the history and the hour's spend.
 * @throws Error when the file exists but cannot be read (not SQLite, an older schema): the caller
 * reports it as a problem line; nothing is written either way.
 */
export function readStoreOffline(root: string, session: string, nowMs = Date.now()): OfflineStoreView | null {
  const file = join(root, '.loop', 'sessions', session, 'engine', 'engine.db');
  if (!existsSync(file)) return null;
  const store = new Store(file, { readonly: true });
  try {
    return {
      decision: store.decisions.pending() ?? store.decisions.recent(1)[0] ?? null,
      events: store.events.tail(30),
      extras: storeExtras(store, nowMs),
    };
  } finally { store.close(); }
}
