/**
 * The IPC server over a real Unix socket: frames split across writes and several frames coalesced
 * into one write are both handled; a client of another protocol major gets a typed error (never a
 * hang); requests before `hello` are refused; the socket is owner-only; notifications reach
 * subscribers.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createConnection, type Socket } from 'node:net';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIpcServer, type IpcServer } from '../../engine/ipc/server.js';
import { connectEngine, ProtocolMismatchError, EngineUnavailableError } from '../../engine/protocol/client.js';
import { PROTOCOL_VERSION, ErrorCodes } from '../../engine/protocol/methods.js';

const frame = (o: unknown): string => { const body = JSON.stringify(o); return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`; };

/** Collect JSON-RPC responses from a raw socket (parsing our own side of the framing). */
function reader(sock: Socket): { next: () => Promise<Record<string, unknown>> } {
  let buf = Buffer.alloc(0);
  const queue: Array<Record<string, unknown>> = [];
  const waiters: Array<(m: Record<string, unknown>) => void> = [];
  sock.on('data', (c: Buffer) => {
    buf = Buffer.concat([buf, c]);
    for (;;) {
      const head = buf.indexOf('\r\n\r\n');
      if (head < 0) return;
      const len = Number(/Content-Length: (\d+)/.exec(buf.subarray(0, head).toString())?.[1]);
      if (buf.length < head + 4 + len) return;
      const msg = JSON.parse(buf.subarray(head + 4, head + 4 + len).toString()) as Record<string, unknown>;
      buf = buf.subarray(head + 4 + len);
      const w = waiters.shift();
      if (w) w(msg); else queue.push(msg);
    }
  });
  return { next: () => new Promise((r) => { const m = queue.shift(); if (m) r(m); else waiters.push(r); }) };
}

describe('IPC framing and handshake', () => {
  let dir: string;
  let path: string;
  let server: IpcServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ld-ipc-'));
    path = join(dir, 'e.sock');
    server = await startIpcServer(path, { engine_version: 'test', session: 's', project_root: '/p', pid: process.pid }, {
      echo: (p) => p,
      boom: () => { throw Object.assign(new Error('nope'), { rpcCode: ErrorCodes.CONFLICT, code: 'already-resolved' }); },
    });
  });
  afterAll(async () => { await server.close(); rmSync(dir, { recursive: true, force: true }); });

  it('makes the socket owner-only', () => {
    expect((statSync(path).mode & 0o777).toString(8)).toBe('600');
    expect((statSync(dir).mode & 0o777).toString(8)).toBe('700');
  });

  it('handles a frame split into single bytes and several frames coalesced into one write', async () => {
    const sock = createConnection(path);
    await new Promise((r) => sock.once('connect', r));
    const rd = reader(sock);
    const hello = frame({ jsonrpc: '2.0', id: 1, method: 'hello', params: { protocol_version: PROTOCOL_VERSION, client: 'raw' } });
    for (const ch of Buffer.from(hello)) { sock.write(Buffer.from([ch])); }
    expect((await rd.next()).result).toMatchObject({ protocol_version: PROTOCOL_VERSION, session: 's' });
    sock.write(frame({ jsonrpc: '2.0', id: 2, method: 'echo', params: { n: 2, s: 'é✓' } }) + frame({ jsonrpc: '2.0', id: 3, method: 'echo', params: { n: 3 } }) + frame({ jsonrpc: '2.0', id: 4, method: 'nope' }));
    const got = [await rd.next(), await rd.next(), await rd.next()];
    expect(got.find((m) => m.id === 2)?.result).toEqual({ n: 2, s: 'é✓' });
    expect(got.find((m) => m.id === 3)?.result).toEqual({ n: 3 });
    expect((got.find((m) => m.id === 4)?.error as { code: number }).code).toBe(-32601);
    sock.destroy();
  });

  it('refuses requests before hello', async () => {
    const sock = createConnection(path);
    await new Promise((r) => sock.once('connect', r));
    const rd = reader(sock);
    sock.write(frame({ jsonrpc: '2.0', id: 1, method: 'echo', params: {} }));
    expect(((await rd.next()).error as { code: number }).code).toBe(ErrorCodes.HELLO_REQUIRED);
    sock.destroy();
  });

  it('gives a client of another protocol version a typed error, not a hang', async () => {
    const t0 = Date.now();
    await expect(connectEngine(path, { client: 'old', protocolVersion: PROTOCOL_VERSION + 1 })).rejects.toBeInstanceOf(ProtocolMismatchError);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('maps handler errors to codes and pushes notifications to subscribers', async () => {
    const c = await connectEngine(path, { client: 'test', subscribe: true });
    await expect(c.call('snapshot' as never)).rejects.toThrow(/unknown method/);
    const got = new Promise((r) => c.onNotification('lane.changed', r));
    server.broadcast('lane.changed', { lane: 'web', from: 'idle', to: 'working', at: 'now' });
    expect(await got).toMatchObject({ lane: 'web', to: 'working' });
    c.close();
  });

  it('says plainly when no engine listens', async () => {
    await expect(connectEngine(join(dir, 'missing.sock'), { client: 'x' })).rejects.toBeInstanceOf(EngineUnavailableError);
  });
});
