/**
 * A typed client for the engine socket. Used by the deck and by the engine CLI (approve, reject,
 * status, stop) when a daemon runs. `connectEngine` performs the `hello` handshake; a daemon
 * speaking another protocol major is a typed error (ProtocolMismatchError), never a hang. Every
 * request has a deadline (CONTRACT.md "engine"): a frozen engine (SIGSTOPped, or its event loop
 * wedged) accepts the connection but never answers, and without one a caller would wait forever.
 */
import { createConnection } from 'node:net';
import * as rpc from 'vscode-jsonrpc/node.js';
import { LoopError } from '../../substrate/errors.js';
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

/**
 * The engine accepted the connection but did not answer `method` within `timeoutMs` (it is stopped,
 * wedged, or — for an action — still busy with it). A LoopError (code `engine-not-answering`, exit 1)
 * whose hint says what to do; the connection is closed, so nothing stays pending. The request itself
 * was delivered: an engine that resumes still carries it out, so for a method that changes something
 * (anything but {@link READ_ONLY_METHODS}) the message says so and asks to check before retrying (a
 * retried dispatch would run twice). `pid`, when the caller knows it, goes into the message and hint.
 */
export class EngineNotAnsweringError extends LoopError {
  constructor(readonly socketPath: string, readonly method: string, readonly timeoutMs: number, pid?: number | null) {
    const p = pid ? String(pid) : '<pid>';
    const daemon = `the daemon${pid ? ` (pid ${pid})` : ''}`;
    const readOnly = READ_ONLY_METHODS.has(method);
    super('engine-not-answering', readOnly
      ? `the engine on ${socketPath} is not answering: no reply to '${method}' within ${fmtMs(timeoutMs)} (${daemon} is stopped or wedged; nothing more was sent)`
      : `the engine on ${socketPath} is not answering: no reply to '${method}' within ${fmtMs(timeoutMs)} (${daemon} is busy, stopped or wedged); the request was delivered and may still be carried out: check \`engine status\` and \`engine events\` before trying again`, {
      exitCode: 1,
      hint: `if it is stopped (state T in \`ps -o pid,stat -p ${p}\`) resume it with \`kill -CONT ${p}\`${readOnly ? '' : ` (it then carries out '${method}')`}; if it is wedged, \`kill -9 ${p}\` then \`engine start\` (pid: .loop/sessions/<session>/engine/engine.pid)`,
    });
    this.name = 'EngineNotAnsweringError';
  }
}

/**
 * The engine closed the connection (it stopped or crashed) before answering `method`, or had closed it
 * before the call. A LoopError (code `engine-gone`, exit 1). A request that was already sent may have been
 * carried out, so for a method that changes something the message asks to check before retrying.
 */
export class EngineGoneError extends LoopError {
  constructor(readonly socketPath: string, readonly method: string, sent: boolean) {
    const mayHaveRun = sent && !READ_ONLY_METHODS.has(method);
    super('engine-gone', `the engine on ${socketPath} closed the connection before answering '${method}'${mayHaveRun ? '; the request was delivered and may have been carried out: check `engine status` and `engine events` before trying again' : ''}`, {
      exitCode: 1,
      hint: 'see whether it runs with `engine status`; start it with `engine start` (its log: .loop/sessions/<session>/engine/daemon.log)',
    });
    this.name = 'EngineGoneError';
  }
}

/** Methods that change nothing in the engine or the world: a timed-out one needs no check before a retry. */
export const READ_ONLY_METHODS: ReadonlySet<string> = new Set(['hello', 'snapshot', 'lane.capture']);

