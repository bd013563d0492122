/**
 * The engine's runtime context: project and session, the tmux handle, config, the store, and the
 * two outward channels — `emit` (an event in the store, pushed to subscribers) and `notify` (a
 * protocol notification). Built once per process (CLI verb or daemon).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { Tmux } from '../substrate/tmux/server.js';
import { contractTs } from '../substrate/observe.js';
import type { FileProblem } from '../substrate/files/problems.js';
import { Store } from './store/store.js';
import type { EventRow } from './store/events.js';
import { loadEngineConfig, type EngineConfig } from './config.js';
import type { NotificationMethod, Notifications } from './protocol/methods.js';
import { enginePaths, type EnginePaths } from './paths.js';

export { enginePaths, type EnginePaths };

export interface EngineContext {
  root: string;
  session: string;
  tmux: Tmux;
  config: EngineConfig;
  configProblems: FileProblem[];
  store: Store;
  paths: EnginePaths;
  now: () => Date;
  ts: () => string;
  emit: (type: string, data?: Record<string, unknown>) => EventRow;
  notify: <N extends NotificationMethod>(method: N, params: Notifications[N]) => void;
  /** Human progress lines (stdout for CLI verbs, the daemon log for the daemon). */
  out: (line: string) => void;
  /** Who is acting for human-initiated changes (USER, else "human"). */
  actor: string;
  /** Aborted when the daemon is stopping: brain calls are killed and lane waits give up. */
  signal?: AbortSignal;
}

export interface ContextOptions {
  root: string;
  session: string;
  socketName?: string;
  socketPath?: string;
  out?: (line: string) => void;
  now?: () => Date;
  config?: EngineConfig;
  signal?: AbortSignal;
  /**
   * A dry run (`engine once --dry-run`): nothing is written — no directories, no events, no kv, no
   * notifications. The store is opened read-only (in memory when it does not exist yet), so a
   * write that slips through throws instead of changing anything.
   */
  dryRun?: boolean;
}

/** Open the store and load config. Config problems are kept (and emitted once by the caller). */
export function createContext(o: ContextOptions): EngineContext {
  const paths = enginePaths(o.root, o.session);
  if (!o.dryRun) mkdirSync(paths.engineDir, { recursive: true });
  const store = !o.dryRun ? new Store(paths.db) : existsSync(paths.db) ? new Store(paths.db, { readonly: true }) : new Store(':memory:');
  if (o.dryRun) { store.setKv = () => undefined; store.deleteKv = () => undefined; }
  const loaded = o.config ? { config: o.config, problems: [] } : loadEngineConfig(o.root);
  const now = o.now ?? (() => new Date());
  const subscribers: Array<(m: string, p: unknown) => void> = [];
  const ctx: EngineContext & { subscribe: (fn: (m: string, p: unknown) => void) => void } = {
    root: o.root, session: o.session,
    tmux: new Tmux({ socketName: o.socketName, socketPath: o.socketPath }),
    config: loaded.config, configProblems: loaded.problems, store, paths, now,
    ts: () => contractTs(now()),
    emit: (type, data = {}) => {
      if (o.dryRun) return { seq: 0, ts: contractTs(now()), type, data };
      const ev = store.events.append(type, data, contractTs(now()));
      for (const s of subscribers) s('event.appended', ev);
      return ev;
    },
    notify: (method, params) => { if (o.dryRun) return; for (const s of subscribers) s(method, params); },
    out: o.out ?? ((l) => process.stdout.write(l + '\n')),
    actor: process.env.USER || 'human',
    signal: o.signal,
    subscribe: (fn) => { subscribers.push(fn); },
  };
  return ctx;
}

/** Register a notification sink (the IPC server) on a context made by createContext. */
export function subscribe(ctx: EngineContext, fn: (method: string, params: unknown) => void): void {
  (ctx as EngineContext & { subscribe: (f: typeof fn) => void }).subscribe(fn);
}
