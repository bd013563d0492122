/**
 * A typed client for the engine socket. Used by the deck and by the engine CLI (approve, reject,
 * status, stop) when a daemon runs. `connectEngine` performs the `hello` handshake; a daemon
 * speaking another protocol major is a typed error (ProtocolMismatchError), never a hang.
 */
import { createConnection } from 'node:net';
import * as rpc from 'vscode-jsonrpc/node.js';
import { PROTOCOL_VERSION, ErrorCodes, type Requests, type RequestMethod, type Notifications, type NotificationMethod, type HelloResult } from './methods.js';

export class ProtocolMismatchError extends Error {
  readonly code = 'protocol-mismatch';
  constructor(readonly server: number, readonly client: number) {
    super(`engine speaks protocol ${server}, this client speaks ${client}; restart the engine (engine restart) or update loopdeck`);
    this.name = 'ProtocolMismatchError';
  }
}

/** The engine is not running (no socket, or nothing listening). */
export class EngineUnavailableError extends Error {
  readonly code = 'engine-unavailable';
  constructor(readonly socketPath: string, cause?: unknown) {
    super(`no engine is listening on ${socketPath}`, { cause });
    this.name = 'EngineUnavailableError';
  }
}

/** An error returned by an engine method (code from ErrorCodes). */
export class EngineRequestError extends Error {
  constructor(readonly rpcCode: number, message: string, readonly data?: unknown) {
    super(message);
    this.name = 'EngineRequestError';
  }
}

export interface EngineClient {
  hello: HelloResult;
  call<M extends RequestMethod>(method: M, params?: Requests[M][0]): Promise<Requests[M][1]>;
  onNotification<N extends NotificationMethod>(method: N, cb: (p: Notifications[N]) => void): void;
  /** Called once when the connection closes (engine stopped or crashed). */
  onClose(cb: () => void): void;
  close(): void;
}

export interface ConnectOptions { client: string; subscribe?: boolean; timeoutMs?: number; protocolVersion?: number }

/**
 * Connect and handshake.
 * @throws EngineUnavailableError | ProtocolMismatchError | EngineRequestError
 */
export async function connectEngine(socketPath: string, opts: ConnectOptions): Promise<EngineClient> {
  const sock = createConnection(socketPath);
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => { sock.destroy(); reject(new EngineUnavailableError(socketPath, new Error('connect timeout'))); }, opts.timeoutMs ?? 2000);
    sock.once('connect', () => { clearTimeout(t); resolve(); });
    sock.once('error', (e) => { clearTimeout(t); reject(new EngineUnavailableError(socketPath, e)); });
  });
  const conn = rpc.createMessageConnection(new rpc.SocketMessageReader(sock), new rpc.SocketMessageWriter(sock));
  const closers: Array<() => void> = [];
  let closed = false;
  const fireClose = (): void => { if (closed) return; closed = true; for (const c of closers) c(); };
  conn.onClose(fireClose);
  sock.on('close', fireClose);
  sock.on('error', () => undefined);
  conn.listen();
  const call = async <M extends RequestMethod>(method: M, params?: Requests[M][0]): Promise<Requests[M][1]> => {
    try {
      return (await conn.sendRequest(method, params ?? {})) as Requests[M][1];
    } catch (e) {
      if (e instanceof rpc.ResponseError) {
        if (e.code === ErrorCodes.PROTOCOL_MISMATCH) throw new ProtocolMismatchError(Number((e.data as { protocol_version?: number })?.protocol_version ?? NaN), opts.protocolVersion ?? PROTOCOL_VERSION);
        throw new EngineRequestError(e.code, e.message, e.data);
      }
      throw e;
    }
  };
  let hello: HelloResult;
  try {
    hello = (await call('hello', { protocol_version: opts.protocolVersion ?? PROTOCOL_VERSION, client: opts.client, subscribe: opts.subscribe })) as HelloResult;
  } catch (e) {
    conn.dispose(); sock.destroy();
    throw e;
  }
  return {
    hello,
    call,
    onNotification: (method, cb) => { conn.onNotification(method, cb as (p: unknown) => void); },
    onClose: (cb) => { closers.push(cb); },
    close: () => { conn.dispose(); sock.end(); sock.destroy(); },
  };
}
