import { describe, expect, it } from 'vitest';
import { computeMetrics, type EventIn, type MetricsInputs } from './compute.js';
import { logSummary, renderBlock, renderFleet } from './render.js';
import { cycleSeries, judgeExperiment, slope } from './experiment.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const ago = (h: number): string => new Date(NOW.getTime() - h * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const ev = (type: string, data: Record<string, unknown> = {}, h = 1): EventIn => ({ ts: ago(h), type, data });
function inputs(o: Partial<MetricsInputs> = {}): MetricsInputs {
  return { now: NOW, logSince: '2026-03-03', session: 's', checkpoint: { tokens: 100, detail: '' }, pending: 2, restarts: [], log: '', events: [], brainCalls: [], mailSubject: () => 'hello', notes: [], ...o };
}
const line = (m: ReturnType<typeof computeMetrics>, name: string): string => renderBlock(m, '2026-03-10').find((l) => l.startsWith(`  ${name}:`)) ?? '';

describe('metrics (spec §6.3, acceptance 31-41)', () => {
  it('31: autonomy 0.50 (2/4)', () => {
    const m = computeMetrics(inputs({ events: [ev('decision-approved', { decided_by: 'engine' }), ev('decision-approved', { decided_by: 'engine' }), ev('decision-approved', {}), ev('decision-rejected')] }));
    expect(line(m, 'autonomy_ratio')).toBe('  autonomy_ratio:                  0.50 (2/4)');
  });
  it('32: interventions per shipped unit 2.00 (4 / 2)', () => {
    const log = '## [2026-03-09] task | T0001 done\n\n## [2026-03-08] task | T0002 done\n## [2026-01-01] task | T0003 done\n';
    const m = computeMetrics(inputs({ log, events: [ev('escalate'), ev('decision-rejected'), ev('mailbox-new', { file: '20260310-100000-web-to-coord.md' }), ev('mailbox-new', { file: '20260310-100001-infra-to-coord.md' })] }));
    expect(line(m, 'interventions_per_shipped_unit')).toBe('  interventions_per_shipped_unit: 2.00 (4 interventions / 2 shipped)');
  });
  it('33: replies, mail from coord and duplicate events are no steers; a file found nowhere is one note', () => {
    const subjects: Record<string, string | undefined> = { '20260310-100000-web-to-coord.md': 're : d-1', '20260310-100001-coord-to-web.md': 'x', '20260310-100002-web-to-coord.md': 'steer' };
    const m = computeMetrics(inputs({ mailSubject: (f) => subjects[f], events: [
      ev('mailbox-new', { file: '20260310-100000-web-to-coord.md' }), ev('mailbox-new', { file: '20260310-100001-coord-to-web.md' }),
      ev('mailbox-new', { file: '20260310-100002-web-to-coord.md' }), ev('mailbox-new', { file: '20260310-100002-web-to-coord.md' }),
      ev('mailbox-new', { file: '20260310-100003-ops-to-coord.md' }),
    ] }));
    expect(m.unsolicited_steers_7d).toBe(1);
    expect(m.notes.filter((n) => n.includes('not found'))).toHaveLength(1);
  });
  it('34: dispatches per lane', () => {
    const m = computeMetrics(inputs({ events: [ev('action', { lane: 'web' }), ev('action', { lane: 'web' }), ev('action', { lane: 'validate' }), ev('action', { lane: 'my lane' }), ev('action', { lane: '' }), ev('action', { lane: 'old' }, 24 * 8)] }));
    expect(line(m, 'dispatches_per_lane_7d')).toBe('  dispatches_per_lane_7d:          {"my_lane":1,"validate":1,"web":2}');
    expect(m.distinct_lanes_used_7d).toBe(3);
  });
  it('35: brain calls without usage → tokens and cost n/a (not 0); no activity → 0', () => {
    const m = computeMetrics(inputs({ events: [ev('brain-call')] }));
    expect([m.brain_tokens_7d, m.cost_usd_7d]).toEqual(['n/a', 'n/a']);
    expect(m.notes).toContain('1 brain-call event(s) lack brain-usage; skipped missing usage');
    const z = computeMetrics(inputs());
    expect([z.brain_tokens_7d, z.cost_usd_7d]).toEqual([0, 0]);
  });
  it('36: only the successful attempt counts', () => {
    const m = computeMetrics(inputs({ events: [ev('brain-call'), ev('brain-usage', { attempt_status: 'failed', total_tokens: 500, cost_usd: 5 }), ev('brain-usage', { attempt_status: 'success', input_tokens: 10, output_tokens: 5, cost_usd: 0.25 })] }));
    expect([m.brain_tokens_7d, m.cost_usd_7d]).toEqual([15, 0.25]);
  });
  it('37: unpriced usage → cost n/a with a note, tokens still sum', () => {
    const m = computeMetrics(inputs({ events: [ev('brain-call'), ev('brain-usage', { total_tokens: 40, cost_source: 'unpriced' })] }));
    expect([m.brain_tokens_7d, m.cost_usd_7d]).toEqual([40, 'n/a']);
    expect(m.notes.some((n) => n.includes('unpriced'))).toBe(true);
  });
  it('store brain_calls are the usage source when no brain-usage events exist; failed calls never count', () => {
    const m = computeMetrics(inputs({ events: [ev('brain-call'), ev('brain-call')], brainCalls: [
      { started_at: ago(1), brain: 'cli', failure_kind: 'timeout', input_tokens: 999, output_tokens: 1, cost_usd: 9 },
      { started_at: ago(1), brain: 'cli', failure_kind: null, input_tokens: 100, output_tokens: 20, cost_usd: 0.5 },
      { started_at: ago(1), brain: 'builtin', failure_kind: null, input_tokens: null, output_tokens: null, cost_usd: null },
    ] }));
    expect([m.brain_tokens_7d, m.cost_usd_7d]).toEqual([120, 0.5]);
  });
  it('38: no events → 0 / n/a and a note; shared log ingest/lint lines do not leak', () => {
    const m = computeMetrics(inputs({ events: null, log: '## [2026-03-09] ingest | a.md\n## [2026-03-09] lint | 3 pages, 0 findings\n' }));
    expect([m.ingests_7d, m.lints_7d, m.autonomy_ratio]).toEqual([0, 0, 'n/a']);
    expect(m.notes.some((n) => n.startsWith("no engine store (events) for session 's'"))).toBe(true);
  });
  it('39: the log summary ends with source=session-events-v2', () => {
    expect(logSummary(computeMetrics(inputs()))).toMatch(/^tokens=100 pending=2 restarts24h=0 .* experiments=0 source=session-events-v2$/);
  });
  it('40: lint-dispatch ok true/absent count; false, 0 and "false" do not; non-boolean note', () => {
    const m = computeMetrics(inputs({ events: [ev('lint-dispatch', { ok: true }), ev('lint-dispatch'), ev('lint-dispatch', { ok: false }), ev('lint-dispatch', { ok: 0 }), ev('lint-dispatch', { ok: 'false' })] }));
    expect(m.lints_7d).toBe(2);
    expect(m.notes).toContain('lint-dispatch with non-boolean ok skipped');
  });
  it('41: fleet cost skips n/a rows with a partial-total line; all n/a → n/a and no line', () => {
    const priced = computeMetrics(inputs({ events: [ev('brain-call'), ev('brain-usage', { total_tokens: 10, cost_usd: 0.5 })] }));
    const unavailable = computeMetrics(inputs({ session: 't', events: [ev('brain-call'), ev('brain-usage', { total_tokens: 10, cost_source: 'unavailable' })] }));
    expect(unavailable.cost_usd_7d).toBe('n/a');
    const maps = { shipped: new Map(), experiments: new Map(), activeLoops: new Map() };
    const out = renderFleet([{ root: '/r', metrics: priced, idleWithBacklog: 0 }, { root: '/r', metrics: unavailable, idleWithBacklog: 0 }], ['/r'], maps);
    expect(out.find((l) => l.startsWith('  cost_usd_7d:'))).toMatch(/0\.500000$/);
    expect(out.some((l) => l.includes('cost_usd_7d is a partial total; 1 session(s)'))).toBe(true);
    const none = renderFleet([{ root: '/r', metrics: unavailable, idleWithBacklog: 0 }], ['/r'], maps);
    expect(none.find((l) => l.startsWith('  cost_usd_7d:'))).toMatch(/n\/a$/);
    expect(none.some((l) => l.includes('partial total'))).toBe(false);
  });
  it('restarts: lines without event are restarts; giving-up is a give-up; windows apply', () => {
    const m = computeMetrics(inputs({ restarts: [{ timestamp: ago(1) }, { timestamp: ago(30) }, { timestamp: ago(2), event: 'giving-up' }, { timestamp: ago(3), event: 'other' }, { timestamp: 'bad' }] }));
    expect([m.restarts_24h, m.giveups_24h, m.lane_restarts_7d]).toEqual([1, 1, 2]);
  });
});

