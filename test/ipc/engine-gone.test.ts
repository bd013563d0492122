/**
 * The engine client (engine/protocol/client.ts) when the engine goes away, against real Unix sockets: a
 * server that answers `hello` and then ends the connection. A pending call fails at once with
 * EngineGoneError (not after its 10 s deadline); a later call fails the same way without sending anything;
 * and no write to the ended socket ever becomes an unhandled rejection (vscode-jsonrpc 8.2 rethrows a failed
 * request write where nothing can catch it: it crashed the deck when the engine stopped during a refresh).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectEngine, EngineGoneError } from '../../engine/protocol/client.js';
import { PROTOCOL_VERSION } from '../../engine/protocol/methods.js';
import { waitFor } from '../helpers/wait-for.js';

let server: Server | null = null;
const held: Socket[] = [];
let dir = '';
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown): void => { unhandled.push(e); };

afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  unhandled.length = 0;
  for (const s of held) s.destroy();
  held.length = 0;
  server?.close(); server = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

/** A server that answers `hello`, then ends the connection: on the next request (`'request'`) or at once (`'hello'`). */
async function listen(endAfter: 'hello' | 'request'): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'ldk-gone-'));
  const path = join(dir, 'engine.sock');
  server = createServer((s) => {
    held.push(s);
    s.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    s.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      for (;;) {
        const head = buf.indexOf('\r\n\r\n');
        if (head < 0) return;
        const len = Number(/Content-Length: (\d+)/.exec(buf.subarray(0, head).toString())?.[1]);
        if (buf.length < head + 4 + len) return;
        const msg = JSON.parse(buf.subarray(head + 4, head + 4 + len).toString()) as { id: number; method: string };
        buf = buf.subarray(head + 4 + len);
        if (msg.method !== 'hello') { s.end(); return; }
        const body = JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: { protocol_version: PROTOCOL_VERSION, engine_version: 't', session: 's', project_root: '/x', pid: 1 } });
        s.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        if (endAfter === 'hello') s.end();
      }
    });
  });
  await new Promise<void>((r) => server?.listen(path, r));
  return path;
}

describe('engine client when the engine goes away', () => {
  it('a pending call fails at once with EngineGoneError ("may have been carried out" for an action); the next sends nothing', async () => {
    process.on('unhandledRejection', onUnhandled);
    const c = await connectEngine(await listen('request'), { client: 'test' });
    let closes = 0;
    c.onClose(() => { closes++; });
    const t0 = Date.now();
    const e = await c.call('cycle.now').then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(EngineGoneError);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect((e as Error).message).toMatch(/closed the connection before answering 'cycle\.now'; the request was delivered and may have been carried out/);
    expect(closes).toBe(1);
    const again = await c.call('snapshot').then(() => null, (x: unknown) => x);
    expect(again).toBeInstanceOf(EngineGoneError);
    expect((again as Error).message).not.toContain('may have been carried out');
    await new Promise((r) => setImmediate(r));
    expect(unhandled).toEqual([]);
  });

  it('calls made while the engine ends the connection never become unhandled rejections', async () => {
    process.on('unhandledRejection', onUnhandled);
    for (let round = 0; round < 20; round++) {
      const c = await connectEngine(await listen('hello'), { client: 'test' });
      let closed = false;
      c.onClose(() => { closed = true; });
      const results: unknown[] = [];
      // Keep calling through the FIN, the auto-end and the close: every window in between gets a write.
      while (!closed) { results.push(await Promise.race([c.call('snapshot').then(() => 'answered', (x: unknown) => x), new Promise((r) => setTimeout(() => r('pending'), 20))])); }
      await waitFor(() => closed, { timeoutMs: 5_000, what: 'the close' });
      for (const r of results) if (r !== 'pending') expect(r).toBeInstanceOf(EngineGoneError);
      for (const s of held) s.destroy();
      held.length = 0;
      server?.close(); server = null;
      rmSync(dir, { recursive: true, force: true });
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(unhandled).toEqual([]);
  });
});
