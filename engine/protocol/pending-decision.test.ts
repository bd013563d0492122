import { describe, expect, it } from 'vitest';
import { pendingDecisionDocument } from './pending-decision.js';
import type { DecisionDoc } from './decision.js';

const doc = (status: DecisionDoc['status']): DecisionDoc => ({
  contract_version: 1, id: 'd-20260101-000000-1', created_at: '2026-01-01T00:00:00Z', approval_mode: 'manual', status, critique: 'c', brain: 'builtin',
  actions: [{ idx: 0, action: { kind: 'dispatch', lane: 'web', payload: 'p', rationale: 'r', mode: 'text', wait_ready: false, task: null }, classification: 'safe', reasons: [], status: 'awaiting-approval', error: null, updated_at: 't' },
    { idx: 1, action: { kind: 'drop_lane', window: 'coord', rationale: 'r' }, classification: 'blocked', reasons: ['targets coord'], status: 'rejected', error: null, updated_at: 't' }],
  decided_by: null, decided_at: null, reason: '',
});

describe('pending-decision document (spec §8.1)', () => {
  it('flattens every action with all its fields, classification and status', () => {
    const d = pendingDecisionDocument(doc('pending'))!;
    expect(d).toMatchObject({ contract_version: 1, id: 'd-20260101-000000-1', status: 'pending', approval_mode: 'manual', critique: 'c', decided_by: null, decided_at: null, reason: '' });
    expect(d.actions[0]).toEqual({ idx: 0, kind: 'dispatch', lane: 'web', payload: 'p', rationale: 'r', mode: 'text', wait_ready: false, task: null, classification: 'safe', status: 'awaiting-approval', reasons: [], error: null });
    expect(d.actions[1]).toMatchObject({ idx: 1, kind: 'drop_lane', window: 'coord', classification: 'blocked', status: 'rejected' });
    expect(pendingDecisionDocument(doc('needs-human'))?.status).toBe('needs-human');
  });
  it('is null when nothing is in flight', () => {
    expect(pendingDecisionDocument(doc('approved'))).toBeNull();
    expect(pendingDecisionDocument(null)).toBeNull();
  });
});