describe('experiment verdict (§6.7)', () => {
  const x = { id: 'e1', change: 'shorter header', started_at: ago(10), baseline: { checkpoint_tokens: 1000, pending_messages: 2 } };
  it('pending before three cycles', () => {
    expect(judgeExperiment(x, { cycleEnds: [ago(5)], pendingAfterCycle: [2], checkpointTokensNow: 900, restartsBefore: 0, restartsDuring: 0 }).verdict).toBe('pending');
  });
  it('keep when nothing regressed; discard on tokens, restarts or rising pending', () => {
    const base = { cycleEnds: [ago(5), ago(4), ago(3)], pendingAfterCycle: [2, 1, 2], checkpointTokensNow: 1040, restartsBefore: 1, restartsDuring: 1 };
    expect(judgeExperiment(x, base).verdict).toBe('keep');
    expect(judgeExperiment(x, { ...base, checkpointTokensNow: 1100 }).verdict).toBe('discard');
    expect(judgeExperiment(x, { ...base, restartsDuring: 2 }).verdict).toBe('discard');
    const up = judgeExperiment(x, { ...base, pendingAfterCycle: [3, 4, 5] });
    expect(up.verdict).toBe('discard');
    expect(up.reasons.join('\n')).toContain('pending_messages trending up: 2 → 3 → 4 → 5');
  });
  it('cycle series follows mailbox events; slope', () => {
    expect(cycleSeries([{ ts: 'a', type: 'mailbox-new' }, { ts: 'b', type: 'cycle-end' }, { ts: 'c', type: 'mailbox-ingested' }, { ts: 'd', type: 'mailbox-ingested' }, { ts: 'e', type: 'cycle-end' }], 1))
      .toEqual({ cycleEnds: ['b', 'e'], pendingAfterCycle: [2, 0] });
    expect(slope([1, 2, 3])).toBe(1);
    expect(slope([3])).toBe(0);
  });
});
