import { describe, it, expect } from 'vitest';
import { armBackoff, resetHint } from './backoff.js';
import { evaluateTriggers, utilizationTrigger } from './triggers.js';

describe('brain backoff (spec §12.4)', () => {
  const now = new Date(2026, 5, 11, 14, 30, 0);
  it('reads a reset hint in local time, rolled forward when past', () => {
    expect(new Date(resetHint('usage limit reached; resets 5pm', now)!).getHours()).toBe(17);
    const past = new Date(resetHint('limit resets 9:15am', now)!);
    expect([past.getDate(), past.getHours(), past.getMinutes()]).toEqual([12, 9, 15]);
    expect(new Date(resetHint('resets 12am', now)!).getHours()).toBe(0);
    expect(resetHint('resets 13pm', now)).toBeNull();
    expect(resetHint('nothing here', now)).toBeNull();
  });
  it('arms quota from the hint or the config default; model-unavailable from the default; others never', () => {
    expect(armBackoff('quota', 'Claude usage limit reached|resets 5pm', now, 60)!.source).toBe('stderr-reset');
    expect(armBackoff('quota', 'quota exceeded', now, 60)).toEqual({ kind: 'quota', deadline: now.getTime() + 3_600_000, source: 'config-default' });
    expect(armBackoff('model-unavailable', '', now, 10)!.deadline).toBe(now.getTime() + 600_000);
    expect(armBackoff('timeout', '', now, 10)).toBeNull();
    expect(armBackoff('exit', '', now, 10)).toBeNull();
  });
});

describe('triggers (spec §12.3)', () => {
  const base = { now: 10_000_000, watchStart: 9_000_000, lastCycleStart: 9_999_000, intervalS: 900, minCycleS: 0, boot: false, mailboxNew: false, transitions: [], cycleNow: false };
  it('orders every reason', () => {
    expect(evaluateTriggers({ ...base, mailboxNew: true, stateChanged: true, cycleNow: true, replyReceived: true, hookReasons: ['drive-pending'], utilizationPending: true, transitions: [{ lane: 'web', from: 'working', to: 'idle' }] }))
      .toEqual(['mailbox-new', 'lane-transition:web:idle', 'state-changed', 'cycle-now', 'reply-received', 'drive-pending', 'lane-utilization-pending']);
  });
  it('debounces all but cycle-now', () => {
    expect(evaluateTriggers({ ...base, minCycleS: 120, mailboxNew: true })).toEqual([]);
    expect(evaluateTriggers({ ...base, minCycleS: 120, cycleNow: true })).toEqual(['cycle-now']);
  });
  it('fires interval from the watch start, never at boot', () => {
    expect(evaluateTriggers({ ...base, lastCycleStart: null, now: base.watchStart + 1000 })).toEqual([]);
    expect(evaluateTriggers({ ...base, lastCycleStart: null, now: base.watchStart + 900_000 })).toEqual(['interval']);
  });
  it('latches utilization until the routable set changes', () => {
    expect(utilizationTrigger(['web'], null)).toEqual({ pending: true, latch: null, suppressed: false });
    expect(utilizationTrigger(['web'], ['web'])).toEqual({ pending: false, latch: ['web'], suppressed: true });
    expect(utilizationTrigger(['infra', 'web'], ['web']).pending).toBe(true);
    expect(utilizationTrigger([], ['web'])).toEqual({ pending: false, latch: null, suppressed: false });
  });
});
