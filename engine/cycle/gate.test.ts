import { describe, expect, it } from 'vitest';
import type { Action, ActionKind, ApprovalMode, Classification } from '../protocol/decision.js';
import { autoExecutes, classifyAction, DEFAULT_GATE_CONFIG, gateBatch } from './gate.js';
import type { GateConfig, GateContext, LaneKind } from './gate.js';

const R = 'because';
const CTX: GateContext = { liveLaneCount: 4, laneKinds: null, config: DEFAULT_GATE_CONFIG };

// Builders with every field filled, as the parser returns them (spec §5.4).
const dispatch = (o: Partial<Extract<Action, { kind: 'dispatch' }>> = {}): Action => ({ kind: 'dispatch', lane: 'web', payload: 'build the page', rationale: R, mode: 'text', wait_ready: false, task: null, ...o });
const steer = (o: Partial<Extract<Action, { kind: 'steer' }>> = {}): Action => ({ kind: 'steer', lane: 'web', payload: 'focus on tests', rationale: R, mode: 'text', interrupt: false, wait_for_idle: false, expects_reply: false, reply_timeout_s: 1800, ...o });
const addLane = (o: Partial<Extract<Action, { kind: 'add_lane' }>> = {}): Action => ({ kind: 'add_lane', window: 'helper2', brief: 'help web', rationale: R, harness: 'claude', cmd: null, model: null, role: null, auto_approve: false, ...o });
const dropLane = (window: string): Action => ({ kind: 'drop_lane', window, rationale: R });
const stop: Action = { kind: 'stop', rationale: R };
const escalate: Action = { kind: 'escalate', summary: 'need a human', rationale: R };
const verify: Action = { kind: 'verify', lane: 'web', rationale: R };
const build: Action = { kind: 'build', window: 'wt1', brief: 'implement T0001', rationale: R };
const taskStatus = (to: string, task = 'T0001'): Action => ({ kind: 'task_status', task, to, rationale: R }) as Action;

const classify = (a: Action, ctx: Partial<GateContext> = {}) => classifyAction(a, { ...CTX, ...ctx });
const cls = (a: Action, ctx: Partial<GateContext> = {}): Classification => classify(a, ctx).classification;