const fmtMs = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms} ms`);

/** An error returned by an engine method (code from ErrorCodes). */
export class EngineRequestError extends Error {
  constructor(readonly rpcCode: number, message: string, readonly data?: unknown) {
    super(message);
    this.name = 'EngineRequestError';
  }
}

/** Default deadline of one request (ms): the engine answers these at once. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** Default deadline (ms) of the requests that run actions (dispatch with wait-ready, add a lane and brief it, drop one and remove its worktree, approve). */
export const ACTION_TIMEOUT_MS = 300_000;
const ACTION_METHODS: ReadonlySet<string> = new Set(['decision.approve', 'lane.dispatch', 'lane.steer', 'lane.add', 'lane.drop']);

/** The default deadline of `method` (ms): ACTION_TIMEOUT_MS for the action-running ones, else REQUEST_TIMEOUT_MS. */
export function defaultTimeoutMs(method: string): number {
  return ACTION_METHODS.has(method) ? ACTION_TIMEOUT_MS : REQUEST_TIMEOUT_MS;
}

/** Per-call options. `timeoutMs`: this request's deadline (ms; Infinity = none). */
export interface CallOptions { timeoutMs?: number }

export interface EngineClient {
  hello: HelloResult;
  /** @throws EngineNotAnsweringError (no answer by the deadline; the connection is closed) | EngineGoneError (the engine closed it) | EngineRequestError | ProtocolMismatchError */
  call<M extends RequestMethod>(method: M, params?: Requests[M][0], opts?: CallOptions): Promise<Requests[M][1]>;
  onNotification<N extends NotificationMethod>(method: N, cb: (p: Notifications[N]) => void): void;
  /** Called once when the connection closes (engine stopped or crashed, or a request timed out). */
  onClose(cb: () => void): void;
  close(): void;
}

/**
 * `timeoutMs`: the connect deadline (ms, default 2000). `requestTimeoutMs`: the deadline of every
 * request on this connection, `hello` included, unless a call gives its own (default: per method,
 * `defaultTimeoutMs`).
 */
export interface ConnectOptions { client: string; subscribe?: boolean; timeoutMs?: number; requestTimeoutMs?: number; protocolVersion?: number }

/**
 * Connect and handshake. A request without an answer by its deadline rejects with
 * EngineNotAnsweringError and closes the connection (every other pending request is released).
 * @throws EngineUnavailableError | EngineNotAnsweringError | ProtocolMismatchError | EngineRequestError
 */
export async function connectEngine(socketPath: string, opts: ConnectOptions): Promise<EngineClient> {
  const sock = createConnection(socketPath);
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => { sock.destroy(); reject(new EngineUnavailableError(socketPath, new Error('connect timeout'))); }, opts.timeoutMs ?? 2000);
    sock.once('connect', () => { clearTimeout(t); resolve(); });
    sock.once('error', (e) => { clearTimeout(t); reject(new EngineUnavailableError(socketPath, e)); });
  });
  const writer = new rpc.SocketMessageWriter(sock);
  // vscode-jsonrpc 8.2 rethrows a failed request write from inside sendRequest's async promise executor, where
  // nothing can catch it: an unhandled rejection (it crashed the deck when the engine stopped during a refresh).
  // A failed write ends the connection here instead, and the closing below releases the pending call.
  const safeWriter: rpc.MessageWriter = {
    onError: (l) => writer.onError(l),
    onClose: (l) => writer.onClose(l),
    end: () => writer.end(),
    dispose: () => writer.dispose(),
    write: (msg) => writer.write(msg).catch(() => { sock.destroy(); }),
  };
  const conn = rpc.createMessageConnection(new rpc.SocketMessageReader(sock), safeWriter);
  const closers: Array<() => void> = [];
  let closed = false;
  let closedByUs = false;
  // Closed by the engine (or a failed write): pending calls are released at once (dispose rejects them), not
  // left to their deadlines, and each becomes an EngineGoneError.
  const fireClose = (): void => { if (closed) return; closed = true; conn.dispose(); for (const c of closers) c(); };
  const close = (): void => { closedByUs = true; conn.dispose(); sock.end(); sock.destroy(); };
  conn.onClose(fireClose);
  sock.on('close', fireClose);
  sock.on('error', () => undefined);
  conn.listen();
  const call = async <M extends RequestMethod>(method: M, params?: Requests[M][0], o: CallOptions = {}): Promise<Requests[M][1]> => {
    if (closed || closedByUs) throw new EngineGoneError(socketPath, method, false);
    const ms = o.timeoutMs ?? opts.requestTimeoutMs ?? defaultTimeoutMs(method);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    const deadline = Number.isFinite(ms) ? new Promise<never>((_, reject) => {
      timer = setTimeout(() => { timedOut = true; reject(new EngineNotAnsweringError(socketPath, method, ms)); close(); }, Math.max(0, ms));
    }) : null;
    const sent = conn.sendRequest(method, params ?? {});
    try {
      return (await (deadline ? Promise.race([sent, deadline]) : sent)) as Requests[M][1];
    } catch (e) {
      if (timedOut) throw e instanceof EngineNotAnsweringError ? e : new EngineNotAnsweringError(socketPath, method, ms);
      if (closed && !closedByUs) throw new EngineGoneError(socketPath, method, true);
      if (e instanceof rpc.ResponseError) {
        if (e.code === ErrorCodes.PROTOCOL_MISMATCH) throw new ProtocolMismatchError(Number((e.data as { protocol_version?: number })?.protocol_version ?? NaN), opts.protocolVersion ?? PROTOCOL_VERSION);
        throw new EngineRequestError(e.code, e.message, e.data);
      }
      throw e;
    } finally {
      clearTimeout(timer);
      sent.catch(() => undefined); // released by the close above after a timeout: not an unhandled rejection
    }
  };
  let hello: HelloResult;
  try {
    hello = (await call('hello', { protocol_version: opts.protocolVersion ?? PROTOCOL_VERSION, client: opts.client, subscribe: opts.subscribe })) as HelloResult;
  } catch (e) {
    close();
    throw e;
  }
  return {
    hello,
    call,
    onNotification: (method, cb) => { conn.onNotification(method, cb as (p: unknown) => void); },
    onClose: (cb) => { closers.push(cb); },
    close,
  };
}
