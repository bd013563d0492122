import { describe, it, expect } from 'vitest';
import { judgeVerify, codexUsage, codexCost, embedTaskSpec, wrapBuildBrief } from './outcome.js';
import { cappedWindows, parseMaxRounds, rewriteCapped, type DriveEvent } from './fix-rounds.js';
import { drivePending } from './pending.js';
import { aggregate, parseLens } from './verdict.js';
import { ledgerBranches } from './paths.js';

describe('judgeVerify (spec §10.3, acceptance 66)', () => {
  const f = (...s: string[]) => s.map((severity) => ({ severity }));
  it('concerns with only low/medium and a mergeable branch ⇒ passed', () => {
    expect(judgeVerify({ overall: 'concerns', findings: f('low', 'medium'), gate: { passed: true } }, true)).toEqual({ event: 'verify-passed', overall: 'concerns', findings: 2, max_severity: 'medium' });
  });
  it('high, critical or unknown severity, a hard fail or a failed gate ⇒ failed; not mergeable ⇒ stale', () => {
    expect(judgeVerify({ overall: 'concerns', findings: f('high') }, true).event).toBe('verify-failed');
    expect(judgeVerify({ overall: 'concerns', findings: f('weird'), gate: { passed: true } }, true)).toMatchObject({ event: 'verify-failed', max_severity: 'critical' });
    expect(judgeVerify({ overall: 'fail', findings: [], gate: { passed: true } }, true).event).toBe('verify-failed');
    expect(judgeVerify({ overall: 'pass', findings: [], gate: { passed: false } }, true).event).toBe('verify-failed');
    expect(judgeVerify({ overall: 'pass', findings: [] }, false).event).toBe('verify-stale');
  });
});

describe('codex usage (spec §11.6, acceptance 68)', () => {
  it('sums turn.completed: input 1000, cached 200, output 50+10 ⇒ total 1060', () => {
    const log = ['not json', JSON.stringify({ type: 'turn.completed', usage: { input_tokens: 600, cached_input_tokens: 200, output_tokens: 30, reasoning_output_tokens: 10 } }), JSON.stringify({ type: 'turn.completed', usage: { input_tokens: 400, output_tokens: 20 } })].join('\n');
    const u = codexUsage(log)!;
    expect(u).toEqual({ input_tokens: 1000, output_tokens: 60, cache_read_input_tokens: 200, total_tokens: 1060 });
    expect(codexCost(u, {})).toEqual({ cost_usd: null, cost_source: 'unpriced' });
    expect(codexCost(null, {})).toEqual({ cost_usd: null, cost_source: 'unavailable' });
    expect(codexCost(u, { input: 1, output: 10, cached: 0.1 })).toEqual({ cost_usd: (800 + 20 + 600) / 1e6, cost_source: 'computed' });
    expect(codexUsage('{}')).toBeNull();
  });
});

describe('task-spec embedding (spec §7)', () => {
  it('appends the referenced spec once, only when found and small enough', () => {
    const spec = '# T0042 spec\nbody\n';
    const out = embedTaskSpec('do tasks/T0042-thing.md now', (id) => (id === 'T0042' ? spec : null));
    expect(out).toContain('embedded inline');
    expect(out.endsWith(spec)).toBe(true);
    expect(embedTaskSpec(out, () => spec)).toBe(out);
    expect(embedTaskSpec('no ref', () => spec)).toBe('no ref');
    expect(embedTaskSpec('tasks/T0001-x.md', () => 'x'.repeat(16_001))).toBe('tasks/T0001-x.md');
    expect(wrapBuildBrief('B')).toMatch(/never merge[\s\S]*--- build brief ---\nB$/);
  });
});

describe('fix-round cap (spec §10.5, acceptance 39)', () => {
  let seq = 0;
  const ev = (type: string, findings?: number, window = 'wt', branch = 'lane/wt'): DriveEvent => ({ seq: ++seq, type, data: { window, branch, findings } });
  it('failed(9), failed(12), failed(12) ⇒ capped at 2', () => {
    const caps = cappedWindows([ev('verify-failed', 9), ev('verify-failed', 12), ev('verify-failed', 12)], 2, { wt: 'lane/wt' });
    expect(caps.get('wt')).toMatchObject({ rounds: 2, findings: 12, event: 'verify-failed' });
  });
  it('shrinking findings never cap; a pass resets; other branches are ignored', () => {
    expect(cappedWindows([ev('verify-failed', 9), ev('verify-failed', 4), ev('verify-failed', 2)], 2, {}).size).toBe(0);
    expect(cappedWindows([ev('verify-failed', 9), ev('verify-failed', 12), ev('verify-passed', 0), ev('verify-failed', 12)], 2, {}).size).toBe(0);
    expect(cappedWindows([ev('verify-failed', 9), ev('verify-failed', 12, 'wt', 'old'), ev('verify-failed', 12)], 2, { wt: 'lane/wt' }).size).toBe(0);
  });
  it('rewrites builds for capped windows into escalations', () => {
    const caps = cappedWindows([ev('verify-failed', 9), ev('verify-timeout'), ev('verify-failed', 12)], 2, {});
    const r = rewriteCapped([{ kind: 'build', window: 'wt', brief: 'b', rationale: 'r' }, { kind: 'stop', rationale: 's' }], caps);
    expect(r.actions[0]).toMatchObject({ kind: 'escalate', summary: 'lane wt: verify not converging after 2 fix rounds, latest verify-failed, 12 findings - needs human review' });
    expect(r.actions[1]!.kind).toBe('stop');
    expect(r.fired).toHaveLength(1);
  });
  it('max_fix_rounds parsing', () => {
    expect(parseMaxRounds(2)).toEqual({ max: 2 });
    expect(parseMaxRounds(true)).toEqual({ disabled: 'bool' });
    expect(parseMaxRounds(1.5)).toEqual({ disabled: 'non-integer' });
    expect(parseMaxRounds(0)).toEqual({ disabled: 'non-positive' });
  });
});

