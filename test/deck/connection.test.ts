/**
 * deck/connection.ts against the engine's real IPC server (engine/ipc/server.ts) on a temp Unix
 * socket, with the real client (connectEngine): handshake, snapshot, notifications (coalesced
 * re-fetches), requests, engine gone → offline polling, engine back → reconnect.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { connectEngine } from '../../engine/protocol/client.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startConnection, type EngineLink } from '../../deck/connection.js';
import { engineDeps } from '../../deck/engine-deps.js';
import { createStore } from '../../deck/state/store.js';
import { initialState } from '../../deck/state/types.js';
import { startIpcServer, type IpcServer } from '../../engine/ipc/server.js';
import type { Snapshot } from '../../engine/protocol/snapshot.js';
import { waitFor } from '../helpers/wait-for.js';
import { decision, snapshot } from './fixtures.js';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

interface Engine { server: IpcServer; calls: string[]; snap: { value: Snapshot } }

async function serve(path: string, snap: { value: Snapshot }, calls: string[]): Promise<Engine> {
  const server = await startIpcServer(path, { engine_version: 'test', session: 'demo', project_root: '/tmp/p', pid: process.pid }, {
    snapshot: async () => { calls.push('snapshot'); await new Promise((r) => setTimeout(r, 20)); return snap.value; },
    'decision.approve': (p) => { calls.push(`approve ${(p as { id: string }).id}`); return { decision: { ...decision(), status: 'approved' }, failed: [] }; },
  });
  return { server, calls, snap };
}

function setup(): { path: string; store: ReturnType<typeof createStore>; link: () => EngineLink; offlineReads: () => number } {
  const dir = mkdtempSync(join(tmpdir(), 'ldk-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'e.sock');
  const store = createStore(initialState({ session: 'demo', root: '/tmp/p' }));
  let reads = 0;
  let link: EngineLink | null = null;
  return {
    path, store, offlineReads: () => reads,
    link: () => {
      link = startConnection({
        root: '/tmp/p', session: 'demo', dispatch: store.dispatch, pollMs: 50,
        deps: { ...engineDeps, socketPathFor: () => path, offlineSnapshot: async () => { reads++; return snapshot({ source: 'offline' }); }, offlineCapture: async () => 'offline' },
      });
      const l = link;
      cleanups.push(() => l.stop());
      return l;
    },
  };
}

describe('deck connection', () => {
  it('connects, fetches, re-fetches on notifications (coalesced) and sends requests', async () => {
    const s = setup();
    const calls: string[] = [];
    const eng = await serve(s.path, { value: snapshot({ decision: decision() }) }, calls);
    cleanups.push(() => eng.server.close());
    const link = s.link();
    await waitFor(() => s.store.getState().connection.status === 'online' && s.store.getState().snapshot?.source === 'engine', { what: 'online with a snapshot' });
    await waitFor(() => eng.server.clients() === 1);
    const before = calls.filter((c) => c === 'snapshot').length;
    for (let i = 0; i < 50; i++) eng.server.broadcast('event.appended', { seq: i, ts: 'x', type: 'tick', data: {} });
    await waitFor(() => calls.filter((c) => c === 'snapshot').length > before, { what: 'a re-fetch' });
    await new Promise((r) => setTimeout(r, 150));
    const fetched = calls.filter((c) => c === 'snapshot').length - before;
    expect(fetched).toBeGreaterThanOrEqual(1);
    expect(fetched).toBeLessThanOrEqual(2);
    eng.snap.value = { ...eng.snap.value, lanes: eng.snap.value.lanes.map((l) => (l.lane === 'web' ? { ...l, status: 'idle' } : l)) };
    eng.server.broadcast('lane.changed', { lane: 'web', from: 'working', to: 'idle', at: '2026-11-21T10:01:00Z' });
    await waitFor(() => s.store.getState().snapshot?.lanes.find((l) => l.lane === 'web')?.status === 'idle', { what: 'the lane change' });
    const r = await link.request('decision.approve', { id: 'd-20261121-100000-1' });
    expect(r.decision.status).toBe('approved');
    expect(calls).toContain('approve d-20261121-100000-1');
  });

  it('reads offline while no engine listens, and reconnects when one starts', async () => {
    const s = setup();
    s.link();
    await waitFor(() => s.store.getState().connection.status === 'offline' && s.store.getState().snapshot?.source === 'offline', { what: 'offline mode' });
    expect(s.store.getState().connection.error).toBeNull();
    await waitFor(() => s.offlineReads() >= 2, { what: 'offline polling' });
    const calls: string[] = [];
    const eng = await serve(s.path, { value: snapshot() }, calls);
    await waitFor(() => s.store.getState().connection.status === 'online' && s.store.getState().snapshot?.source === 'engine', { what: 'reconnect' });
    await eng.server.close();
    await waitFor(() => s.store.getState().connection.status === 'offline', { what: 'offline after the engine stopped' });
    await waitFor(() => s.store.getState().snapshot?.source === 'offline', { what: 'offline snapshot again' });
  });

  it('a frozen engine (accepts, never answers): the client deadline takes the deck offline with the reason', async () => {
    const s = setup();
    const held: Socket[] = [];
    const frozen = createServer((c) => { held.push(c); });
    await new Promise<void>((r) => frozen.listen(s.path, r));
    cleanups.push(() => { for (const c of held) c.destroy(); frozen.close(); });
    const store = s.store;
    const link = startConnection({
      root: '/tmp/p', session: 'demo', dispatch: store.dispatch, pollMs: 50,
      deps: { ...engineDeps, connect: (p, o) => connectEngine(p, { ...o, requestTimeoutMs: 200 }), socketPathFor: () => s.path, offlineSnapshot: async () => snapshot({ source: 'offline' }), offlineCapture: async () => 'offline' },
    });
    cleanups.push(() => link.stop());
    await waitFor(() => /is not answering: no reply to 'hello'/.test(store.getState().connection.error ?? ''), { what: 'the not-answering error' });
    expect(store.getState().connection.status).toBe('offline');
    await waitFor(() => store.getState().snapshot?.source === 'offline', { what: 'the offline dashboard' });
  });

  it('refuses requests while offline without sending anything', async () => {
    const s = setup();
    const link = s.link();
    await waitFor(() => s.store.getState().connection.status === 'offline');
    await expect(link.request('decision.approve', { id: 'x' })).rejects.toThrow(/engine is off/);
    await expect(link.capture('web')).resolves.toBe('offline');
  });
});
