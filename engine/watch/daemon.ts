/**
 * The watch daemon (spec/engine.md §12): lifecycle around the tick (scheduler.ts) — the singleton
 * lock (daemon/lock.ts), the IPC server, signals, a mailbox watcher that wakes the tick at once,
 * and an orderly stop. Exits 0 on SIGTERM/SIGINT or an IPC `shutdown`.
 */
import { watch, type FSWatcher, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem } from '../../substrate/files/problems.js';
import { describeError } from '../../substrate/errors.js';
import { createContext, subscribe, type EngineContext } from '../context.js';
import { executorAlive } from '../cycle/run-cycle.js';
import { startIpcServer } from '../ipc/server.js';
import { handlers } from '../ipc/handlers/index.js';
import { engineSnapshot } from '../snapshot.js';
import { writeDaemonInfo, clearDaemonInfo, codeHash } from '../daemon/lifecycle.js';
import { acquireDaemonLock } from '../daemon/lock.js';
import { Scheduler } from './scheduler.js';

export interface DaemonOptions { root: string; session: string; socketName?: string; socketPath?: string; out?: (l: string) => void }

/** A promise-chain mutex: cycles and approvals never overlap. */
export function mutex(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

export async function runDaemon(o: DaemonOptions): Promise<number> {
  const out = o.out ?? ((l: string) => process.stdout.write(`${new Date().toISOString()} ${l}\n`));
  const aborter = new AbortController();
  const ctx: EngineContext = createContext({ root: o.root, session: o.session, socketName: o.socketName, socketPath: o.socketPath, out, signal: aborter.signal });
  let lock;
  try { lock = await acquireDaemonLock(ctx.paths); } catch (e) { ctx.store.close(); throw e; }
  const exclusive = mutex();
  let stopping = false;
  let wake: (() => void) | null = null;
  const sched = new Scheduler(ctx, exclusive, () => wake?.());
  for (const r of ctx.store.decisions.recover(ctx.ts(), (id) => executorAlive(ctx, id))) ctx.emit('action-recovered', { decision: r.id, idx: r.idx, from: r.from, to: r.to });
  for (const p of ctx.configProblems) ctx.emit('input-problem', { problem: formatProblem(p) });
  const stop = (): void => { stopping = true; wake?.(); };
  const hash = codeHash();
  const ipc = await startIpcServer(ctx.paths.socket, { engine_version: '0.1.0', session: o.session, project_root: o.root, pid: process.pid }, handlers({
    ctx, exclusive, snapshot: async () => engineSnapshot(ctx, { ...sched.live, codeHash: hash }),
    requestCycle: () => { sched.requestCycle(); wake?.(); }, shutdown: stop, wake: () => wake?.(),
  }));
  subscribe(ctx, (m, p) => ipc.broadcast(m, p));
  writeDaemonInfo(ctx.paths, { pid: process.pid, started_at: ctx.ts(), socket: ctx.paths.socket, protocol_version: 1, code_hash: hash, session: o.session, project_root: o.root, log: ctx.paths.log });
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  ctx.emit('watch-start', { pid: process.pid, session: o.session, socket: ctx.paths.socket, code_hash: hash });
  out(`engine watching ${o.root} session ${o.session} (pid ${process.pid}, socket ${ctx.paths.socket}, approval ${ctx.config.approval_mode}, brain ${ctx.config.brain.kind})`);
  const mailDir = join(o.root, '.loop', 'messages');
  let watcher: FSWatcher | null;
  try { mkdirSync(mailDir, { recursive: true }); watcher = watch(mailDir, () => wake?.()); } catch { watcher = null; }

  let tickFailed = '';
  while (!stopping) {
    // The daemon never dies of a bad tick: the failure is an event (once per distinct error).
    try { await sched.tick(); tickFailed = ''; } catch (e) {
      const error = describeError(e);
      if (error !== tickFailed) { try { ctx.emit('error', { kind: 'tick-failed', error }); } catch { /* store unusable */ } out(`tick failed: ${error}`); }
      tickFailed = error;
    }
    if (stopping) break;
    // A daemon whose engine directory was removed (the project deleted or moved away) can no longer be found
    // by `engine stop` or `engine status`, and would poll forever: it stops instead (CONTRACT.md `engine watch`).
    if (!existsSync(ctx.paths.engineDir)) { out(`the engine directory ${ctx.paths.engineDir} is gone (project removed or moved?): stopping`); break; }
    const every = Math.min(ctx.config.poll_interval_s, 2) * 1000;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, every);
      wake = () => { clearTimeout(t); wake = null; setTimeout(resolve, 150); };
    });
    wake = null;
  }
  watcher?.close();
  if (sched.inFlight) {
    // Kill a running brain call and stop lane waits, then let the cycle record how it ended
    // before the store closes and the lock is released.
    out('stopping the running cycle…');
    aborter.abort();
    await sched.inFlight;
  }
  ctx.emit('watch-stop', { pid: process.pid });
  await ipc.close();
  clearDaemonInfo(ctx.paths);
  lock.release();
  ctx.store.close();
  out('engine stopped');
  return 0;
}
