/**
 * The engine side of the deck's lane requests against a real engine daemon on a private tmux
 * server: lane.add (with a brief), lane.steer, lane.dispatch, lane.focus and lane.drop over the
 * socket — each recorded as an event; a base lane is never dropped without the typed name, and
 * even then the substrate guard refuses (the engine never forces).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineRequestError} from '../../engine/protocol/client.js';
import { connectEngine, type EngineClient } from '../../engine/protocol/client.js';
import { socketPathFor } from '../../engine/protocol/socket-path.js';
import { ErrorCodes } from '../../engine/protocol/methods.js';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeBed, type Bed } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';

let bed: Bed;
let c: EngineClient;
const events = async (type: string): Promise<Array<Record<string, unknown>>> => {
  const r = await bed.engine(['events', '--json', '--type', type]);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
};
const fails = async (p: Promise<unknown>): Promise<EngineRequestError> => {
  try { await p; } catch (e) { return e as EngineRequestError; }
  throw new Error('expected the request to fail');
};

beforeAll(async () => {
  assertBuilt();
  bed = await makeBed();
  expect((await bed.engine(['start'])).code).toBe(0);
  c = await waitFor(async () => { try { return await connectEngine(socketPathFor(bed.root, 'bed'), { client: 'test' }); } catch { return null; } }, { timeoutMs: 15_000, what: 'the engine socket' });
});
afterAll(async () => { c?.close(); await bed?.cleanup(); });

describe('lane requests over the socket', () => {
  it('adds a lane and sends its brief strictly after it is up', async () => {
    const r = await c.call('lane.add', { window: 'extra', harness: 'demo', role: 'helper', brief: 'hello extra lane' });
    expect(r).toMatchObject({ window: 'extra', harness: 'demo', brief_sent: true });
    const add = await events('lane-add');
    expect(add.at(-1)).toMatchObject({ window: 'extra', harness: 'demo', role: 'helper' });
    expect((await events('lane-dispatch')).at(-1)).toMatchObject({ lane: 'extra', brief: true });
    await waitFor(() => bed.tmux.run('capture-pane', '-p', '-t', '=bed:=extra').includes('hello extra lane'), { timeoutMs: 15_000, what: 'the brief in the new lane' });
  });

  it('steers and dispatches exactly once, recording each', async () => {
    const s = await c.call('lane.steer', { lane: 'web', payload: 'steer note 1', wait_ready: true });
    expect(s).toMatchObject({ lane: 'web' });
    const d = await c.call('lane.dispatch', { lane: 'infra', payload: 'dispatch note 2', wait_ready: true });
    expect(d.lane).toBe('infra');
    expect((await events('lane-steer')).at(-1)).toMatchObject({ lane: 'web', mode: 'text', bytes: 12 });
    expect((await events('lane-dispatch')).at(-1)).toMatchObject({ lane: 'infra', bytes: 15 });
    await waitFor(() => bed.tmux.run('capture-pane', '-p', '-t', '=bed:=web').includes('steer note 1'), { timeoutMs: 15_000, what: 'the steer in web' });
  });

  it('rejects bad params and unknown lanes with clear errors', async () => {
    expect((await fails(c.call('lane.steer', { lane: 'web', payload: '' }))).rpcCode).toBe(ErrorCodes.INVALID_PARAMS);
    // Whitespace only is refused the same way, before anything reaches the lane (no event, no keystroke).
    const [steers, dispatches] = [(await events('lane-steer')).length, (await events('lane-dispatch')).length];
    for (const [method, payload] of [['lane.steer', '   '], ['lane.dispatch', '\n\t'], ['lane.dispatch', ' \r\n ']] as const) {
      const w = await fails(c.call(method, { lane: 'web', payload, ...(method === 'lane.steer' ? { interrupt: true } : {}) }));
      expect(w.rpcCode, `${method} ${JSON.stringify(payload)}`).toBe(ErrorCodes.INVALID_PARAMS);
      expect(w.message).toContain('payload is empty');
    }
    expect([(await events('lane-steer')).length, (await events('lane-dispatch')).length]).toEqual([steers, dispatches]);
    const e = await fails(c.call('lane.dispatch', { lane: 'nope', payload: 'x' }));
    expect(e.rpcCode).toBe(ErrorCodes.NOT_FOUND);
    expect(e.message).toContain('nope');
  }, 120_000); // four `engine events` processes: 3.6 s alone, over 30 s once beside the crash test in CI

  it('never drops a base lane: the typed name is required, then the substrate refuses', async () => {
    const a = await fails(c.call('lane.drop', { window: 'web' }));
    expect(a.rpcCode).toBe(ErrorCodes.INVALID_PARAMS);
    expect(a.message).toBe("name mismatch: type 'web' exactly to drop a base lane");
    const b = await fails(c.call('lane.drop', { window: 'web', confirm: 'web' }));
    expect(b.rpcCode).toBe(ErrorCodes.CONFLICT);
    expect(b.message).toMatch(/^drop-lane: window 'web' was not created by add-lane; refusing/);
    expect(bed.tmux.run('list-windows', '-t', '=bed', '-F', '#{window_name}')).toContain('web');
    expect((await events('lane-drop-failed')).length).toBe(2);
  });

  it('drops a dynamic lane and focuses a lane', async () => {
    expect(await c.call('lane.drop', { window: 'extra' })).toMatchObject({ window: 'extra' });
    expect(bed.tmux.run('list-windows', '-t', '=bed', '-F', '#{window_name}')).not.toContain('extra');
    expect((await events('lane-drop')).at(-1)).toMatchObject({ window: 'extra' });
    const f = await c.call('lane.focus', { lane: 'infra' });
    expect(f.target).toMatch(/^%\d+$/);
    expect(bed.tmux.run('list-windows', '-t', '=bed', '-F', '#{window_active} #{window_name}')).toContain('1 infra');
  });

  it('serves the deck extras in the snapshot, and deck --all lists the running session', async () => {
    mkdirSync(join(bed.root, 'docs', 'adr'), { recursive: true });
    writeFileSync(join(bed.root, 'docs', 'adr', '0007-use-sockets.md'), '---\nstatus: Proposed\nverify_record: docs/verify.md\nrollback: revert\n---\n\n# 0007. Use sockets\n');
    writeFileSync(join(bed.root, '.loop', 'sessions', 'bed', 'lane-restarts.jsonl'), '{"lane":"web"}\n');
    const s = await c.call('snapshot');
    expect(s.adrs?.find((a) => a.id === '0007')).toMatchObject({ title: 'Use sockets', linked: true });
    expect(s.restarts).toEqual({ web: 1 });
    expect(s.history?.cycle_ms).toHaveLength(24);
    expect(typeof s.brain_spend_hour).toBe('number');
    const all = await runCli('deck', ['--all', '--roots', bed.root], { env: bed.env });
    expect(all.code).toBe(0);
    expect(all.stdout.split('\n')[0]).toMatch(/^SESSION {12}ENGINE {3}PEND {2}LANE HEALTH {2,}ROOT$/);
    expect(all.stdout).toMatch(new RegExp(`^bed\\s+(running|paused|backoff)\\s+\\S+\\s+.*idle:\\d+.*${bed.root}$`, 'm'));
  });
});
