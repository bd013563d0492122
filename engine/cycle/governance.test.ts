import { describe, expect, it } from 'vitest';
import type { Action, AddLaneAction } from '../protocol/decision.js';
import { DEFAULT_POLICY, harnessVerdict, policyIsEmpty, reuseVerdict, rewriteHarnesses, wantsWorktree, type HarnessPolicy, type Roster } from './governance.js';
import { classifyAction, gateBatch, DEFAULT_GATE_CONFIG } from './gate.js';
import { laneGovernance } from './roster.js';

const R = 'because';
const add = (o: Partial<AddLaneAction> = {}): AddLaneAction => ({ kind: 'add_lane', window: 'w2', brief: 'b', rationale: R, harness: 'claude', cmd: null, model: null, role: null, auto_approve: false, ...o });
const entry = (name: string, o: Partial<Roster[string]> = {}): Roster[string] => ({ name, present: true, capability_tags: 'code', cost_tier: 'low', autonomy_class: 'attended', drift_pins: 'low', ...o });
const ROSTER: Roster = {
  claude: entry('claude', { capability_tags: 'brain,code', cost_tier: 'high', autonomy_class: 'unattended' }),
  pi: entry('pi', { capability_tags: 'product,synthesis' }),
  codex: entry('codex', { drift_pins: 'high' }),
  gone: entry('gone', { present: false }),
  sick: entry('sick', { health: 'unhealthy' }),
  shell: entry('shell', { capability_tags: '' }),
};
const pol = (o: Partial<HarnessPolicy> = {}): HarnessPolicy => ({ ...DEFAULT_POLICY, ...o });
const v = (a: AddLaneAction, p: HarnessPolicy) => harnessVerdict(a, p, ROSTER)?.[0];

describe('harness governance (spec §6.3, acceptance 15–17)', () => {
  it('empty policy is inert', () => {
    expect(policyIsEmpty(DEFAULT_POLICY)).toBe(true);
    expect(policyIsEmpty(pol({ deny: ['x'] }))).toBe(false);
    expect(classifyAction(add({ harness: 'ghost' }), { liveLaneCount: 1, config: DEFAULT_GATE_CONFIG, roster: ROSTER }).classification).toBe('safe');
  });
  it('denied, roster-unknown, outside allow-list or role-tag mismatch ⇒ blocked', () => {
    expect(v(add(), pol({ deny: ['claude'] }))).toBe('blocked');
    expect(v(add({ harness: 'ghost' }), pol({ deny: ['x'] }))).toBe('blocked');
    expect(v(add(), pol({ allow: ['pi'] }))).toBe('blocked');
    expect(v(add({ harness: 'pi', role: 'web' }), pol({ role_tag_map: { web: ['code'] } }))).toBe('blocked');
  });
  it('present:false, unhealthy, cost over ceiling or autonomy over cap ⇒ destructive', () => {
    expect(v(add({ harness: 'gone' }), pol({ deny: ['x'] }))).toBe('destructive');
    expect(v(add({ harness: 'sick' }), pol({ deny: ['x'] }))).toBe('destructive');
    expect(v(add(), pol({ cost_ceiling: 'medium' }))).toBe('destructive');
    expect(v(add(), pol({ autonomy_cap: 'attended' }))).toBe('destructive');
    expect(v(add({ harness: 'pi' }), pol({ cost_ceiling: 'medium', autonomy_cap: 'attended' }))).toBe('safe');
  });
  it('high drift + auto_approve + high-risk role ⇒ destructive; otherwise safe', () => {
    expect(v(add({ harness: 'codex', auto_approve: true, role: 'infra' }), pol({ deny: ['x'] }))).toBe('destructive');
    expect(v(add({ harness: 'codex', auto_approve: false, role: 'infra' }), pol({ deny: ['x'] }))).toBe('safe');
    expect(v(add({ harness: 'codex', auto_approve: true, role: 'web' }), pol({ deny: ['x'] }))).toBe('safe');
  });
  it('rewrite to an allowed role default; a disallowed default leaves it (then blocked)', () => {
    const p = pol({ role_tag_map: { product: ['product'] }, role_defaults: { product: 'pi' } });
    const r = rewriteHarnesses([add({ harness: 'claude', role: 'product' })], p, ROSTER);
    expect(r.rewrites).toEqual([{ window: 'w2', role: 'product', from_harness: 'claude', to_harness: 'pi' }]);
    expect(v(r.actions[0] as AddLaneAction, p)).toBe('safe');
    const bad = pol({ role_tag_map: { product: ['product'] }, role_defaults: { product: 'codex' } });
    expect(rewriteHarnesses([add({ harness: 'claude', role: 'product' })], bad, ROSTER).rewrites).toEqual([]);
  });
});

