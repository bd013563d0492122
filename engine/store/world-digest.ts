/** Store facts that feed the world hash (cycle/world-hash.ts): the drive markers, as `kind:window:data`. */
import type { Store } from './store.js';

export function markerFacts(store: Store): string[] {
  return (store.db.prepare('SELECT kind, window, data FROM markers ORDER BY kind, window').all() as Array<{ kind: string; window: string; data: string }>).map((m) => `${m.kind}:${m.window}:${m.data}`);
}

/**
 * Tasks whose dispatch was caught mid-delivery by a crash (action status `unknown`): task → lane.
 * The work may or may not have arrived, so no brain may send it again on its own (DESIGN.md §4).
 */
export function uncertainDispatches(store: Store): Map<string, string> {
  const rows = store.db.prepare("SELECT action FROM actions WHERE kind = 'dispatch' AND status = 'unknown'").all() as Array<{ action: string }>;
  const m = new Map<string, string>();
  for (const r of rows) { const a = JSON.parse(r.action) as { task?: string | null; lane: string }; if (a.task) m.set(a.task, a.lane); }
  return m;
}

/** Actions caught `executing` by a crash and recovered as `unknown` (newest first, at most `n`). */
export function unknownActions(store: Store, n = 20): Array<{ decision: string; idx: number; kind: string; lane: string | null; at: string }> {
  const rows = store.db.prepare("SELECT decision_id, idx, kind, action, updated_at FROM actions WHERE status = 'unknown' ORDER BY updated_at DESC, rowid DESC LIMIT ?").all(n) as Array<{ decision_id: string; idx: number; kind: string; action: string; updated_at: string }>;
  return rows.map((r) => { const a = JSON.parse(r.action) as { lane?: string; window?: string }; return { decision: r.decision_id, idx: r.idx, kind: r.kind, lane: a.lane ?? a.window ?? null, at: r.updated_at }; });
}
