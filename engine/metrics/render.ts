/**
 * Printing metrics (spec/wiki-tasks-pm-deck.md §6.4–6.6): the single-session block with its
 * aligned labels, the `--log` summary line, and the fleet table + aggregate. Pure.
 */
import type { Metrics, Num } from './compute.js';
import { ratio } from './compute.js';

const fmt2 = (v: Num): string => (v === 'n/a' ? 'n/a' : v.toFixed(2));
const fmt6 = (v: Num): string => (v === 'n/a' ? 'n/a' : v.toFixed(6));
const str = (v: Num): string => (v === 'n/a' ? 'n/a' : String(v));
const label = (name: string, width: number): string => `  ${name}:`.padEnd(width);

/** The §6.4 block, one string per line (header first, notes last). */
export function renderBlock(m: Metrics, date: string): string[] {
  const w21 = (n: string, v: string): string => `${label(n, 21)}${v}`;
  const w35 = (n: string, v: string): string => `${label(n, 35)}${v}`;
  const lines = [
    `loop-metrics — ${date} (session: ${m.session ?? 'none'})`,
    w21('checkpoint_tokens', `${str(m.checkpoint_tokens)}${m.checkpoint_detail}`),
    w21('pending_messages', str(m.pending_messages)), w21('restarts_24h', String(m.restarts_24h)), w21('giveups_24h', String(m.giveups_24h)),
    w35('autonomy_ratio', `${fmt2(m.autonomy_ratio)} (${m.engine_approvals}/${m.total_decisions})`),
    `${label('interventions_per_shipped_unit', 0)} ${fmt2(m.interventions_per_shipped_unit)} (${m.interventions} interventions / ${m.tasks_done_7d} shipped)`,
    w35('escalations_7d', String(m.escalations_7d)), w35('rejects_7d', String(m.rejects_7d)), w35('stops_7d', String(m.stops_7d)),
    w35('ingest_timeouts_7d', String(m.ingest_timeouts_7d)), w35('lane_restarts_7d', String(m.lane_restarts_7d)),
    w35('unsolicited_steers_7d', String(m.unsolicited_steers_7d)), w35('brain_calls_7d', String(m.brain_calls_7d)),
    w35('brain_tokens_7d', str(m.brain_tokens_7d)), w35('cost_usd_7d', fmt6(m.cost_usd_7d)), w35('build_tokens_7d', str(m.build_tokens_7d)),
    w35('build_cost_usd_7d', fmt6(m.build_cost_usd_7d)), w35('cost_per_shipped_unit', fmt6(m.cost_per_shipped_unit)), w35('cost_per_decision', fmt6(m.cost_per_decision)),
    w35('dispatches_per_lane_7d', JSON.stringify(m.dispatches_per_lane_7d)), w35('distinct_lanes_used_7d', String(m.distinct_lanes_used_7d)),
    w21('ingests_7d', String(m.ingests_7d)), w21('lints_7d', String(m.lints_7d)), w21('checkpoints_7d', String(m.checkpoints_7d)), w21('experiments', String(m.experiments)),
    w21('dispatches', 'n/a (not derivable from substrate surfaces; out of scope)'),
  ];
  if (m.notes.length) lines.push('notes:', ...m.notes.map((n) => `  - ${n}`));
  return lines;
}

/** The §6.5 summary (the text after `metrics | `). */
export function logSummary(m: Metrics): string {
  return [
    `tokens=${str(m.checkpoint_tokens)}`, `pending=${str(m.pending_messages)}`, `restarts24h=${m.restarts_24h}`, `giveups24h=${m.giveups_24h}`,
    `autonomy=${fmt2(m.autonomy_ratio)}(${m.engine_approvals}/${m.total_decisions})`, `interventions_per_shipped=${fmt2(m.interventions_per_shipped_unit)}(${m.interventions}/${m.tasks_done_7d})`,
    `escalations7d=${m.escalations_7d}`, `rejects7d=${m.rejects_7d}`, `stops7d=${m.stops_7d}`, `ingest_timeouts7d=${m.ingest_timeouts_7d}`,
    `lane_restarts7d=${m.lane_restarts_7d}`, `unsolicited_steers7d=${m.unsolicited_steers_7d}`, `brain_calls7d=${m.brain_calls_7d}`,
    `brain_tokens7d=${str(m.brain_tokens_7d)}`, `cost_usd7d=${fmt6(m.cost_usd_7d)}`, `build_tokens7d=${str(m.build_tokens_7d)}`, `build_cost_usd7d=${fmt6(m.build_cost_usd_7d)}`,
    `brain_cost_per_shipped=${fmt6(m.cost_per_shipped_unit)}`, `cost_per_decision=${fmt6(m.cost_per_decision)}`,
    `dispatches_per_lane7d=${JSON.stringify(m.dispatches_per_lane_7d)}`, `distinct_lanes_used7d=${m.distinct_lanes_used_7d}`,
    `ingests7d=${m.ingests_7d}`, `lints7d=${m.lints_7d}`, `checkpoints7d=${m.checkpoints_7d}`, `experiments=${m.experiments}`, 'source=session-events-v2',
  ].join(' ');
}

