/**
 * Cycle triggers (spec/engine.md §12.3), pure over state + now (ms). Reasons in fixed order:
 * boot (loopdeck: a fresh daemon decides once), interval, mailbox-new,
 * lane-transition:<lane>:<to> (working → idle/errored/awaiting-approval), state-changed, cycle-now,
 * reply-received, then hook reasons (drive-pending, …) and lane-utilization-pending.
 * Debounce: within min_cycle_interval_s of the last cycle start nothing fires — except an explicit
 * cycle-now from a person.
 */
export interface TriggerInput {
  now: number;
  watchStart: number;
  lastCycleStart: number | null;
  intervalS: number;
  minCycleS: number;
  boot: boolean;
  mailboxNew: boolean;
  transitions: Array<{ lane: string; from: string | null; to: string }>;
  cycleNow: boolean;
  stateChanged?: boolean;
  replyReceived?: boolean;
  /** Reasons raised by trigger hooks (engine/watch/hooks.ts), e.g. `drive-pending`. */
  hookReasons?: string[];
  utilizationPending?: boolean;
}

const SETTLED = new Set(['idle', 'errored', 'awaiting-approval']);

/** The reasons to run a cycle now ([] = none, or debounced). */
export function evaluateTriggers(t: TriggerInput): string[] {
  const reasons: string[] = [];
  if (t.boot) reasons.push('boot');
  if (t.now - (t.lastCycleStart ?? t.watchStart) >= t.intervalS * 1000) reasons.push('interval');
  if (t.mailboxNew) reasons.push('mailbox-new');
  for (const tr of t.transitions) if (tr.from === 'working' && SETTLED.has(tr.to)) reasons.push(`lane-transition:${tr.lane}:${tr.to}`);
  if (t.stateChanged) reasons.push('state-changed');
  if (t.cycleNow) reasons.push('cycle-now');
  if (t.replyReceived) reasons.push('reply-received');
  for (const r of t.hookReasons ?? []) if (!reasons.includes(r)) reasons.push(r);
  if (t.utilizationPending) reasons.push('lane-utilization-pending');
  if (!reasons.length) return [];
  if (!t.cycleNow && t.lastCycleStart !== null && t.now - t.lastCycleStart < t.minCycleS * 1000) return [];
  return reasons;
}

/** Status deltas between two observations: every lane whose status differs (new lanes: from null). */
export function laneDeltas(prev: Map<string, string>, cur: Array<{ lane: string; status: string }>): Array<{ lane: string; from: string | null; to: string }> {
  const out: Array<{ lane: string; from: string | null; to: string }> = [];
  for (const l of cur) { const from = prev.get(l.lane) ?? null; if (from !== l.status) out.push({ lane: l.lane, from, to: l.status }); }
  return out;
}

/**
 * The lane-utilization no-progress latch (spec §12.5), pure. `routable` = the routable idle lanes now
 * (sorted); `latch` = the set latched after a cycle that made no progress. The trigger is raised
 * only when there are routable lanes and they differ from the latch; any change clears the latch.
 */
export function utilizationTrigger(routable: string[], latch: string[] | null): { pending: boolean; latch: string[] | null; suppressed: boolean } {
  if (!routable.length) return { pending: false, latch: null, suppressed: false };
  if (latch && latch.join(',') === routable.join(',')) return { pending: false, latch, suppressed: true };
  return { pending: true, latch: null, suppressed: false };
}
