import { describe, expect, it } from 'vitest';
import { decision, dispatchRecord, snapshot } from '../test/deck/fixtures.js';
import { cycleQueuedText, handleKey, resolveSummary, type IntentContext } from './intents.js';
import { reduce } from './state/reduce.js';
import { createStore } from './state/store.js';
import { initialState } from './state/types.js';

function ctx(snap = snapshot({ decision: decision() })): IntentContext & { sent: Array<[string, unknown]>; quits: number; scrolls: string[] } {
  let s = initialState({ session: 'demo', root: '/p' });
  s = reduce(s, { type: 'connection.changed', status: 'online' });
  s = reduce(s, { type: 'snapshot.received', snapshot: snap, at: 0 });
  const sent: Array<[string, unknown]> = [];
  const c = {
    store: createStore(s), now: () => 0, sent, quits: 0, scrolls: [] as string[],
    engine: {
      request: (async (m: string, p: unknown) => { sent.push([m, p]); return { decision: decision({ status: 'approved' }), failed: [] }; }) as IntentContext['engine']['request'],
      call: async (m: string, p: unknown) => { sent.push([m, p]); return {}; },
      refresh: async () => undefined,
    },
    quit: () => { c.quits++; },
    scroll: (panel: string) => { c.scrolls.push(panel); },
  };
  return c;
}

describe('intents', () => {
  it('says what a queued cycle waits for instead of promising it runs now', () => {
    const at = (snap: ReturnType<typeof snapshot>): ReturnType<IntentContext['store']['getState']> => ctx(snap).store.getState();
    expect(cycleQueuedText(at(snapshot({ decision: decision() })))).toBe('cycle queued: it runs once decision d-20261121-100000-1 is approved (y) or rejected (N)');
    expect(cycleQueuedText(at(snapshot({ decision: null })))).toBe('cycle queued: the engine runs it now');
    const paused = snapshot({ decision: decision() });
    expect(cycleQueuedText(at({ ...paused, engine: { ...paused.engine, state: 'paused' } }))).toBe('cycle queued: it runs once the engine is resumed (p)');
    expect(cycleQueuedText(at({ ...paused, decision: null, engine: { ...paused.engine, state: 'backoff', backoff_until: null } }))).toBe('cycle queued: it runs after the brain backoff');
  });

  it('summarises approvals, including failed actions', () => {
    const d = decision({ status: 'approved', actions: [dispatchRecord(0, 'web', { status: 'executed' }), dispatchRecord(1, 'infra', { status: 'failed', error: 'lane infra is not ready' })] });
    expect(resolveSummary('approved', { decision: d, failed: [1] })).toBe('approved d-20261121-100000-1: 1 of 2 actions executed; #1 dispatch failed: lane infra is not ready');
    expect(resolveSummary('rejected', { decision: d, failed: [] })).toBe('rejected d-20261121-100000-1');
  });

  it('routes keys by scope: the reject form captures q instead of quitting', () => {
    const c = ctx();
    handleKey(c, 'N', 'S-n');
    expect(c.store.getState().modal).toMatchObject({ kind: 'form', form: 'reject', target: 'd-20261121-100000-1', fields: [{ name: 'reason', value: '' }] });
    handleKey(c, 'q', 'q');
    expect(c.quits).toBe(0);
    handleKey(c, '\r', 'return');
    expect(c.sent).toEqual([]);
    handleKey(c, '\r', 'enter');
    expect(c.sent).toEqual([['decision.reject', { id: 'd-20261121-100000-1', reason: 'q' }]]);
    handleKey(c, 'q', 'q');
    expect(c.quits).toBe(1);
  });

  it('approves only the marked actions, or all with Y', () => {
    const two = snapshot({ decision: decision({ actions: [dispatchRecord(0, 'web'), dispatchRecord(1, 'infra')] }) });
    const c = ctx(two);
    handleKey(c, undefined, 'tab');
    handleKey(c, 'j', 'j');
    handleKey(c, ' ', 'space');
    expect(c.store.getState().marked).toEqual([1]);
    handleKey(c, 'y', 'y');
    expect(c.sent).toEqual([['decision.approve', { id: 'd-20261121-100000-1', actions: [1] }]]);
    const c2 = ctx(two);
    handleKey(c2, 'Y', 'S-y');
    expect(c2.sent).toEqual([['decision.approve', { id: 'd-20261121-100000-1' }]]);
  });

  it('steers the selected lane through a form; an empty payload keeps it open', () => {
    const c = ctx();
    handleKey(c, 's', 's');
    handleKey(c, '\r', 'enter');
    expect(c.store.getState().modal).toMatchObject({ kind: 'form', form: 'steer', error: 'payload is empty' });
    for (const ch of 'go on') handleKey(c, ch, ch === ' ' ? 'space' : ch);
    handleKey(c, undefined, 'tab');
    handleKey(c, ' ', 'space');
    handleKey(c, '\r', 'enter');
    expect(c.sent).toEqual([['lane.steer', { lane: 'coord', payload: 'go on', interrupt: true, wait_ready: false }]]);
    expect(c.store.getState().modal.kind).toBe('none');
  });

  it('drops a base lane only after its name is typed exactly', () => {
    const c = ctx();
    handleKey(c, 'x', 'x');
    for (const ch of 'cord') handleKey(c, ch, ch);
    handleKey(c, '\r', 'enter');
    expect(c.store.getState().modal).toMatchObject({ form: 'drop', error: "name mismatch: type 'coord' exactly" });
    expect(c.sent).toEqual([]);
    for (let i = 0; i < 4; i++) handleKey(c, undefined, 'backspace');
    for (const ch of 'coord') handleKey(c, ch, ch);
    handleKey(c, '\r', 'enter');
    expect(c.sent).toEqual([['lane.drop', { window: 'coord', confirm: 'coord' }]]);
  });

  it('g needs tmux; A needs the ADR screen and linked records', () => {
    const c = ctx(snapshot({ adrs: [{ id: '0001', status: 'Proposed', title: 't', path: '/p/docs/adr/0001-t.md', verify_record: null, rollback: null, canary_record: null, linked: false }] }));
    handleKey(c, 'g', 'g');
    handleKey(c, 'A', 'S-a');
    handleKey(c, 'a', 'a');
    handleKey(c, 'A', 'S-a');
    expect(c.store.getState().toasts.map((t) => t.text)).toEqual(['not inside tmux (use attach instead)', 'open the ADR screen first (a)', 'not linked: the ADR needs a verify_record and a rollback (or canary_record) first']);
    expect(c.sent).toEqual([]);
  });

  it('moves the cursor on the fleet and scrolls other panels', () => {
    const c = ctx(snapshot());
    handleKey(c, 'j', 'j');
    expect(c.store.getState().selectedLane).toBe('web');
    handleKey(c, undefined, 'tab');
    handleKey(c, undefined, 'down');
    expect(c.scrolls).toEqual(['decision']);
    expect(c.store.getState().selectedLane).toBe('web');
  });

  it('does nothing but toast when approve is disabled', () => {
    const c = ctx(snapshot());
    handleKey(c, 'y', 'y');
    expect(c.sent).toEqual([]);
    expect(c.store.getState().toasts.map((t) => t.text)).toEqual(['no pending decision']);
  });
});
