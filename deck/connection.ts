/**
 * The deck's link to its engine (DESIGN.md §5): connect and handshake (`hello`, subscribed), fetch
 * the snapshot and re-fetch on every relevant notification (coalesced: one in flight, one queued).
 * Without an engine — or with one of another protocol major — the deck is a read-only dashboard:
 * it polls `offlineSnapshot` every 2 s and retries the socket every 2 s, reconnecting by itself.
 * Outcomes become store actions; nothing here touches the screen.
 */
import { ProtocolMismatchError, type ConnectOptions, type EngineClient } from '../engine/protocol/client.js';
import type { NotificationMethod, RequestMethod, Requests } from '../engine/protocol/methods.js';
import type { OfflineSource } from '../engine/protocol/offline.js';
import type { Snapshot } from '../engine/protocol/snapshot.js';
import { coalesce } from './coalesce.js';
import type { DeckAction } from './state/actions.js';
import { realTimers, type Timers } from './timers.js';

/** Notifications that make the deck fetch a fresh snapshot. */
export const REFRESH_ON: readonly NotificationMethod[] = [
  'lane.changed', 'decision.queued', 'decision.resolved', 'cycle.started', 'cycle.finished',
  'event.appended', 'engine.paused', 'engine.resumed', 'mailbox.changed',
];

/** What the rest of the deck may ask of the engine (or of the offline read). */
export interface EngineLink {
  /** A protocol request. @throws when no engine is connected, or the engine's error verbatim. */
  request: <M extends RequestMethod>(method: M, params: Requests[M][0]) => Promise<Requests[M][1]>;
  /** A request by name, for methods another area types (`ask.answer`, `adr.accept`). @throws like `request`. */
  call: (method: string, params: Record<string, unknown>) => Promise<unknown>;
  /** The lane's screen tail: `lane.capture` online, `offlineCapture` offline. */
  capture: (lane: string) => Promise<string>;
  /** Fetch a snapshot now (coalesced). */
  refresh: () => Promise<void>;
  stop: () => void;
}

/** The I/O the connection needs; main.ts passes the real protocol functions, tests pass fakes. */
export interface ConnectionDeps {
  connect: (socketPath: string, opts: ConnectOptions) => Promise<EngineClient>;
  socketPathFor: (root: string, session: string) => string;
  offlineSnapshot: (src: OfflineSource) => Promise<Snapshot>;
  offlineCapture: (src: OfflineSource, lane: string, lines?: number) => Promise<string | null>;
}

export interface ConnectionOptions {
  root: string;
  session: string;
  socketName?: string;
  socketPath?: string;
  dispatch: (a: DeckAction) => void;
  deps: ConnectionDeps;
  timers?: Timers;
  /** Offline poll and reconnect period (ms). */
  pollMs?: number;
  /** Lines asked of `lane.capture`. */
  captureLines?: number;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const isMismatch = (e: unknown): boolean => e instanceof ProtocolMismatchError || (e as { code?: string })?.code === 'protocol-mismatch';
const isUnavailable = (e: unknown): boolean => (e as { code?: string })?.code === 'engine-unavailable';

/** Start connecting; returns at once. Call `stop()` when the deck quits. */
export function startConnection(o: ConnectionOptions): EngineLink {
  const t = o.timers ?? realTimers;
  const every = o.pollMs ?? 2000;
  const lines = o.captureLines ?? 200;
  const src: OfflineSource = { root: o.root, session: o.session, socketName: o.socketName, socketPath: o.socketPath };
  let client: EngineClient | null = null;
  let stopped = false;
  let timer: unknown = null;
  let sock: string | null = null;
  let sockError: string | null = null;
  try { sock = o.deps.socketPathFor(o.root, o.session); } catch (e) { sockError = message(e); }

  const fetch = coalesce(async () => {
    const via = client;
    try {
      const snap = via ? await via.call('snapshot') : await o.deps.offlineSnapshot(src);
      if (!stopped && via === client) o.dispatch({ type: 'snapshot.received', snapshot: snap, at: t.now() });
    } catch (e) {
      if (!stopped && via === client) o.dispatch({ type: 'snapshot.failed', error: message(e) });
    }
  });

  const schedule = (ms: number): void => {
    if (stopped || timer !== null) return;
    timer = t.setTimeout(() => { timer = null; void tick(); }, ms);
  };

  const attach = (c: EngineClient): void => {
    client = c;
    c.onClose(() => {
      if (client !== c) return;
      client = null;
      if (stopped) return;
      o.dispatch({ type: 'connection.changed', status: 'offline', error: null });
      schedule(0);
    });
    for (const m of REFRESH_ON) {
      c.onNotification(m, (p) => {
        if (client !== c) return;
        if (m === 'lane.changed') {
          const lc = p as { lane: string; to: string; at: string };
          o.dispatch({ type: 'lane.changed', lane: lc.lane, to: lc.to, at: lc.at });
        }
        void fetch();
      });
    }
    c.onNotification('transcript.chunk', (p) => {
      if (client === c) o.dispatch({ type: 'transcript.chunk', path: p.path, text: p.text, at: t.now() });
    });
    o.dispatch({ type: 'connection.changed', status: 'online' });
    void fetch();
  };

  /** One connection attempt; true when an engine session is now open. */
  const tryConnect = async (): Promise<boolean> => {
    if (!sock) {
      o.dispatch({ type: 'connection.changed', status: 'offline', error: sockError });
      return false;
    }
    try {
      const c = await o.deps.connect(sock, { client: 'deck', subscribe: true });
      if (stopped) { c.close(); return true; }
      attach(c);
      return true;
    } catch (e) {
      const mismatch = isMismatch(e);
      const error = mismatch ? `protocol mismatch: ${message(e)}` : isUnavailable(e) ? null : `engine: ${message(e)}`;
      o.dispatch({ type: 'connection.changed', status: 'offline', error, mismatch });
      return false;
    }
  };

  /** Offline loop: try the socket, else read the world directly; again in `every` ms. */
  const tick = async (): Promise<void> => {
    if (stopped || client) return;
    if (await tryConnect()) return;
    if (stopped) return;
    await fetch();
    schedule(every);
  };

  void tick();

  return {
    request: async (method, params) => {
      if (!client) throw new Error('engine is off: nothing was sent (start it with `engine start`)');
      return client.call(method, params);
    },
    call: async (method, params) => {
      if (!client) throw new Error('engine is off: nothing was sent (start it with `engine start`)');
      return (client.call as (m: string, p: unknown) => Promise<unknown>)(method, params);
    },
    capture: async (lane) => {
      if (client) return (await client.call('lane.capture', { lane, lines })).text;
      const text = await o.deps.offlineCapture(src, lane, lines);
      if (text === null) throw new Error(`lane ${lane} is not in session ${o.session}`);
      return text;
    },
    refresh: () => fetch(),
    stop: () => {
      stopped = true;
      if (timer !== null) t.clearTimeout(timer);
      timer = null;
      const c = client;
      client = null;
      c?.close();
    },
  };
}
