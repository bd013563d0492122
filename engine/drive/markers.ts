/**
 * Build and verify markers (spec/engine.md §10.1) in the store's `markers` table (DESIGN.md §9.2:
 * SQLite instead of the two JSON marker files): at most one marker per (kind, window), written in a
 * transaction. A row whose data is not a JSON object is reported once as an `input-problem` event
 * carrying the raw text (nothing lost) and removed, so it cannot wedge the window forever.
 */
import type { EngineContext } from '../context.js';

export interface VerifyMarker { window: string; branch: string; base: string; tip: string; out_path: string; pid: number; started_at: string; tip_sha?: string }
export interface BuildMarker { window: string; branch: string; pid: number; started_at: string; pre_build_sha?: string; worktree?: string }
export type MarkerKind = 'verify' | 'build';
type MarkerOf<K extends MarkerKind> = K extends 'verify' ? VerifyMarker : BuildMarker;

/** Every marker of `kind`, oldest first; malformed rows reported and dropped (only skipped when `readOnly`, e.g. a dry run). */
export function listMarkers<K extends MarkerKind>(ctx: EngineContext, kind: K, readOnly = false): Array<MarkerOf<K>> {
  const rows = ctx.store.db.prepare('SELECT window, data FROM markers WHERE kind = ? ORDER BY created_at, window').all(kind) as Array<{ window: string; data: string }>;
  const out: Array<MarkerOf<K>> = [];
  for (const r of rows) {
    let v: unknown;
    try { v = JSON.parse(r.data); } catch { v = null; }
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
      if (readOnly) continue;
      ctx.emit('input-problem', { problem: `engine.db markers(kind=${kind}, window=${r.window}): data is not a JSON object; marker dropped`, raw: r.data.slice(0, 2000) });
      removeMarker(ctx, kind, r.window);
      continue;
    }
    out.push({ ...(v as MarkerOf<K>), window: r.window });
  }
  return out;
}

export function getMarker<K extends MarkerKind>(ctx: EngineContext, kind: K, window: string): MarkerOf<K> | null {
  return listMarkers(ctx, kind).find((m) => m.window === window) ?? null;
}

/** Insert the marker; false when one already exists for (kind, window) (the at-most-one rule). */
export function putMarker(ctx: EngineContext, kind: MarkerKind, m: VerifyMarker | BuildMarker): boolean {
  return ctx.store.db.prepare('INSERT OR IGNORE INTO markers (kind, window, data, created_at) VALUES (?, ?, ?, ?)').run(kind, m.window, JSON.stringify(m), m.started_at).changes === 1;
}

export function removeMarker(ctx: EngineContext, kind: MarkerKind, window: string): void {
  ctx.store.db.prepare('DELETE FROM markers WHERE kind = ? AND window = ?').run(kind, window);
}

/** Windows with a marker of either kind (for the drive block and the utilization rule). */
export function markedWindows(ctx: EngineContext): Set<string> {
  return new Set((ctx.store.db.prepare('SELECT window FROM markers').all() as Array<{ window: string }>).map((r) => r.window));
}