/** One fleet row: a session's metrics plus where it lives and lanes idle with backlog. */
export interface FleetRow { root: string; metrics: Metrics; idleWithBacklog: number }

const sumNum = (vals: Num[]): { total: Num; skipped: number } => {
  const known = vals.filter((v): v is number => v !== 'n/a');
  return { total: known.length ? known.reduce((a, b) => a + b, 0) : vals.length ? 'n/a' : 0, skipped: vals.length - known.length };
};

/** The §6.6 fleet view: table, aggregate (n/a rows skipped from sums, with a partial-total line), notes. */
export function renderFleet(rows: FleetRow[], roots: string[], byRoot: { shipped: Map<string, number>; experiments: Map<string, number>; activeLoops: Map<string, number> }): string[] {
  if (!rows.length) return [`no sessions found under any ${roots.length === 1 ? roots[0] : '<root>'}/.loop/sessions/`];
  const head = ['SESSION', 'ROOT', 'TOKENS', 'AUTONOMY', 'INT', 'ESC', 'BRAIN', 'INGEST', 'LINT', 'STEER', 'BRAIN_TOKENS', 'COST_USD', 'IDLE_BACKLOG'];
  const body = rows.map((r) => { const m = r.metrics; return [m.session ?? '-', r.root, str(m.checkpoint_tokens), fmt2(m.autonomy_ratio), String(m.interventions), String(m.escalations_7d), String(m.brain_calls_7d), String(m.ingests_7d), String(m.lints_7d), String(m.unsolicited_steers_7d), str(m.brain_tokens_7d), fmt6(m.cost_usd_7d), String(r.idleWithBacklog)]; });
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => (b[c] ?? '').length)));
  const line = (cells: string[]): string => cells.map((x, c) => x.padEnd(widths[c] ?? 0)).join('  ').trimEnd();
  const out = [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
  const ms = rows.map((r) => r.metrics);
  const add = (k: keyof Metrics): number => ms.reduce((a, m) => a + (m[k] as number), 0);
  const shipped = [...byRoot.shipped.values()].reduce((a, b) => a + b, 0);
  const interventions = add('interventions');
  const agg = (n: string, v: string): string => `${`  ${n}:`.padEnd(31)}${v}`;
  const tokens = sumNum(ms.map((m) => m.brain_tokens_7d));
  const cost = sumNum(ms.map((m) => m.cost_usd_7d));
  const costV: Num = cost.total === 'n/a' ? 'n/a' : Number(cost.total.toFixed(6));
  out.push('', 'fleet aggregate:',
    agg('sessions', String(rows.length)), agg('distinct_active_loops', String([...byRoot.activeLoops.values()].reduce((a, b) => a + b, 0))),
    agg('checkpoint_tokens', String(ms.reduce((a, m) => a + (m.checkpoint_tokens === 'n/a' ? 0 : m.checkpoint_tokens), 0))),
    agg('autonomy_ratio', `${fmt2(ratio(add('engine_approvals'), add('total_decisions'), 2))} (${add('engine_approvals')}/${add('total_decisions')})`),
    agg('interventions_per_shipped_unit', `${fmt2(ratio(interventions, shipped, 2))} (${interventions} interventions / ${shipped} shipped)`),
    agg('interventions', String(interventions)), agg('escalations_7d', String(add('escalations_7d'))), agg('rejects_7d', String(add('rejects_7d'))),
    agg('stops_7d', String(add('stops_7d'))), agg('brain_calls_7d', String(add('brain_calls_7d'))), agg('unsolicited_steers_7d', String(add('unsolicited_steers_7d'))),
    agg('brain_tokens_7d', str(tokens.total)));
  if (tokens.skipped && tokens.total !== 'n/a') out.push(`    (brain_tokens_7d is a partial total; ${tokens.skipped} session(s) report n/a and are excluded)`);
  out.push(agg('cost_usd_7d', fmt6(costV)));
  if (cost.skipped && cost.total !== 'n/a') out.push(`    (cost_usd_7d is a partial total; ${cost.skipped} session(s) report n/a and are excluded)`);
  out.push(agg('cost_per_shipped_unit', fmt6(costV === 'n/a' ? 'n/a' : ratio(costV, shipped, 6))), agg('cost_per_decision', fmt6(costV === 'n/a' ? 'n/a' : ratio(costV, add('total_decisions'), 6))),
    agg('ingests_7d', String(add('ingests_7d'))), agg('lints_7d', String(add('lints_7d'))), agg('checkpoints_7d', String(add('checkpoints_7d'))),
    agg('experiments', String([...byRoot.experiments.values()].reduce((a, b) => a + b, 0))), agg('lanes_idle_with_backlog', String(rows.reduce((a, r) => a + r.idleWithBacklog, 0))));
  const notes = rows.flatMap((r) => r.metrics.notes.map((n) => `  - ${r.root}:${r.metrics.session ?? '-'}: ${n}`));
  if (notes.length) out.push('notes:', ...notes);
  return out;
}
