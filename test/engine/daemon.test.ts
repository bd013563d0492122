/**
 * The daemon on real tmux: `engine start` returns once it answers; a second start names the
 * running one; a new mailbox message triggers a cycle; approve goes over the socket; `engine stop`
 * leaves no process, socket or pid file; an action caught `executing` by a crash becomes `unknown`
 * and is never retried.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeBed, type Bed } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';
import { assertBuilt } from '../helpers/cli.js';
import { Store } from '../../engine/store/store.js';
import { enginePaths } from '../../engine/context.js';

describe('engine daemon', () => {
  let bed: Bed;
  beforeAll(async () => {
    assertBuilt();
    bed = await makeBed({ tasks: [{ id: 'T0001', title: 'Only task' }], lanes: '  web: { harness: demo }\n' });
  });
  afterAll(async () => { await bed?.cleanup(); });

  it('recovers an action caught executing as unknown, never retried', async () => {
    const paths = enginePaths(bed.root, bed.session);
    const store = new Store(paths.db);
    const id = store.decisions.nextId(new Date());
    store.decisions.create({ id, created_at: '2026-01-01T00:00:00Z', status: 'pending', approval_mode: 'manual', brain: 'builtin', critique: 'crash fixture', raw_text: '', actions: [{ action: { kind: 'dispatch', lane: 'web', payload: 'SHOULD-NEVER-ARRIVE', rationale: 'x', mode: 'text', wait_ready: false, task: null }, classification: 'safe', reasons: [], status: 'executing' }] });
    store.decisions.resolve(id, { status: 'rejected', by: 'test', at: '2026-01-01T00:00:01Z', reason: 'fixture' });
    store.decisions.setAction(id, 0, 'executing', '2026-01-01T00:00:01Z');
    store.close();
    const r = await bed.engine(['start']);
    expect(r.code, r.stderr).toBe(0);
    const ev = await bed.engine(['events', '--json', '--type', 'action-recovered']);
    expect(ev.stdout).toContain('"to":"unknown"');
    const s2 = new Store(paths.db);
    expect(s2.decisions.get(id)!.actions[0]!.status).toBe('unknown');
    s2.close();
    const pane = bed.tmux.run('capture-pane', '-p', '-t', 'bed:web');
    expect(pane).not.toContain('SHOULD-NEVER-ARRIVE');
  });

  it('refuses a second daemon and says where the running one is', async () => {
    const info = JSON.parse(readFileSync(join(bed.root, '.loop/sessions/bed/engine/daemon.json'), 'utf8')) as { pid: number; socket: string };
    const r = await bed.engine(['start']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`pid ${info.pid}`);
    expect(r.stderr).toContain(info.socket);
    const w = await bed.engine(['watch']);
    expect(w.code).toBe(1);
    expect((statSync(info.socket).mode & 0o777).toString(8)).toBe('600');
  });

  it('runs a cycle at boot and serves the pending decision over the socket', async () => {
    const s = await waitFor(async () => { const x = await bed.status(); return x.decision?.status === 'pending' ? x : null; }, { timeoutMs: 15_000, what: 'boot cycle decision' });
    expect(s.engine.state).toBe('running');
    expect(s.lanes.map((l) => l.lane)).toContain('web');
    const id = s.decision!.id;
    const r = await bed.engine(['approve', id]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('[safe/executed]');
    const next = await waitFor(async () => { const d = (await bed.status()).decision; return d && d.status === 'pending' && d.id !== id ? d : null; }, { timeoutMs: 20_000, what: 'the review decision after the report', onTimeout: async () => (await bed.engine(['events'])).stdout.slice(-3000) });
    expect(next.actions.map((a) => `${a.action.kind}:${a.action.task}`)).toEqual(['task_status:T0001']);
    expect(bed.taskStatus('T0001')).toBe('in-progress');
    expect((await bed.engine(['approve', next.id])).code).toBe(0);
    expect(bed.taskStatus('T0001')).toBe('review');
  });

  it('a new mailbox message triggers a cycle; an unchanged world does not call the brain', async () => {
    await waitFor(async () => (await bed.status()).decision?.status !== 'pending', { timeoutMs: 10_000, what: 'no pending decision' });
    const before = (await bed.engine(['events', '--json', '--type', 'cycle-trigger'])).stdout.trim().split('\n').filter(Boolean).length;
    writeFileSync(join(bed.root, '.loop/messages/20990101-000000-ops-to-coord.md'), '---\nsubject: fyi\n---\nplain note\n');
    await waitFor(async () => (await bed.engine(['events', '--json', '--type', 'cycle-trigger'])).stdout.includes('mailbox-new'), { timeoutMs: 10_000, what: 'mailbox-new trigger' });
    await waitFor(() => existsSync(join(bed.root, '.loop/messages/processed/20990101-000000-ops-to-coord.md')), { timeoutMs: 10_000, what: 'message ingested' });
    const after = (await bed.engine(['events', '--json', '--type', 'cycle-trigger'])).stdout.trim().split('\n').filter(Boolean).length;
    expect(after).toBeGreaterThan(before);
  });

  it('stops cleanly: no process, socket or pid file left', async () => {
    const info = JSON.parse(readFileSync(join(bed.root, '.loop/sessions/bed/engine/daemon.json'), 'utf8')) as { pid: number; socket: string };
    const r = await bed.engine(['stop']);
    expect(r.code, r.stderr).toBe(0);
    expect(() => process.kill(info.pid, 0)).toThrow();
    expect(existsSync(info.socket)).toBe(false);
    expect(existsSync(join(bed.root, '.loop/sessions/bed/engine/engine.pid'))).toBe(false);
    const again = await bed.engine(['stop']);
    expect(again.stdout).toContain('not running');
  });
});