describe('drivePending (spec §12.3, acceptance 57)', () => {
  const now = Date.parse('2026-01-01T01:00:00Z');
  const young = '2026-01-01T00:59:00Z', old = '2026-01-01T00:00:00Z';
  it('build markers', () => {
    expect(drivePending({ now, builds: [{ started_at: young, pre_build_sha: 'a', runnerAlive: true }], verifies: [] })).toBe(false);
    expect(drivePending({ now, builds: [{ started_at: young, pre_build_sha: 'a', runnerAlive: false }], verifies: [] })).toBe(true);
    expect(drivePending({ now, builds: [{ started_at: old, runnerAlive: true }], verifies: [] })).toBe(true);
    expect(drivePending({ now, builds: [{ started_at: young, runnerAlive: false }], verifies: [] })).toBe(false);
  });
  it('verify markers', () => {
    expect(drivePending({ now, builds: [], verifies: [{ started_at: young, resultPresent: true, runnerAlive: true }] })).toBe(true);
    expect(drivePending({ now, builds: [], verifies: [{ started_at: young, resultPresent: false, runnerAlive: false }] })).toBe(false);
    expect(drivePending({ now, builds: [], verifies: [{ started_at: 'garbage', resultPresent: false, runnerAlive: false }] })).toBe(true);
  });
});

describe('verify lenses and aggregate (spec §15)', () => {
  const fence = (j: unknown) => '```verdict\n' + JSON.stringify(j) + '\n```';
  it('parses one fence; anything else is concerns with a low parse-note (never a false pass)', () => {
    expect(parseLens('adversarial', fence({ verdict: 'pass', findings: [{ severity: 'BOGUS', title: 't' }], summary: 's' }))).toMatchObject({ verdict: 'pass', findings: [{ severity: 'low', lens: 'adversarial' }] });
    expect(parseLens('x', 'no fence')).toMatchObject({ verdict: 'concerns', findings: [{ title: 'parse-note' }] });
    expect(parseLens('x', fence({ verdict: 'pass', findings: [] }) + fence({ verdict: 'pass', findings: [] })).verdict).toBe('concerns');
    expect(parseLens('x', '```VERDICT\n{"verdict":"maybe","findings":[]}\n```').verdict).toBe('concerns');
  });
  it('aggregates', () => {
    const g = { passed: true, output_tail: '' };
    expect(aggregate(g, [parseLens('a', fence({ verdict: 'pass', findings: [] }))], 't').overall).toBe('pass');
    expect(aggregate(g, [parseLens('a', fence({ verdict: 'pass', findings: [{ severity: 'high' }] }))], 't').overall).toBe('fail');
    expect(aggregate(g, [parseLens('a', fence({ verdict: 'pass', findings: [{ severity: 'low' }] }))], 't').overall).toBe('concerns');
    expect(aggregate({ passed: false, output_tail: 'x' }, [], 't').overall).toBe('fail');
  });
});

describe('ledgerBranches', () => {
  it('keeps windows with a non-empty string branch', () => {
    expect(ledgerBranches({ loops: { a: { branch: 'lane/a' }, b: { branch: '' }, c: { branch: 3 }, d: null } })).toEqual({ a: 'lane/a' });
    expect(ledgerBranches(null)).toEqual({});
  });
});

describe('utilization block (spec §10.6, acceptance 64)', () => {
  it('idle lanes and headless worktree lanes with routable backlog; dependency-blocked or in-progress work never counts', async () => {
    const { utilizationBlock, routableIdle } = await import('./utilization.js');
    const u = {
      lanes: [{ lane: 'coord', status: 'idle', kind: 'fixed' }, { lane: 'web', status: 'idle', kind: 'fixed' }, { lane: 'busy', status: 'working', kind: 'dynamic' }, { lane: 'blocked', status: 'idle', kind: 'dynamic' }],
      worktreeLanes: ['wt'], marked: new Set<string>(), maxDispatches: 4,
      tasks: [
        { id: 'T0001', status: 'open', loop: 'web', depends_on: [] }, { id: 'T0002', status: 'open', loop: 'busy', depends_on: null },
        { id: 'T0003', status: 'open', loop: 'blocked', depends_on: ['T0009'] }, { id: 'T0009', status: 'in-progress', loop: 'x', depends_on: [] },
        { id: 'T0004', status: 'open', loop: 'wt', depends_on: '' }, { id: 'T0005', status: 'in-progress', loop: 'web', depends_on: [] },
        { id: 'T0006', status: 'open', loop: 'coord', depends_on: [] }, { id: 'T0007', status: 'open', loop: 'web', depends_on: 'T0001' },
      ],
    };
    expect(routableIdle(u).map((r) => `${r.lane}:${r.kind}:${r.backlog.join(',')}`)).toEqual(['web:fixed:T0001', 'wt:headless-worktree:T0004']);
    expect(utilizationBlock(u)).toMatch(/^--- idle lanes \(route work here before stop\) ---\n- lane=web status=idle kind=fixed routable-backlog=T0001\n- lane=wt status=unknown kind=headless-worktree routable-backlog=T0004\n/);
    expect(utilizationBlock({ ...u, marked: new Set(['web', 'wt']) })).toBe('');
  });
});
