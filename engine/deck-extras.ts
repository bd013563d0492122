/**
 * The engine's side of the deck's snapshot extras (engine/protocol/snapshot-extras.ts): cycle
 * latency from the `duration_ms` of the store's `cycle-end` events, brain calls and spend per
 * bucket from the `brain_calls` table, outstanding asks, ADRs, restarts, the newest transcript and
 * a stale pid. Read-only: a crash loses nothing, and `engine once` cycles count too.
 */
import type { EngineContext } from './context.js';
import type { Store } from './store/store.js';
import { newestTranscript, readAdrs, readRestarts, stalePid, type HistorySeries, type SnapshotExtras } from './protocol/snapshot-extras.js';

/** Sparkline span: 6 hours in 15-minute buckets. */
export const HISTORY = { hours: 6, bucketS: 900 } as const;

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `[at ms, duration ms]` of every `cycle-end` event with a `duration_ms`, at or after `sinceMs`. */
function cyclePoints(store: Store, sinceMs: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const e of store.events.list({ types: ['cycle-end'], sinceTs: iso(sinceMs) })) {
    const ms = e.data.duration_ms;
    const at = Date.parse(e.ts);
    if (typeof ms === 'number' && Number.isFinite(ms) && !Number.isNaN(at)) out.push([at, Math.max(0, ms)]);
  }
  return out;
}

/** Mean cycle latency (ms), brain spend (USD) and brain calls per bucket, oldest first. */
export function historySeries(store: Store, nowMs: number): HistorySeries {
  const n = Math.round((HISTORY.hours * 3600) / HISTORY.bucketS);
  const w = HISTORY.bucketS * 1000;
  const start = nowMs - n * w;
  const sums = new Array<number>(n).fill(0);
  const counts = new Array<number>(n).fill(0);
  for (const [at, ms] of cyclePoints(store, start)) {
    const i = Math.min(n - 1, Math.floor((at - start) / w)); // a point at `now` belongs to the last bucket
    if (i >= 0 && at <= nowMs) { sums[i]! += ms; counts[i]! += 1; }
  }
  const cum = Array.from({ length: n + 1 }, (_, i) => store.brainCallsSince(iso(start + i * w)));
  const brain_usd: number[] = [];
  const brain_calls: number[] = [];
  for (let i = 0; i < n; i++) {
    brain_usd.push(Math.max(0, cum[i]!.cost_usd - cum[i + 1]!.cost_usd));
    brain_calls.push(Math.max(0, cum[i]!.calls - cum[i + 1]!.calls));
  }
  return { bucket_s: HISTORY.bucketS, until: iso(nowMs), cycle_ms: sums.map((s, i) => (counts[i] ? Math.round(s / counts[i]!) : 0)), brain_usd, brain_calls };
}

/** The extras read from the store alone: outstanding asks, the history series and this hour's brain spend (USD). Also the offline dashboard's (engine/protocol/offline-store.ts). */
export function storeExtras(store: Store, nowMs: number): Pick<SnapshotExtras, 'asks' | 'history' | 'brain_spend_hour'> {
  return {
    asks: store.asks('outstanding').map((a) => ({ id: a.id, lane: a.lane, decision_id: a.decision_id, created_at: a.created_at, reply_timeout_s: a.reply_timeout_s })),
    history: historySeries(store, nowMs),
    brain_spend_hour: store.brainCallsSince(iso(nowMs - 3600_000)).cost_usd,
  };
}

/** Everything the engine adds to its snapshot for the deck. */
export function engineExtras(ctx: EngineContext): SnapshotExtras {
  const { asks, history, brain_spend_hour } = storeExtras(ctx.store, ctx.now().getTime());
  return {
    adrs: readAdrs(ctx.root),
    asks,
    restarts: readRestarts(ctx.paths.sessionDir),
    history,
    transcript: newestTranscript(ctx.paths.engineDir),
    stale_pid: stalePid(ctx.paths.engineDir),
    brain_spend_hour,
  };
}
