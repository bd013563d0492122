/**
 * Brain backoff after a quota or model-unavailable failure (spec/engine.md §12.4), pure.
 * Observation, asks and event deltas continue while it is active; only cycles are skipped.
 */
export interface Backoff { kind: 'quota' | 'model-unavailable'; deadline: number; source: 'stderr-reset' | 'config-default' }

const RESET = /resets?\s+(\d{1,2})(?::(\d{2}))?\s*([ap]m)?/i;

/**
 * The deadline (ms) a `resets H[:MM][am|pm]` hint names, in the machine's local timezone for today,
 * rolled forward 24 h when not in the future; null without a valid hint.
 */
export function resetHint(stderr: string, now: Date): number | null {
  const m = RESET.exec(stderr);
  if (!m) return null;
  let h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  const ap = m[3]?.toLowerCase();
  if (ap) { if (h < 1 || h > 12) return null; h = h % 12 + (ap === 'pm' ? 12 : 0); }
  if (h > 23 || min > 59) return null;
  const d = new Date(now);
  d.setHours(h, min, 0, 0);
  if (d.getTime() <= now.getTime()) d.setDate(d.getDate() + 1);
  return d.getTime();
}

/** The backoff to arm after a failed brain call of `failureKind`, or null (timeouts and exits just retry next trigger). */
export function armBackoff(failureKind: string, stderrExcerpt: string, now: Date, backoffMinutes: number): Backoff | null {
  if (failureKind === 'quota') {
    const hint = resetHint(stderrExcerpt, now);
    return hint !== null ? { kind: 'quota', deadline: hint, source: 'stderr-reset' } : { kind: 'quota', deadline: now.getTime() + backoffMinutes * 60_000, source: 'config-default' };
  }
  if (failureKind === 'model-unavailable') return { kind: 'model-unavailable', deadline: now.getTime() + backoffMinutes * 60_000, source: 'config-default' };
  return null;
}
