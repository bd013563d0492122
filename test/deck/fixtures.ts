/** Literal snapshots, lanes and decisions for the deck's unit and headless tests. */
import type { ActionRecord, DecisionDoc } from '../../engine/protocol/decision.js';
import type { LaneRow, Snapshot } from '../../engine/protocol/snapshot.js';

export function lane(name: string, status = 'idle', over: Partial<LaneRow> = {}): LaneRow {
  return {
    lane: name, kind: 'fixed', target: `%${name.length}`, window: name, harness: 'demo', role: name, model: null,
    base: true, lane_kind: 'standing', status, changed_at: null, current_command: 'node', ...over,
  };
}

export function dispatchRecord(idx: number, lane: string, over: Partial<ActionRecord> = {}): ActionRecord {
  return {
    idx, classification: 'safe', reasons: [], status: 'awaiting-approval', error: null, updated_at: '2026-11-21T10:00:00Z',
    action: { kind: 'dispatch', lane, payload: `do task ${idx}`, rationale: `lane ${lane} is idle`, mode: 'text', wait_ready: true, task: 'T0001' },
    ...over,
  };
}

export function decision(over: Partial<DecisionDoc> = {}): DecisionDoc {
  return {
    contract_version: 1, id: 'd-20261121-100000-1', created_at: '2026-11-21T10:00:00Z', approval_mode: 'manual', status: 'pending',
    critique: 'web is idle and T0001 is ready', brain: 'builtin', actions: [dispatchRecord(0, 'web')],
    decided_by: null, decided_at: null, reason: '', ...over,
  };
}

export function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    protocol_version: 1, source: 'engine', session: 'demo', project_root: '/tmp/p', generated_at: '2026-11-21T10:00:00Z',
    engine: { state: 'running', pid: 123, approval_mode: 'manual', brain: 'builtin', last_cycle: { at: '2026-11-21T10:00:00Z', outcome: 'pending', rc: 0 }, world_hash: null, world_hash_at: null, brain_calls_hour: 2, backoff_until: null },
    lanes: [lane('coord', 'idle'), lane('web', 'working'), lane('infra', 'awaiting-approval')],
    loops: [{ id: 'L1', status: 'active', branch: 'feat/login', name: 'login page' }],
    mailbox: { pending: [{ file: 'm1.md', from: 'web', to: 'coord', subject: 'login done', mtime: 1 }], processed_count: 7 },
    tasks: [{ id: 'T0001', title: 'Build the login page', status: 'open' }],
    decision: null,
    events: [{ seq: 1, ts: '2026-11-21T10:00:00Z', type: 'cycle-start', data: { reasons: ['boot'] } }],
    problems: [],
    ...over,
  };
}
