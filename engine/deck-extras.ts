/**
 * The engine's side of the deck's snapshot extras (engine/protocol/snapshot-extras.ts): cycle
 * latency kept as a bounded series in the store's kv (fed by `cycle.finished`), brain calls and
 * spend per bucket from the `brain_calls` table, outstanding asks, ADRs, restarts, the newest
 * transcript and a stale pid. Read-only except for the latency series.
 */
import { subscribe, type EngineContext } from './context.js';
import type { CycleFinished } from './protocol/methods.js';
import { newestTranscript, readAdrs, readRestarts, stalePid, type HistorySeries, type SnapshotExtras } from './protocol/snapshot-extras.js';

const KEY = 'deck_cycle_ms';
const KEEP_MS = 24 * 3600_000;
const MAX_POINTS = 5000;
/** Sparkline span: 6 hours in 15-minute buckets. */
export const HISTORY = { hours: 6, bucketS: 900 } as const;

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const tracked = new WeakSet<EngineContext>();

/** Record every finished cycle's duration (once per context; idempotent). */
export function trackCycleLatency(ctx: EngineContext): void {
  if (tracked.has(ctx)) return;
  tracked.add(ctx);
  subscribe(ctx, (m, p) => {
    if (m !== 'cycle.finished') return;
    const f = p as CycleFinished;
    try {
      const now = ctx.now().getTime();
      const pts = readPoints(ctx).filter(([at]) => at >= now - KEEP_MS);
      pts.push([now, Math.max(0, Math.round(f.duration_ms))]);
      ctx.store.setKv(KEY, JSON.stringify(pts.slice(-MAX_POINTS)));
    } catch { /* history is best effort; a cycle never fails for it */ }
  });
}

function readPoints(ctx: EngineContext): Array<[number, number]> {
  try {
    const v = JSON.parse(ctx.store.getKv(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is [number, number] => Array.isArray(x) && typeof x[0] === 'number' && typeof x[1] === 'number') : [];
  } catch { return []; }
}

/** Mean cycle latency (ms), brain spend (USD) and brain calls per bucket, oldest first. */
export function historySeries(ctx: EngineContext, nowMs = ctx.now().getTime()): HistorySeries {
  const n = Math.round((HISTORY.hours * 3600) / HISTORY.bucketS);
  const w = HISTORY.bucketS * 1000;
  const start = nowMs - n * w;
  const sums = new Array<number>(n).fill(0);
  const counts = new Array<number>(n).fill(0);
  for (const [at, ms] of readPoints(ctx)) {
    const i = Math.min(n - 1, Math.floor((at - start) / w)); // a point at `now` belongs to the last bucket
    if (i >= 0 && at <= nowMs) { sums[i]! += ms; counts[i]! += 1; }
  }
  const cum = Array.from({ length: n + 1 }, (_, i) => ctx.store.brainCallsSince(iso(start + i * w)));
  const brain_usd: number[] = [];
  const brain_calls: number[] = [];
  for (let i = 0; i < n; i++) {
    brain_usd.push(Math.max(0, cum[i]!.cost_usd - cum[i + 1]!.cost_usd));
    brain_calls.push(Math.max(0, cum[i]!.calls - cum[i + 1]!.calls));
  }
  return { bucket_s: HISTORY.bucketS, until: iso(nowMs), cycle_ms: sums.map((s, i) => (counts[i] ? Math.round(s / counts[i]!) : 0)), brain_usd, brain_calls };
}

/** Everything the engine adds to its snapshot for the deck. */
export function engineExtras(ctx: EngineContext): SnapshotExtras {
  const hourAgo = iso(ctx.now().getTime() - 3600_000);
  return {
    adrs: readAdrs(ctx.root),
    asks: ctx.store.asks('outstanding').map((a) => ({ id: a.id, lane: a.lane, decision_id: a.decision_id, created_at: a.created_at, reply_timeout_s: a.reply_timeout_s })),
    restarts: readRestarts(ctx.paths.sessionDir),
    history: historySeries(ctx),
    transcript: newestTranscript(ctx.paths.engineDir),
    stale_pid: stalePid(ctx.paths.engineDir),
    brain_spend_hour: ctx.store.brainCallsSince(hourAgo).cost_usd,
  };
}
