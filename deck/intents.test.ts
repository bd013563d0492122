import { describe, expect, it } from 'vitest';
import { decision, dispatchRecord, snapshot } from '../test/deck/fixtures.js';
import { handleKey, resolveSummary, type IntentContext } from './intents.js';
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
      refresh: async () => undefined,
    },
    quit: () => { c.quits++; },
    scroll: (panel: string) => { c.scrolls.push(panel); },
  };
  return c;
}

describe('intents', () => {
  it('summarises approvals, including failed actions', () => {
    const d = decision({ status: 'approved', actions: [dispatchRecord(0, 'web', { status: 'executed' }), dispatchRecord(1, 'infra', { status: 'failed', error: 'lane infra is not ready' })] });
    expect(resolveSummary('approved', { decision: d, failed: [1] })).toBe('approved d-20261121-100000-1: 1 of 2 actions executed; #1 dispatch failed: lane infra is not ready');
    expect(resolveSummary('rejected', { decision: d, failed: [] })).toBe('rejected d-20261121-100000-1');
  });

  it('routes keys by scope: the reject prompt captures q instead of quitting', () => {
    const c = ctx();
    handleKey(c, 'n', 'n');
    expect(c.store.getState().modal).toEqual({ kind: 'reject', decisionId: 'd-20261121-100000-1', text: '' });
    handleKey(c, 'q', 'q');
    expect(c.quits).toBe(0);
    handleKey(c, '\r', 'return');
    expect(c.sent).toEqual([]);
    handleKey(c, '\r', 'enter');
    expect(c.sent).toEqual([['decision.reject', { id: 'd-20261121-100000-1', reason: 'q' }]]);
    handleKey(c, 'q', 'q');
    expect(c.quits).toBe(1);
  });

  it('moves the cursor on the fleet and scrolls other panels', () => {
    const c = ctx();
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
