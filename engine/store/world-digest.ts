/** Store facts that feed the world hash (cycle/world-hash.ts): the drive markers, as `kind:window:data`. */
import type { Store } from './store.js';

export function markerFacts(store: Store): string[] {
  return (store.db.prepare('SELECT kind, window, data FROM markers ORDER BY kind, window').all() as Array<{ kind: string; window: string; data: string }>).map((m) => `${m.kind}:${m.window}:${m.data}`);
}