describe('classifyAction (spec §6.1)', () => {
  it.each<[string, Action]>([
    ['text dispatch', dispatch()], ['text steer', steer()], ['harness-only add_lane', addLane()], ['stop', stop],
    ['verify', verify], ['build', build], ['task_status → in-progress', taskStatus('in-progress')], ['task_status → review', taskStatus('review')],
    ['steer waiting for a reply', steer({ expects_reply: true, wait_for_idle: true })],
  ])('scenario 9: %s ⇒ safe, no reasons', (_name, a) => {
    expect(classify(a)).toEqual({ classification: 'safe', reasons: [] });
  });

  it.each<[string, Action, string]>([
    ['escalate', escalate, 'escalation must reach a human'],
    ['drop_lane of a worker', dropLane('helper'), 'drop of a worker lane'],
  ])('scenario 9: %s ⇒ destructive', (_name, a, reason) => {
    expect(classify(a, { laneKinds: { helper: 'worker' } })).toEqual({ classification: 'destructive', reasons: [reason] });
  });

  it.each<[string, Action, string[]]>([
    ['interrupting steer', steer({ interrupt: true }), ['interrupting steer']],
    ['command-mode dispatch', dispatch({ mode: 'command', payload: 'npm test' }), ['command mode is raw shell']],
    ['command-mode steer', steer({ mode: 'command', payload: 'ls' }), ['command mode is raw shell']],
    ['add_lane with cmd only', addLane({ harness: null, cmd: 'npm run dev' }), ['add_lane runs an arbitrary command']],
    ['add_lane with cmd and harness', addLane({ cmd: 'claude --x' }), ['add_lane runs an arbitrary command']],
    ['interrupting command steer with rm -rf', steer({ interrupt: true, mode: 'command', payload: 'rm -rf dist' }), ['interrupting steer', 'command mode is raw shell', 'payload matches /rm -rf/']],
  ])('scenario 10: %s ⇒ destructive', (_name, a, reasons) => {
    expect(classify(a)).toEqual({ classification: 'destructive', reasons });
  });

  it.each([
    ['git push --force origin main', 'git push --force'],
    ['cleanup: rm -rf build/', 'rm -rf'],
    ['git reset --hard HEAD~1', 'reset --hard'],
  ])('scenario 11: payload %j ⇒ destructive (dispatch and steer)', (payload, pattern) => {
    for (const a of [dispatch({ payload }), steer({ payload })]) {
      expect(classify(a)).toEqual({ classification: 'destructive', reasons: [`payload matches /${pattern}/`] });
    }
  });

  it('payload patterns apply to dispatch/steer payloads and add_lane briefs, and are regexes', () => {
    expect(classify(addLane({ brief: 'rm -rf build/' }))).toEqual({ classification: 'destructive', reasons: ['brief matches /rm -rf/'] });
    const config: GateConfig = { ...DEFAULT_GATE_CONFIG, payloadPatterns: ['^deploy\\b'] };
    expect(cls(dispatch({ payload: 'deploy now' }), { config })).toBe('destructive');
    expect(cls(dispatch({ payload: 'please deploy now' }), { config })).toBe('safe');
  });

  it('an invalid payload pattern does not throw and matches as a literal substring', () => {
    const config: GateConfig = { ...DEFAULT_GATE_CONFIG, payloadPatterns: ['rm (-rf', '[unclosed'] };
    expect(classify(dispatch({ payload: 'now rm (-rf x' }), { config })).toEqual({ classification: 'destructive', reasons: ['payload matches /rm (-rf/'] });
    expect(cls(dispatch({ payload: 'rm -rf x' }), { config })).toBe('safe');
    expect(cls(dispatch({ payload: 'a [unclosed b' }), { config })).toBe('destructive');
  });

  it('handles unicode payloads', () => {
    expect(cls(dispatch({ payload: 'Überprüfe 日本語 ✓ 🚀' }))).toBe('safe');
    expect(cls(dispatch({ payload: '🧹 aufräumen: rm -rf build/ — ok?' }))).toBe('destructive');
    expect(cls(dispatch({ payload: 'loop-adr\u00a0\u2003accept 0007' }))).toBe('blocked');
  });

  it('scenario 12: add_lane with max_lanes−1 live lanes ⇒ safe; max_lanes or more ⇒ destructive', () => {
    expect(cls(addLane(), { liveLaneCount: 11 })).toBe('safe');
    expect(classify(addLane(), { liveLaneCount: 12 })).toEqual({ classification: 'destructive', reasons: ['lane cap reached (12 live, max 12)'] });
    expect(cls(addLane(), { liveLaneCount: 30 })).toBe('destructive');
    expect(cls(addLane(), { liveLaneCount: 3, config: { ...DEFAULT_GATE_CONFIG, maxLanes: 3 } })).toBe('destructive');
  });

  it.each<[string, Action]>([
    ['loop-adr accept in a dispatch', dispatch({ payload: 'then run loop-adr accept 0007' })],
    ['tabs and newlines between the words', dispatch({ payload: 'loop-adr\t\n  accept 0007' })],
    ['loop adr accept (loopdeck verb)', dispatch({ payload: 'loop adr accept 0007' })],
    ['loop   adr   accept', steer({ payload: 'loop   adr   accept 7' })],
    ['an interrupting steer', steer({ interrupt: true, payload: 'loop-adr  accept 0003' })],
    ['a command-mode dispatch', dispatch({ mode: 'command', payload: 'loop-adr accept 0003' })],
    ['an add_lane brief', addLane({ brief: 'first, loop-adr accept 0002' })],
    ['an add_lane cmd', addLane({ harness: null, cmd: 'loop-adr accept 0002' })],
    ['a build brief', { ...build, brief: 'loop-adr accept 0001' } as Action],
  ])('scenario 13: %s ⇒ blocked', (_name, a) => {
    const v = classify(a);
    expect(v.classification).toBe('blocked');
    expect(v.reasons.some((r) => r.includes('accepts an ADR'))).toBe(true);
  });

  it('mentions of ADRs that are not acceptance stay safe', () => {
    expect(cls(dispatch({ payload: 'read docs/adr/0007 and loop-adr list' }))).toBe('safe');
  });

  it.each<[string, Action]>([
    ['dispatch', dispatch({ lane: 'coord' })], ['steer', steer({ lane: 'coord' })], ['add_lane', addLane({ window: 'coord' })],
    ['drop_lane', dropLane('coord')], ['verify', { ...verify, lane: 'coord' } as Action], ['build', { ...build, window: 'coord' } as Action],
  ])('targeting coord with %s ⇒ blocked', (_name, a) => {
    const v = classify(a);
    expect(v.classification).toBe('blocked');
    expect(v.reasons).toContain('targets coord');
  });

  describe('scenario 19: drop_lane and lane kinds', () => {
    const kinds: Record<string, LaneKind> = { web: 'standing', helper: 'worker', special: 'standing' };
    it.each<[string, Record<string, LaneKind> | null | undefined, Classification, string]>([
      ['special', kinds, 'blocked', 'drop of a standing lane'],
      ['helper', kinds, 'destructive', 'drop of a worker lane'],
      ['ghost', kinds, 'destructive', 'drop of a lane of unknown kind'],
      ['helper', null, 'destructive', 'drop of a lane of unknown kind'],
      ['helper', undefined, 'destructive', 'drop of a lane of unknown kind'],
      ['docs', null, 'blocked', 'drop of a standing lane'],
      ['validate-left', undefined, 'blocked', 'drop of a standing lane'],
      ['ops-bottom', { 'ops-bottom': 'worker' }, 'blocked', 'drop of a standing lane'],
      ['constructor', {}, 'destructive', 'drop of a lane of unknown kind'],
    ])('drop of %s with kinds %j ⇒ %s', (window, laneKinds, c, reason) => {
      expect(classify(dropLane(window), { laneKinds })).toEqual({ classification: c, reasons: [reason] });
    });
  });

  describe('loopdeck task_status and fail-closed shapes', () => {
    it.each(['done', 'dropped', 'open', ''])('task_status to %j ⇒ blocked', (to) => {
      expect(classify(taskStatus(to))).toEqual({ classification: 'blocked', reasons: [`only a human moves a task to ${JSON.stringify(to)}`] });
    });
    it('task_status with a malformed task id ⇒ blocked', () => {
      expect(classify(taskStatus('review', '../../etc'))).toEqual({ classification: 'blocked', reasons: ['malformed task id'] });
    });
    it('an unknown kind ⇒ blocked', () => {
      expect(classify({ kind: 'launch', rationale: R } as unknown as Action)).toEqual({ classification: 'blocked', reasons: ['unknown action kind "launch"'] });
    });
    it('a dispatch whose mode is not exactly "text" is treated as raw shell', () => {
      expect(cls(dispatch({ mode: undefined as unknown as 'text' }))).toBe('destructive');
    });
  });
});

