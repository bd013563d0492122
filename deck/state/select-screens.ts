/**
 * Pure selectors for the full-screen views (spec/wiki-tasks-pm-deck.md §9.6–9.7): lane detail with
 * its live pane tail, the ADR ledger, the brain transcript, and the sparkline series.
 */
import { clock, esc, oneLine, paint } from './format.js';
import { layoutTable, paneTail } from './select-panels.js';
import type { DeckState } from './types.js';

export interface ScreenProps { title: string; lines: string[]; tags: boolean }

/** Lane detail: the meta line, then the pane tail (literal text). */
export function laneDetail(s: DeckState): ScreenProps {
  const lane = s.selectedLane;
  const row = s.snapshot?.lanes.find((l) => l.lane === lane);
  if (!lane || !row) return { title: 'lane', lines: ['(no lane selected)'], tags: false };
  const meta = `lane ${row.lane} harness=${row.harness ?? '-'} model=${row.model ?? '-'} role=${row.role ?? '-'} kind=${row.lane_kind}${row.base ? ' (base)' : ''} restarts=${s.snapshot?.restarts?.[row.lane] ?? 0} status=${row.status} target=${row.target}`;
  const tail = paneTail(s);
  return { title: `pane tail: ${lane} — escape back`, lines: [oneLine(meta, 300), '─'.repeat(40), ...tail.text.split('\n')], tags: false };
}

/** The ADR ledger: ID, STATUS, LINKED, TITLE with the cursor row marked, then the selected ADR's links. */
export function adrScreen(s: DeckState): ScreenProps {
  const adrs = s.snapshot?.adrs;
  if (!adrs) return { title: 'ADRs', lines: [paint('(no ADR list in this snapshot)', 'grey-fg')], tags: true };
  if (!adrs.length) return { title: 'ADRs — escape back', lines: [paint('(no ADRs under docs/adr)', 'grey-fg')], tags: true };
  const t = layoutTable<(typeof adrs)[number]>([
    { title: 'ID', min: 4, max: 6, value: (a) => a.id },
    { title: 'STATUS', min: 6, max: 12, value: (a) => a.status, styles: (a) => (/^accepted$/i.test(a.status) ? ['green-fg'] : /^proposed$/i.test(a.status) ? ['yellow-fg'] : []) },
    { title: 'LINKED', min: 6, max: 6, value: (a) => (a.linked ? 'yes' : 'no'), styles: (a) => (a.linked ? ['green-fg'] : ['red-fg']) },
    { title: 'TITLE', min: 5, max: 80, value: (a) => a.title },
  ], adrs);
  const cur = adrs[s.adrCursor];
  const rows = t.rows.map((r, i) => (i === s.adrCursor ? `${paint('▸', 'bold', 'cyan-fg')} ${r}` : `  ${r}`));
  const detail = cur ? [
    '', paint(esc(`${cur.id} ${cur.title}`), 'bold'), esc(`path: ${cur.path}`),
    esc(`verify_record: ${cur.verify_record ?? '(missing)'}`), esc(`rollback: ${cur.rollback ?? '(missing)'}`), esc(`canary_record: ${cur.canary_record ?? '-'}`),
    cur.linked ? paint('A accepts it (after a confirmation)', 'bold') : paint('not linked: accepting needs a verify_record and a rollback (or canary_record)', 'yellow-fg'),
  ] : [];
  return { title: `ADRs (${adrs.length}) — j/k select · A accept · escape back`, lines: [`  ${t.header}`, ...rows, ...detail], tags: true };
}

/** The brain transcript screen: meta line, then the last 200 lines streamed (literal text). */
export function brainScreen(s: DeckState): ScreenProps {
  const tr = s.transcript;
  const newest = s.snapshot?.transcript ?? null;
  if (!tr.path) {
    const none = newest ? `(nothing streamed since the deck started; newest transcript: ${newest.response_path}, ${clock(newest.mtime)})` : '(no one-shot transcripts yet)';
    return { title: 'brain transcript — escape back', lines: [none], tags: false };
  }
  const lines = tr.text.split('\n');
  const meta = `${tr.path.split('/').slice(-2).join('/')} streamed=${tr.bytes} B last chunk ${clock(tr.at)}`;
  return { title: 'brain transcript (live) — escape back', lines: [meta, '─'.repeat(40), ...lines.slice(-200)], tags: false };
}

export interface SparkSeries { title: string; data: number[] }

/** The two sparkline series: cycle latency (ms) and brain spend (USD) per bucket, with headline numbers. */
export function trends(s: DeckState): { cycle: SparkSeries; spend: SparkSeries; hours: number } | null {
  const h = s.snapshot?.history;
  if (!h) return null;
  const hours = Math.round((h.cycle_ms.length * h.bucket_s) / 3600);
  const lastCycle = [...h.cycle_ms].reverse().find((x) => x > 0) ?? 0;
  const spend = h.brain_usd.reduce((a, b) => a + b, 0);
  return {
    hours,
    cycle: { title: `cycle ms/${hours}h last ${lastCycle} max ${Math.max(0, ...h.cycle_ms)}`, data: h.cycle_ms },
    spend: { title: `brain $${spend.toFixed(2)}/${hours}h ${h.brain_calls.reduce((a, b) => a + b, 0)} calls`, data: h.brain_usd.map((x) => Math.round(x * 100)) },
  };
}
