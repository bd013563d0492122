import { describe, expect, it } from 'vitest';
import { createRenderScheduler } from './render-scheduler.js';
import type { Timers } from './timers.js';

/** A manual clock: timers fire only when `advance` passes their time. */
function manualTimers(): Timers & { advance: (ms: number) => void } {
  let now = 0;
  let seq = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout: (fn, ms) => { const id = ++seq; due.set(id, { at: now + ms, fn }); return id; },
    clearTimeout: (h) => { due.delete(h as number); },
    advance: (ms) => {
      const end = now + ms;
      for (;;) {
        const next = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > end) break;
        due.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = end;
    },
  };
}

describe('render scheduler', () => {
  it('coalesces a burst of requests into one frame', () => {
    const t = manualTimers();
    let frames = 0;
    const s = createRenderScheduler(() => { frames++; }, { timers: t });
    for (let i = 0; i < 100; i++) s.request();
    t.advance(0);
    expect(frames).toBe(1);
  });

  it('never exceeds maxFps', () => {
    const t = manualTimers();
    let frames = 0;
    const s = createRenderScheduler(() => { frames++; }, { timers: t, maxFps: 30 });
    for (let ms = 0; ms < 1000; ms++) { s.request(); t.advance(1); }
    expect(frames).toBeLessThanOrEqual(31);
    expect(frames).toBeGreaterThanOrEqual(29);
  });

  it('draws nothing without a request, and nothing after cancel', () => {
    const t = manualTimers();
    let frames = 0;
    const s = createRenderScheduler(() => { frames++; }, { timers: t });
    t.advance(1000);
    expect(frames).toBe(0);
    s.request();
    s.cancel();
    t.advance(1000);
    expect(frames).toBe(0);
  });

  it('flush draws at once', () => {
    const t = manualTimers();
    let frames = 0;
    const s = createRenderScheduler(() => { frames++; }, { timers: t });
    s.flush(true);
    s.request();
    s.flush();
    expect(frames).toBe(2);
    expect(s.frames()).toBe(2);
  });
});