describe('gateBatch (spec §6.5 fan-out guard)', () => {
  const batch = (actions: Action[], ctx: Partial<GateContext> = {}) => gateBatch({ ...CTX, ...ctx, actions }).map((v) => v.classification);

  it('scenario 14: 4 dispatches ⇒ all safe', () => {
    expect(batch([dispatch(), dispatch(), dispatch(), dispatch()])).toEqual(['safe', 'safe', 'safe', 'safe']);
  });

  it('scenario 14: 4 dispatches + 1 steer ⇒ all 5 destructive, with the fan-out reason', () => {
    const v = gateBatch({ ...CTX, actions: [dispatch(), dispatch(), steer(), dispatch(), dispatch()] });
    expect(v.map((x) => x.classification)).toEqual(Array(5).fill('destructive'));
    expect(v[0]?.reasons).toEqual(['fan-out: 5 dispatch/steer/add_lane actions, max 4 per cycle']);
  });

  it('scenario 14: blocked stays blocked, stop and other kinds untouched, destructive keeps its reasons (add_lane counts toward the fan-out)', () => {
    const v = gateBatch({ ...CTX, actions: [dispatch({ lane: 'coord' }), dispatch(), dispatch({ mode: 'command' }), steer(), dispatch(), stop, addLane(), escalate] });
    expect(v.map((x) => x.classification)).toEqual(['blocked', 'destructive', 'destructive', 'destructive', 'destructive', 'safe', 'destructive', 'destructive']);
    expect(v[2]?.reasons).toEqual(['command mode is raw shell']);
  });

  it('honours the configured limit and keeps order', () => {
    expect(batch([dispatch(), steer()], { config: { ...DEFAULT_GATE_CONFIG, maxDispatchesPerCycle: 1 } })).toEqual(['destructive', 'destructive']);
    expect(batch([])).toEqual([]);
  });
});

