/**
 * An in-memory engine for the deck's headless tests: a fake EngineClient (records every request,
 * answers snapshot / decision.* / lane.capture, pushes notifications) behind fake ConnectionDeps.
 */
import type { ConnectionDeps } from '../../deck/connection.js';
import { EngineRequestError, EngineUnavailableError, type EngineClient } from '../../engine/protocol/client.js';
import type { DecisionDoc } from '../../engine/protocol/decision.js';
import type { NotificationMethod, Notifications } from '../../engine/protocol/methods.js';
import type { Snapshot } from '../../engine/protocol/snapshot.js';

export interface FakeEngine {
  deps: ConnectionDeps;
  calls: Array<{ method: string; params: unknown }>;
  /** The snapshot the engine serves (mutable). */
  state: { snapshot: Snapshot; offline: Snapshot; up: boolean; connectError: Error | null; approveError: string | null; pane: string; /** method → error message it answers with */ errors: Record<string, string> };
  notify: <N extends NotificationMethod>(m: N, p: Notifications[N]) => void;
  /** Drop the connection (as if the engine stopped). */
  crash: () => void;
}

/** Build a fake engine serving `snapshot`; `up: false` makes connect fail like a stopped engine. */
export function fakeEngine(snapshot: Snapshot, offline: Snapshot, up = true): FakeEngine {
  const calls: FakeEngine['calls'] = [];
  const state: FakeEngine['state'] = { snapshot, offline, up, connectError: null, approveError: null, pane: 'agent$ working on T0001', errors: {} };
  const listeners = new Map<string, (p: unknown) => void>();
  let closers: Array<() => void> = [];
  const resolve = (status: DecisionDoc['status'], reason = ''): { decision: DecisionDoc; failed: number[] } => {
    const d = state.snapshot.decision;
    if (!d) throw new EngineRequestError(-32009, 'no pending decision');
    const actionStatus = status === 'approved' ? 'executed' : 'rejected';
    const decision: DecisionDoc = { ...d, status, reason, decided_by: 'human', actions: d.actions.map((a) => ({ ...a, status: actionStatus })) };
    state.snapshot = { ...state.snapshot, decision };
    return { decision, failed: [] };
  };
  const client: EngineClient = {
    hello: { protocol_version: 1, engine_version: '0.1.0', session: snapshot.session, project_root: snapshot.project_root, pid: 1 },
    call: (async (method: string, params?: unknown) => {
      calls.push({ method, params });
      if (state.errors[method]) throw new EngineRequestError(-32009, state.errors[method]);
      const p = (params ?? {}) as Record<string, string>;
      switch (method) {
        case 'lane.steer': case 'lane.dispatch': return { lane: p.lane, target: '%1', confirmed: true, warnings: [], elapsed_ms: 5 };
        case 'lane.add': return { window: p.window, target: '%9', harness: p.harness, notes: [], brief_sent: Boolean(p.brief) };
        case 'lane.drop': return { window: p.window, window_id: '@9' };
        case 'lane.focus': return { lane: p.lane, target: '%1', switched_clients: 0 };
        case 'cycle.now': return { queued: true };
        case 'engine.pause': return { paused: true };
        case 'engine.resume': return { paused: false };
        case 'ask.answer': case 'adr.accept': return { ok: true };
        case 'snapshot': return state.snapshot;
        case 'decision.approve':
          if (state.approveError) throw new EngineRequestError(-32009, state.approveError);
          return resolve('approved');
        case 'decision.reject': return resolve('rejected', (params as { reason?: string }).reason ?? '');
        case 'lane.capture': return { lane: (params as { lane: string }).lane, target: '%1', text: state.pane, captured_at: '2026-11-21T10:00:00Z' };
        default: throw new EngineRequestError(-32601, `unknown method ${method}`);
      }
    }) as EngineClient['call'],
    onNotification: (m, cb) => { listeners.set(m, cb as (p: unknown) => void); },
    onClose: (cb) => { closers.push(cb); },
    close: () => { const c = closers; closers = []; for (const f of c) f(); },
  };
  return {
    calls, state,
    notify: (m, p) => listeners.get(m)?.(p),
    crash: () => { state.up = false; client.close(); },
    deps: {
      connect: async (path) => {
        if (state.connectError) throw state.connectError;
        if (!state.up) throw new EngineUnavailableError(path, new Error('ENOENT'));
        return client;
      },
      socketPathFor: () => '/tmp/loopdeck-test/fake.sock',
      offlineSnapshot: async () => state.offline,
      offlineCapture: async () => 'offline$ idle',
    },
  };
}
