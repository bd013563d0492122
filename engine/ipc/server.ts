/**
 * The engine's IPC server (DESIGN.md §5): JSON-RPC 2.0 (vscode-jsonrpc framing) on a Unix socket
 * in a 0700 per-user directory, the socket itself 0600 — reachable only by the owner. Every
 * connection must `hello` first with our protocol major; handlers are one per method (handlers.ts)
 * and params are zod-validated there. Subscribed clients get pushed notifications.
 */
import { createServer, createConnection, type Server, type Socket } from 'node:net';
import { chmodSync, mkdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import * as rpc from 'vscode-jsonrpc/node.js';
import { PROTOCOL_VERSION, ErrorCodes, type HelloParams, type HelloResult } from '../protocol/methods.js';
import { LoopError } from '../../substrate/errors.js';

export type Handler = (params: unknown) => Promise<unknown> | unknown;

export interface IpcServer {
  broadcast: (method: string, params: unknown) => void;
  close: () => Promise<void>;
  clients: () => number;
}

/** Is something answering on `path`? (A stale socket file refuses connections.) */
export function socketAlive(path: string, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    if (!existsSync(path)) { resolve(false); return; }
    const s = createConnection(path);
    const t = setTimeout(() => { s.destroy(); resolve(false); }, timeoutMs);
    s.once('connect', () => { clearTimeout(t); s.destroy(); resolve(true); });
    s.once('error', () => { clearTimeout(t); resolve(false); });
  });
}

/**
 * Listen on `path`. A stale socket file is replaced; a live one is an error (another engine).
 * @throws LoopError engine-running | socket-dir-unsafe
 */
export async function startIpcServer(path: string, hello: Omit<HelloResult, 'protocol_version'>, handlers: Record<string, Handler>): Promise<IpcServer> {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) throw new LoopError('socket-dir-unsafe', `socket directory ${dir} is owned by another user`, { hint: 'set LOOPDECK_RUNTIME_DIR to a directory you own' });
  chmodSync(dir, 0o700);
  if (await socketAlive(path)) throw new LoopError('engine-running', `another engine is listening on ${path}`);
  rmSync(path, { force: true });
  const conns = new Set<{ conn: rpc.MessageConnection; subscribed: boolean }>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock: Socket) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    const conn = rpc.createMessageConnection(new rpc.SocketMessageReader(sock), new rpc.SocketMessageWriter(sock));
    const entry = { conn, subscribed: false, greeted: false };
    conns.add(entry);
    conn.onClose(() => conns.delete(entry));
    conn.onError(() => undefined);
    conn.onRequest('hello', (p: HelloParams) => {
      if (!p || typeof p.protocol_version !== 'number' || Math.trunc(p.protocol_version) !== PROTOCOL_VERSION) {
        throw new rpc.ResponseError(ErrorCodes.PROTOCOL_MISMATCH, `protocol mismatch: engine speaks ${PROTOCOL_VERSION}, client sent ${String(p?.protocol_version)}`, { protocol_version: PROTOCOL_VERSION });
      }
      entry.greeted = true;
      entry.subscribed = Boolean(p.subscribe);
      return { protocol_version: PROTOCOL_VERSION, ...hello } satisfies HelloResult;
    });
    conn.onRequest(async (method: string, params: unknown) => {
      if (!entry.greeted) throw new rpc.ResponseError(ErrorCodes.HELLO_REQUIRED, 'call hello with your protocol_version first');
      const h = handlers[method];
      if (!h) throw new rpc.ResponseError(rpc.ErrorCodes.MethodNotFound, `unknown method ${method}`);
      try { return await h(params); } catch (e) {
        if (e instanceof rpc.ResponseError) throw e;
        const code = (e as { rpcCode?: number }).rpcCode ?? ErrorCodes.FAILED;
        throw new rpc.ResponseError(code, (e as Error).message, { code: (e as { code?: string }).code ?? null });
      }
    });
    conn.listen();
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(path, () => resolve()); });
  chmodSync(path, 0o600);
  return {
    broadcast: (method, params) => { for (const c of conns) if (c.subscribed) c.conn.sendNotification(method, params).catch(() => undefined); },
    clients: () => conns.size,
    close: () => new Promise<void>((resolve) => {
      for (const c of conns) c.conn.dispose();
      for (const s of sockets) s.destroy();
      server.close(() => { rmSync(path, { force: true }); resolve(); });
      setTimeout(() => { rmSync(path, { force: true }); resolve(); }, 1000).unref();
    }),
  };
}
