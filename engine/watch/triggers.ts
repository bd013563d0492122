/**
 * Cycle triggers (spec/engine.md §12.3), pure over state + now (ms). Reasons in fixed order:
 * boot, interval, mailbox-new, lane-transition:<lane>:<to> (working → idle/errored/awaiting-approval),
 * cycle-now. Debounce: within min_cycle_interval of the last cycle start nothing fires — except an
 * explicit cycle-now from a person.
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
}

const SETTLED = new Set(['idle', 'errored', 'awaiting-approval']);

export function evaluateTriggers(t: TriggerInput): string[] {
  const reasons: string[] = [];
  if (t.boot) reasons.push('boot');
  if (t.now - (t.lastCycleStart ?? t.watchStart) >= t.intervalS * 1000) reasons.push('interval');
  if (t.mailboxNew) reasons.push('mailbox-new');
  for (const tr of t.transitions) if (tr.from === 'working' && SETTLED.has(tr.to)) reasons.push(`lane-transition:${tr.lane}:${tr.to}`);
  if (t.cycleNow) reasons.push('cycle-now');
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
