/**
 * Request deadlines of the engine client (engine/protocol/client.ts) against real Unix sockets: a
 * server that accepts and never answers (a frozen engine) makes `connectEngine` fail with
 * EngineNotAnsweringError after its deadline instead of hanging; a server that answers `hello` and
 * then goes silent fails the next request the same way, closes the connection (nothing stays
 * pending) and fires onClose. The CLI half: `engine status` against a real SIGSTOPped daemon says
 * the engine is not answering and what to do, exit 1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectEngine, defaultTimeoutMs, EngineNotAnsweringError, REQUEST_TIMEOUT_MS } from '../../engine/protocol/client.js';
import { PROTOCOL_VERSION } from '../../engine/protocol/methods.js';
import { isLoopError } from '../../substrate/errors.js';
import { makeBed, type Bed } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';

let server: Server | null = null;
const held: Socket[] = [];
let dir = '';
let bed: Bed | null = null;
let stopped: number | null = null;

afterEach(async () => {
  if (stopped) { try { process.kill(stopped, 'SIGCONT'); } catch { /* gone */ } stopped = null; }
  for (const s of held) s.destroy();
  held.length = 0;
  server?.close(); server = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
  await bed?.cleanup(); bed = null;
});

/** A Unix socket server; `answerHello` replies to `hello` only, everything else is never answered. */
async function listen(answerHello: boolean): Promise<{ path: string; closed: () => number }> {
  dir = mkdtempSync(join(tmpdir(), 'ldk-timeout-'));
  const path = join(dir, 'frozen.sock');
  let closed = 0;
  server = createServer((s) => {
    held.push(s);
    s.on('close', () => { closed++; });
    let buf = Buffer.alloc(0);
    s.on('data', (c: Buffer) => {
      if (!answerHello) return;
      buf = Buffer.concat([buf, c]);
      for (;;) {
        const head = buf.indexOf('\r\n\r\n');
        if (head < 0) return;
        const len = Number(/Content-Length: (\d+)/.exec(buf.subarray(0, head).toString())?.[1]);
        if (buf.length < head + 4 + len) return;
        const msg = JSON.parse(buf.subarray(head + 4, head + 4 + len).toString()) as { id: number; method: string };
        buf = buf.subarray(head + 4 + len);
        if (msg.method !== 'hello') continue;
        const body = JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: { protocol_version: PROTOCOL_VERSION, engine_version: 't', session: 's', project_root: '/x', pid: 1 } });
        s.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      }
    });
  });
  await new Promise<void>((r) => server?.listen(path, r));
  return { path, closed: () => closed };
}

describe('engine client request deadlines', () => {
  it('defaults: 10 s for a request, 5 min for the action-running ones', () => {
    expect(REQUEST_TIMEOUT_MS).toBe(10_000);
    expect(defaultTimeoutMs('snapshot')).toBe(10_000);
    expect(defaultTimeoutMs('decision.approve')).toBe(300_000);
    expect(defaultTimeoutMs('lane.dispatch')).toBe(300_000);
    expect(defaultTimeoutMs('lane.drop')).toBe(300_000); // kill-window, then git removes the lane's worktree
  });

  it('a socket that accepts but never answers: hello fails after its deadline, the socket is closed', async () => {
    const s = await listen(false);
    const t0 = Date.now();
    const err = await connectEngine(s.path, { client: 't', requestTimeoutMs: 300 }).catch((e: unknown) => e);
    const ms = Date.now() - t0;
    expect(err).toBeInstanceOf(EngineNotAnsweringError);
    expect(isLoopError(err)).toBe(true);
    expect((err as EngineNotAnsweringError).code).toBe('engine-not-answering');
    expect((err as EngineNotAnsweringError).exitCode).toBe(1);
    expect((err as Error).message).toMatch(/is not answering: no reply to 'hello' within 300 ms/);
    expect((err as EngineNotAnsweringError).hint).toMatch(/kill -CONT/);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(5000);
    await waitFor(() => s.closed() === 1, { timeoutMs: 2000, what: 'the client to close its socket' });
  });

  it('answers hello, then goes silent: a per-call deadline fails the request, releases the others and closes', async () => {
    const s = await listen(true);
    const c = await connectEngine(s.path, { client: 't' });
    let closes = 0;
    c.onClose(() => { closes++; });
    const other = c.call('engine.pause', {}).catch((e: unknown) => e); // default 10 s deadline, released by the close
    const t0 = Date.now();
    const err = await c.call('snapshot', undefined, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineNotAnsweringError);
    expect((err as Error).message).toMatch(/no reply to 'snapshot' within 200 ms/);
    expect(Date.now() - t0).toBeLessThan(5000);
    const o = await other;
    expect(o).toBeInstanceOf(Error);
    expect(Date.now() - t0).toBeLessThan(5000);
    await waitFor(() => closes === 1 && s.closed() === 1, { timeoutMs: 2000, what: 'onClose and the server-side close' });
  });

  it('engine status against a SIGSTOPped daemon: "not answering" with the pid and what to do, exit 1', async () => {
    bed = await makeBed({ up: false });
    const st = await bed.engine(['start', '--session', bed.session]);
    expect(st.code, st.stderr).toBe(0);
    const pid = (await bed.status()).engine as unknown as { pid: number };
    expect(pid.pid).toBeGreaterThan(0);
    process.kill(pid.pid, 'SIGSTOP');
    stopped = pid.pid;
    const r = await bed.engine(['status', '--session', bed.session], {});
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: the engine on .* is not answering: no reply to 'hello' within 10s \\(the daemon \\(pid ${pid.pid}\\) is stopped or wedged`, 'm'));
    expect(r.stderr).toMatch(new RegExp(`^hint: .*kill -CONT ${pid.pid}`, 'm'));
    expect(r.ms).toBeLessThan(20_000);
    process.kill(pid.pid, 'SIGCONT');
    stopped = null;
    expect((await bed.engine(['status', '--session', bed.session])).code).toBe(0);
  });

  it('a timed-out request that changes something says it was delivered and may still run — and a resumed daemon does run it', async () => {
    bed = await makeBed({ up: false });
    expect((await bed.engine(['start', '--session', bed.session])).code).toBe(0);
    const { pid, socket } = JSON.parse(readFileSync(join(bed.root, '.loop', 'sessions', bed.session, 'engine', 'daemon.json'), 'utf8')) as { pid: number; socket: string };
    const c = await connectEngine(socket, { client: 't' });
    process.kill(pid, 'SIGSTOP');
    stopped = pid;
    const err = await c.call('engine.pause', {}, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineNotAnsweringError);
    expect((err as Error).message).toMatch(/no reply to 'engine\.pause' within 300 ms \(the daemon is busy, stopped or wedged\); the request was delivered and may still be carried out: check `engine status` and `engine events` before trying again/);
    expect((err as Error).message).not.toContain('nothing more was sent');
    expect((err as EngineNotAnsweringError).hint).toContain("(it then carries out 'engine.pause')");
    const read = await connectEngine(socket, { client: 't', requestTimeoutMs: 300 }).catch((e: unknown) => e);
    expect((read as Error).message).toMatch(/no reply to 'hello' within 300 ms \(the daemon is stopped or wedged; nothing more was sent\)$/);
    process.kill(pid, 'SIGCONT');
    stopped = null;
    await waitFor(async () => (await bed!.status()).engine.state === 'paused', { timeoutMs: 15_000, what: 'the resumed daemon to carry out the timed-out pause' });
  });
});
