/**
 * The engine's deck extras with a real SQLite store: cycle latency from the `duration_ms` of
 * `cycle-end` events (written by the cycle itself, so nothing is lost to a crash and no
 * subscription is needed), brain spend per bucket.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createContext, type EngineContext } from '../../engine/context.js';
import { engineExtras, historySeries } from '../../engine/deck-extras.js';
import { runCycle } from '../../engine/cycle/run-cycle.js';

let root: string | null = null;
let ctx: EngineContext | null = null;
afterEach(() => { ctx?.store.close(); ctx = null; if (root) rmSync(root, { recursive: true, force: true }); root = null; });

describe('engine deck extras', () => {
  it('buckets cycle latency (from cycle-end events) and brain spend over six hours, newest last', () => {
    root = mkdtempSync(join(tmpdir(), 'ldk-hist-'));
    let now = Date.parse('2026-11-21T12:00:00Z');
    ctx = createContext({ root, session: 's', out: () => undefined, now: () => new Date(now) });
    ctx.emit('cycle-end', { outcome: 'idle', rc: 0, decision: null, duration_ms: 100 });
    ctx.emit('cycle-end', { outcome: 'idle', rc: 0, decision: null, duration_ms: 300 });
    ctx.emit('cycle-end', { outcome: 'idle', rc: 0, decision: null }); // an old event without a duration: skipped
    now -= 3600_000;
    ctx.emit('cycle-end', { outcome: 'idle', rc: 0, decision: null, duration_ms: 50 });
    now -= 7 * 3600_000;
    ctx.emit('cycle-end', { outcome: 'idle', rc: 0, decision: null, duration_ms: 9999 }); // outside the window
    now += 8 * 3600_000;
    const call = { brain: 'cli', harness: 'claude', model: null, duration_ms: 1, failure_kind: null, prompt_bytes: 1, response_bytes: 1, input_tokens: null, output_tokens: null, prompt_path: null, response_path: null };
    ctx.store.addBrainCall({ ...call, started_at: '2026-11-21T11:55:00Z', cost_usd: 0.25 });
    ctx.store.addBrainCall({ ...call, started_at: '2026-11-21T07:00:00Z', cost_usd: 1 });
    const h = historySeries(ctx.store, now);
    expect(h.cycle_ms).toHaveLength(24);
    expect(h.cycle_ms.at(-1)).toBe(200);
    expect(h.cycle_ms.at(-4)).toBe(50);
    expect(Math.max(...h.cycle_ms)).toBe(200);
    expect(h.brain_usd.at(-1)).toBeCloseTo(0.25);
    expect(h.brain_calls.reduce((a, b) => a + b, 0)).toBe(2);
    expect(h.brain_usd[4]).toBeCloseTo(1);
    expect(engineExtras(ctx)).toMatchObject({ brain_spend_hour: 0.25, asks: [], restarts: {}, transcript: null });
  });

  it('a real cycle puts duration_ms on its cycle-end event, and the series reads it back', async () => {
    root = mkdtempSync(join(tmpdir(), 'ldk-hist-'));
    // No tmux server on this private socket: observation fails and the cycle ends with rc 6.
    ctx = createContext({ root, session: 's', socketName: `ldk-none-${process.pid}`, out: () => undefined });
    const r = await runCycle(ctx, { reasons: ['test'] });
    expect(r.rc).toBe(6);
    const end = ctx.store.events.list({ types: ['cycle-end'] });
    expect(end).toHaveLength(1);
    expect(typeof end[0]!.data.duration_ms).toBe('number');
    const h = historySeries(ctx.store, Date.now());
    expect(h.cycle_ms.at(-1)).toBe(end[0]!.data.duration_ms);
  });
});
