/**
 * Shared pieces of the `engine` CLI: the options every verb takes (`--project-root`, `--session`
 * (env LOOP_SESSION), `-L/--socket-name`), the context, and talking to a running daemon.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { UsageError } from '../../substrate/errors.js';
import type { EngineContext } from '../context.js';
import { enginePaths, type EnginePaths } from '../paths.js';
import type { CallOptions, EngineClient } from '../protocol/client.js';
import { runningDaemon } from '../daemon/lifecycle.js';
import { Store } from '../store/store.js';

export interface EngineOpts { projectRoot?: string; session?: string; socketName?: string; socketPath?: string; json?: boolean }

export function common(cmd: Command): Command {
  return cmd
    .option('--project-root <dir>', 'project root (default: the current directory)')
    .option('--session <name>', 'tmux session (env LOOP_SESSION)')
    .option('-L, --socket-name <name>', 'private tmux server (env LOOPDECK_TMUX_SOCKET)')
    .option('-S, --socket-path <path>', 'tmux server socket path');
}

export interface Target { root: string; session: string; paths: EnginePaths }

/** Root + session, or a usage error (exit 2) naming the flag and the env var. */
export function target(o: EngineOpts): Target {
  const session = o.session ?? process.env.LOOP_SESSION;
  if (!session) throw new UsageError('--session <name> (or $LOOP_SESSION) is required');
  const root = resolve(o.projectRoot ?? process.cwd());
  return { root, session, paths: enginePaths(root, session) };
}

/**
 * The engine context for an in-process verb (config, store, tmux). Loaded on demand: the config schema (zod,
 * yaml, cron-parser) costs more at start-up than most verbs' own work, so verbs that only read the store use
 * `openStore` and verbs that find a daemon talk to it instead. @throws as createContext (a broken store).
 */
export async function context(o: EngineOpts, out?: (l: string) => void, extra: { dryRun?: boolean } = {}): Promise<EngineContext> {
  const t = target(o);
  const { createContext } = await import('../context.js');
  return createContext({ root: t.root, session: t.session, socketName: o.socketName, socketPath: o.socketPath, out: out ?? ((l) => process.stdout.write(l + '\n')), dryRun: extra.dryRun });
}

/**
 * A client of the running daemon, or null when none runs. Its requests have the client's deadlines
 * (engine/protocol/client.ts): a daemon that accepts but never answers (SIGSTOPped, wedged) is an
 * EngineNotAnsweringError naming its pid — `error: the engine … is not answering …` + a hint, exit 1.
 */
export async function daemonClient(t: Target, client: string, subscribe = false): Promise<EngineClient | null> {
  const info = runningDaemon(t.paths);
  if (!info) return null;
  const { connectEngine, EngineNotAnsweringError } = await import('../protocol/client.js');
  const withPid = (e: unknown): unknown => (e instanceof EngineNotAnsweringError ? new EngineNotAnsweringError(e.socketPath, e.method, e.timeoutMs, info.pid) : e);
  let c: EngineClient;
  try { c = await connectEngine(info.socket || t.paths.socket, { client, subscribe }); } catch (e) {
    if ((e as { code?: string }).code === 'engine-unavailable') return null;
    throw withPid(e);
  }
  const call = c.call;
  return { ...c, call: (async (method: string, params?: unknown, o?: CallOptions) => { try { return await (call as (m: string, p?: unknown, o?: CallOptions) => Promise<unknown>)(method, params, o); } catch (e) { throw withPid(e); } }) as EngineClient['call'] };
}

/**
 * The session's engine store alone, created (with its directory) when missing, as createContext opens it; for
 * verbs that read or append events and nothing else. The caller closes it. @throws on an unreadable store.
 */
export function openStore(t: Target): Store {
  mkdirSync(t.paths.engineDir, { recursive: true });
  return new Store(t.paths.db);
}

export const print = (line = ''): void => { process.stdout.write(line + '\n'); };
export const json = (doc: unknown): void => { process.stdout.write(JSON.stringify(doc, null, 2) + '\n'); };