describe('autoExecutes (spec §6.6 approval-mode matrix)', () => {
  const table: Array<[Classification, ApprovalMode, boolean]> = [
    ['safe', 'manual', false], ['safe', 'auto', true], ['safe', 'full', true],
    ['destructive', 'manual', false], ['destructive', 'auto', false], ['destructive', 'full', true],
    ['blocked', 'manual', false], ['blocked', 'auto', false], ['blocked', 'full', false],
  ];
  it.each(table)('%s in %s mode ⇒ %s', (c, mode, expected) => {
    expect(autoExecutes(c, 'dispatch', mode)).toBe(expected);
  });
  it.each<[Classification, ApprovalMode]>([['safe', 'full'], ['destructive', 'full'], ['safe', 'auto']])('escalate never executes without a human (%s, %s)', (c, mode) => {
    expect(autoExecutes(c, 'escalate', mode)).toBe(false);
  });
  it('an unknown mode executes nothing', () => {
    expect(autoExecutes('safe', 'stop' as ActionKind, 'yolo' as ApprovalMode)).toBe(false);
  });
});

describe('DEFAULT_GATE_CONFIG', () => {
  it('has the spec defaults and is frozen', () => {
    expect(DEFAULT_GATE_CONFIG).toEqual({ maxDispatchesPerCycle: 4, maxLanes: 12, payloadPatterns: ['git push --force', 'rm -rf', 'reset --hard'] });
    expect(Object.isFrozen(DEFAULT_GATE_CONFIG) && Object.isFrozen(DEFAULT_GATE_CONFIG.payloadPatterns)).toBe(true);
  });
});

describe('lane inputs, task moves and paired dispatches (loopdeck additions)', () => {
  it('text into a non-agent lane is destructive; into an agent lane safe; command mode judged by mode alone', () => {
    const laneInputs = { web: 'agent' as const, 'validate-left': 'shell' as const };
    expect(classify(dispatch({ lane: 'web' }), { laneInputs }).classification).toBe('safe');
    expect(classify(dispatch({ lane: 'validate-left' }), { laneInputs })).toEqual({ classification: 'destructive', reasons: ['text into a non-agent lane is typed as shell input'] });
    expect(classify(steer({ lane: 'nowhere' }), { laneInputs }).classification).toBe('destructive');
  });

  it('add_lane: a non-agent harness with a brief, or auto_approve, is destructive', () => {
    const agentHarnesses = new Set(['claude', 'demo']);
    expect(cls(addLane({ harness: 'claude' }), { agentHarnesses })).toBe('safe');
    expect(cls(addLane({ harness: 'shell' }), { agentHarnesses })).toBe('destructive');
    expect(cls(addLane({ harness: 'claude', auto_approve: true }), { agentHarnesses })).toBe('destructive');
  });

  it('never reopens a closed task; review → in-progress needs a person', () => {
    const taskStatuses = { T0001: 'done', T0002: 'review', T0003: 'open' };
    const ts = (task: string, to: 'in-progress' | 'review') => ({ kind: 'task_status' as const, task, to, rationale: 'r' });
    expect(cls(ts('T0001', 'in-progress'), { taskStatuses })).toBe('blocked');
    expect(cls(ts('T0002', 'in-progress'), { taskStatuses })).toBe('destructive');
    expect(cls(ts('T0003', 'in-progress'), { taskStatuses })).toBe('safe');
    expect(cls(ts('T0009', 'review'), { taskStatuses })).toBe('destructive');
  });

  it('a task move paired with a dispatch needs the same approval as the dispatch', () => {
    const v = gateBatch({ ...CTX, actions: [dispatch({ payload: 'then rm -rf build', task: 'T0001' }), { kind: 'task_status', task: 'T0001', to: 'in-progress', rationale: 'r' }] });
    expect(v.map((x) => x.classification)).toEqual(['destructive', 'destructive']);
    expect(v[1]?.reasons[0]).toMatch(/follows its dispatch \(action 0\)/);
  });

  it('lanes added earlier in the batch count toward the lane cap', () => {
    expect(gateBatch({ ...CTX, liveLaneCount: 11, actions: [addLane({ window: 'a1' }), addLane({ window: 'a2' })] }).map((x) => x.classification)).toEqual(['safe', 'destructive']);
  });
});
