/**
 * The fix-round cap (spec/engine.md §10.5), pure over the event log: per window, count verify
 * outcomes that do not converge; a window whose latest tracked outcome is non-converging with
 * rounds ≥ max is capped, and every `build` for it is rewritten into an `escalate`.
 */
import type { Action } from '../protocol/decision.js';

export interface DriveEvent { seq: number; type: string; data: Record<string, unknown> }
export interface CapInfo { window: string; rounds: number; max: number; findings: number | '?'; event: string; branch: string | null; branch_head: string | null; latest_verify_seq: number }

const NON_CONVERGING = new Set(['verify-failed', 'verify-timeout', 'verify-stale']);

/**
 * Parse `max_fix_rounds`: a positive integer enables the cap; a boolean, non-integer or ≤ 0 value
 * disables it with the reason for the `fix-round-cap-disabled` event.
 */
export function parseMaxRounds(raw: unknown): { max: number } | { disabled: 'bool' | 'non-integer' | 'non-positive' } {
  if (typeof raw === 'boolean') return { disabled: 'bool' };
  if (typeof raw !== 'number' || !Number.isInteger(raw)) return { disabled: 'non-integer' };
  if (raw <= 0) return { disabled: 'non-positive' };
  return { max: raw };
}

/**
 * Capped windows from `events` (oldest first, whole log). `branches` = ledger window → branch: when a
 * window has one, only events whose `branch` equals it count. Example (max 2): failed(9), failed(12),
 * failed(12) ⇒ rounds 2 ⇒ capped; failed(9), failed(4), failed(2) ⇒ never; a pass resets.
 */
export function cappedWindows(events: readonly DriveEvent[], max: number, branches: Record<string, string>): Map<string, CapInfo> {
  const st = new Map<string, { rounds: number; findings: number | null; last: DriveEvent | null; active: boolean }>();
  for (const ev of events) {
    if (!NON_CONVERGING.has(ev.type) && ev.type !== 'verify-passed') continue;
    const w = ev.data.window;
    if (typeof w !== 'string' || !w) continue;
    const want = branches[w];
    if (want !== undefined && ev.data.branch !== want) continue;
    const s = st.get(w) ?? { rounds: 0, findings: null, last: null, active: false };
    const f = typeof ev.data.findings === 'number' && Number.isInteger(ev.data.findings) ? ev.data.findings : null;
    if (ev.type === 'verify-passed') { s.rounds = 0; s.findings = null; s.active = false; s.last = ev; st.set(w, s); continue; }
    if (!s.active) { s.rounds = 0; s.active = true; }
    else if (f !== null && s.findings !== null && f < s.findings) s.rounds = 0;
    else s.rounds += 1;
    if (f !== null) s.findings = f;
    s.last = ev;
    st.set(w, s);
  }
  const out = new Map<string, CapInfo>();
  for (const [w, s] of st) {
    if (!s.last || !NON_CONVERGING.has(s.last.type) || s.rounds < max) continue;
    const d = s.last.data;
    out.set(w, { window: w, rounds: s.rounds, max, findings: s.findings ?? '?', event: s.last.type, branch: typeof d.branch === 'string' ? d.branch : null, branch_head: typeof d.branch_head === 'string' ? d.branch_head : null, latest_verify_seq: s.last.seq });
  }
  return out;
}

/** Replace each `build` for a capped window by an `escalate` (spec §10.5 decision rewrite). Returns the new list and the caps that fired. */
export function rewriteCapped(actions: readonly Action[], caps: Map<string, CapInfo>): { actions: Action[]; fired: CapInfo[] } {
  const fired: CapInfo[] = [];
  const out = actions.map((a): Action => {
    if (a.kind !== 'build') return a;
    const c = caps.get(a.window);
    if (!c) return a;
    if (!fired.includes(c)) fired.push(c);
    return { kind: 'escalate', summary: `lane ${a.window}: verify not converging after ${c.rounds} fix rounds, latest ${c.event}, ${c.findings} findings - needs human review`, rationale: `fix-round cap: ${c.rounds} non-converging verify rounds ≥ max_fix_rounds ${c.max}; the proposed build was rewritten (was: ${a.rationale})` };
  });
  return { actions: out, fired };
}
