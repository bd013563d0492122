/**
 * The experiment keep/discard rule (spec/wiki-tasks-pm-deck.md §6.7), computed instead of left to
 * judgement: after at least 3 engine cycles since the experiment started, KEEP only if
 * checkpoint_tokens has not regressed (≤ baseline + 5 %), lane restarts have not regressed (the
 * restarts during the experiment ≤ those in an equally long window just before it) and
 * pending_messages is not trending upward (the series baseline, then pending after each cycle:
 * least-squares slope > 0 and last > baseline = trending up). Reverting stays a person's step. Pure.
 */

/** What `--experiment-start` records (kv `experiment:<id>` in the session store). */
export interface Experiment { id: string; change: string; started_at: string; baseline: { checkpoint_tokens: number; pending_messages: number | null } }

export interface ExperimentEvidence {
  /** Timestamps of `cycle-end` events after the start, oldest first. */
  cycleEnds: string[];
  /** Pending mailbox count after each of those cycles (same length), derived from mailbox events. */
  pendingAfterCycle: number[];
  checkpointTokensNow: number;
  restartsBefore: number;
  restartsDuring: number;
}

export interface Verdict { verdict: 'keep' | 'discard' | 'pending'; cycles: number; reasons: string[] }

export const MIN_CYCLES = 3;
export const TOKEN_TOLERANCE = 0.05;

/** Least-squares slope of ys over x = 0..n-1 (0 for fewer than 2 points). */
export function slope(ys: readonly number[]): number {
  const n = ys.length;
  if (n < 2) return 0;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0; let den = 0;
  ys.forEach((y, x) => { num += (x - mx) * (y - my); den += (x - mx) ** 2; });
  return num / den;
}

/** Apply the rule. `reasons` names every check (passed or failed) in a fixed order. */
export function judgeExperiment(x: Experiment, ev: ExperimentEvidence): Verdict {
  const cycles = ev.cycleEnds.length;
  if (cycles < MIN_CYCLES) return { verdict: 'pending', cycles, reasons: [`${cycles}/${MIN_CYCLES} cycles since ${x.started_at}; no verdict yet`] };
  const reasons: string[] = [];
  let ok = true;
  const limit = Math.floor(x.baseline.checkpoint_tokens * (1 + TOKEN_TOLERANCE));
  if (ev.checkpointTokensNow > limit) { ok = false; reasons.push(`checkpoint_tokens regressed: ${ev.checkpointTokensNow} > ${x.baseline.checkpoint_tokens} (+${TOKEN_TOLERANCE * 100}% = ${limit})`); }
  else reasons.push(`checkpoint_tokens held: ${ev.checkpointTokensNow} vs baseline ${x.baseline.checkpoint_tokens}`);
  if (ev.restartsDuring > ev.restartsBefore) { ok = false; reasons.push(`lane restarts regressed: ${ev.restartsDuring} during vs ${ev.restartsBefore} in the same span before`); }
  else reasons.push(`lane restarts held: ${ev.restartsDuring} during vs ${ev.restartsBefore} before`);
  const base = x.baseline.pending_messages ?? ev.pendingAfterCycle[0] ?? 0;
  const series = [base, ...ev.pendingAfterCycle];
  const last = series[series.length - 1] ?? base;
  if (slope(series) > 0 && last > base) { ok = false; reasons.push(`pending_messages trending up: ${series.join(' → ')}`); }
  else reasons.push(`pending_messages not trending up: ${series.join(' → ')}`);
  return { verdict: ok ? 'keep' : 'discard', cycles, reasons };
}

/**
 * Cycle ends and the pending count after each, from the events after an experiment's start (seq
 * order): pending starts at `base`, +1 per `mailbox-new`, −1 per `mailbox-ingested` /
 * `ingest-quarantined` (never below 0), sampled at each `cycle-end`. Pure.
 */
export function cycleSeries(events: ReadonlyArray<{ ts: string; type: string }>, base: number): { cycleEnds: string[]; pendingAfterCycle: number[] } {
  let p = base;
  const cycleEnds: string[] = []; const pendingAfterCycle: number[] = [];
  for (const e of events) {
    if (e.type === 'mailbox-new') p++;
    else if (e.type === 'mailbox-ingested' || e.type === 'ingest-quarantined') p = Math.max(0, p - 1);
    else if (e.type === 'cycle-end') { cycleEnds.push(e.ts); pendingAfterCycle.push(p); }
  }
  return { cycleEnds, pendingAfterCycle };
}