describe('reuse-before-spawn (spec §6.4, acceptance 20) and the gate', () => {
  it('idle ≥ 1 and live ≥ allowance ⇒ destructive; spare allowance or busy worker ⇒ safe', () => {
    const p = pol({ deny: ['x'] });
    expect(reuseVerdict(add({ role: 'web' }), p, { web: { live: 1, idle: 1 } })).toMatch(/reuse it/);
    expect(reuseVerdict(add({ role: 'web' }), p, { web: { live: 1, idle: 0 } })).toBeNull();
    expect(reuseVerdict(add({ role: 'web' }), pol({ role_rules: { web: { concurrency_allowance: 2 } } }), { web: { live: 1, idle: 1 } })).toBeNull();
    const ctx = { liveLaneCount: 3, config: DEFAULT_GATE_CONFIG, policy: p, roster: ROSTER, roleWorkers: { web: { live: 1, idle: 1 } } };
    expect(classifyAction(add({ role: 'web' }), ctx).classification).toBe('destructive');
  });
  it('dispatch target under a policy: unknown lane or roster-unknown harness ⇒ blocked (acceptance 18)', () => {
    const d = (lane: string): Action => ({ kind: 'dispatch', lane, payload: 'p', rationale: R, mode: 'text', wait_ready: false, task: null });
    const ctx = { liveLaneCount: 3, config: DEFAULT_GATE_CONFIG, policy: pol({ deny: ['x'] }), roster: ROSTER, laneHarnesses: { web: 'claude', odd: 'ghost' } };
    expect(gateBatch({ ...ctx, actions: [d('web'), d('nowhere'), d('odd')] }).map((x) => x.classification)).toEqual(['safe', 'blocked', 'blocked']);
  });
});

describe('worktree provisioning (spec §6.7, acceptance 21)', () => {
  it('code writers 0 ⇒ shared; ≥ 1 ⇒ worktree; shell never; explicit honoured; branch carry', () => {
    expect(wantsWorktree(add(), 0, false)).toBe(false);
    expect(wantsWorktree(add(), null, false)).toBe(false);
    expect(wantsWorktree(add(), 1, false)).toBe(true);
    expect(wantsWorktree(add({ harness: 'shell' }), 3, false)).toBe(false);
    expect(wantsWorktree(add({ cmd: 'htop' }), 3, false)).toBe(false);
    expect(wantsWorktree(add({ worktree: true }), 0, false)).toBe(true);
    expect(wantsWorktree(add({ worktree: false }), 5, true)).toBe(false);
    expect(wantsWorktree(add(), 0, true)).toBe(true);
  });
  it('laneGovernance counts worker code writers and role workers', () => {
    const lane = (l: string, harness: string | null, role: string | null, status: string, laneKind: 'worker' | 'standing' = 'worker') => ({ lane: l, harness, role, status, laneKind, cmd: null }) as never;
    const g = laneGovernance([lane('coord', 'claude', null, 'idle', 'standing'), lane('a', 'claude', 'web', 'idle'), lane('b', 'codex', 'web', 'working'), lane('c', 'shell', 'ops', 'idle')]);
    expect(g.codeWriters).toBe(2);
    expect(g.roleWorkers).toEqual({ web: { live: 2, idle: 1 }, ops: { live: 1, idle: 1 } });
    expect(g.laneHarnesses).toMatchObject({ coord: 'claude', c: 'shell' });
  });
});

describe('roster block (spec §4.11 item 7, acceptance 40)', () => {
  it('omits denied and not-present harnesses; shows the rubric heading', async () => {
    const { rosterBlock } = await import('./governance.js');
    const b = rosterBlock(ROSTER, pol({ deny: ['codex'] }));
    expect(b).toMatch(/^--- harness roster \(allowed \+ present \+ healthy\) ---\nclaude tags=brain,code cost=high/);
    expect(b).not.toMatch(/^codex /m);
    expect(b).not.toMatch(/^gone /m);
    expect(b).not.toMatch(/^sick /m);
    expect(b).toContain('--- harness selection rubric (first match wins) ---');
  });
});
