/**
 * The watch daemon (spec/engine.md §12): observes the fleet every tick, turns status changes and
 * new mail into triggers, and runs at most one cycle at a time (decisions and approvals share one
 * lock). A pending decision, a pause or an unchanged world suppress brain calls; observation and
 * IPC carry on. Exits 0 on SIGTERM/SIGINT or an IPC `shutdown`.
 */
import { watch, type FSWatcher, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { observeFleet, observeOptionsFromEnv, type LaneState } from '../../substrate/observe.js';
import { listMailbox } from '../../substrate/files/mailbox.js';
import { formatProblem } from '../../substrate/files/problems.js';
import { describeError } from '../../substrate/errors.js';
import { createContext, subscribe, type EngineContext } from '../context.js';
import { runCycle, executorAlive } from '../cycle/run-cycle.js';
import { startIpcServer } from '../ipc/server.js';
import { handlers } from '../ipc/handlers/index.js';
import { engineSnapshot } from '../snapshot.js';
import { acquirePidLock, releasePidLock, writeDaemonInfo, clearDaemonInfo, codeHash } from '../daemon/lifecycle.js';
import { evaluateTriggers, laneDeltas } from './triggers.js';
import { scanAsks } from './asks.js';
import { lintTick } from '../wiki/lint-run.js';

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
  acquirePidLock(ctx.paths);
  const exclusive = mutex();
  let stopping = false;
  let wake: (() => void) | null = null;
  const lanes = new Map<string, string>();
  const changedAt = new Map<string, string>();
  let lastFleet: LaneState[] = [];
  let knownMail = new Set<string>();
  let mailboxNew = false;
  let cycleNow = false;
  let boot = true;
  let lastCycleStart: number | null = null;
  let lastSkip = '';
  let inFlight: Promise<void> | null = null;
  let transitions: Array<{ lane: string; from: string | null; to: string }> = [];
  const watchStart = Date.now();
  for (const r of ctx.store.decisions.recover(ctx.ts(), (id) => executorAlive(ctx, id))) ctx.emit('action-recovered', { decision: r.id, idx: r.idx, from: r.from, to: r.to });
  for (const p of ctx.configProblems) ctx.emit('input-problem', { problem: formatProblem(p) });
  const live = () => ({ lanes: lastFleet, changedAt, state: 'running' as const, pid: process.pid, backoffUntil: null });
  const stop = (): void => { stopping = true; wake?.(); };
  const ipc = await startIpcServer(ctx.paths.socket, { engine_version: '0.1.0', session: o.session, project_root: o.root, pid: process.pid }, handlers({
    ctx, exclusive, snapshot: async () => engineSnapshot(ctx, live()),
    requestCycle: () => { cycleNow = true; wake?.(); }, shutdown: stop,
  }));
  subscribe(ctx, (m, p) => ipc.broadcast(m, p));
  writeDaemonInfo(ctx.paths, { pid: process.pid, started_at: ctx.ts(), socket: ctx.paths.socket, protocol_version: 1, code_hash: codeHash(), session: o.session, project_root: o.root, log: ctx.paths.log });
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  ctx.emit('watch-start', { pid: process.pid, session: o.session, socket: ctx.paths.socket });
  out(`engine watching ${o.root} session ${o.session} (pid ${process.pid}, socket ${ctx.paths.socket}, approval ${ctx.config.approval_mode}, brain ${ctx.config.brain.kind})`);
  const mailDir = join(o.root, '.loop', 'messages');
  let watcher: FSWatcher | null;
  try { mkdirSync(mailDir, { recursive: true }); watcher = watch(mailDir, () => wake?.()); } catch { watcher = null; }
  const observeOpts = observeOptionsFromEnv();
  let observeErrorLogged = false;

  const tick = async (): Promise<void> => {
    try {
      const fleet = await observeFleet(ctx.tmux, o.session, observeOpts);
      observeErrorLogged = false;
      const deltas = laneDeltas(lanes, fleet.lanes);
      for (const d of deltas) {
        lanes.set(d.lane, d.to);
        changedAt.set(d.lane, ctx.ts());
        ctx.emit('lane-status', { lane: d.lane, from: d.from, to: d.to });
        ctx.notify('lane.changed', { lane: d.lane, from: d.from, to: d.to, at: ctx.ts() });
      }
      lastFleet = fleet.lanes;
      ctx.store.setKv('last_fleet', JSON.stringify({ at: ctx.ts(), lanes: fleet.lanes }));
      const mail = listMailbox(mailDir).pending.map((m) => m.file);
      for (const f of mail) if (!knownMail.has(f)) { if (!boot) ctx.emit('mailbox-new', { file: f }); mailboxNew = mailboxNew || !boot; }
      if (mail.length !== knownMail.size || mail.some((f) => !knownMail.has(f))) ctx.notify('mailbox.changed', { pending: mail.length });
      knownMail = new Set(mail);
      scanAsks(ctx, mailDir);
      lintTick(ctx); // nightly wiki lint (engine.lint.schedule), runs beside the cycle
      // Lane transitions that would trigger stay sticky through the debounce window (a lane that
      // finished just after a cycle started must still get its cycle).
      transitions.push(...deltas.filter((d) => d.from === 'working' && d.to !== 'working' && d.to !== 'unknown'));
      const reasons = evaluateTriggers({
        now: Date.now(), watchStart, lastCycleStart, intervalS: ctx.config.checkpoint_interval_s, minCycleS: ctx.config.min_cycle_interval_s,
        boot, mailboxNew, transitions, cycleNow,
      });
      if (inFlight) return;
      boot = false;
      if (!reasons.length) return;
      transitions = [];
      const skip = ctx.store.getKv('paused') === '1' ? 'paused' : ctx.store.decisions.pending() ? 'pending-decision' : '';
      if (skip) {
        const sig = `${skip}:${reasons.map((r) => r.split(':')[0]).sort().join(',')}`;
        if (sig !== lastSkip) ctx.emit('cycle-skip', { reason: skip, triggers: reasons });
        lastSkip = sig;
        return;
      }
      lastSkip = '';
      const force = cycleNow;
      cycleNow = false;
      mailboxNew = false;
      lastCycleStart = Date.now();
      ctx.emit('cycle-trigger', { reasons });
      // The cycle runs beside the tick loop: observation, asks and IPC carry on during a long
      // brain call. `inFlight` keeps it to one cycle at a time; triggers stay sticky meanwhile.
      inFlight = exclusive(() => runCycle(ctx, { reasons, force }))
        .then((res) => { ctx.emit('cycle-result', { rc: res.rc, outcome: res.outcome, reasons }); })
        .catch((e: unknown) => { ctx.emit('crash', { component: 'engine', error: describeError(e) }); ctx.emit('error', { kind: 'cycle-crashed', error: describeError(e) }); })
        .finally(() => { inFlight = null; wake?.(); });
    } catch (e) {
      if (!observeErrorLogged) ctx.emit('error', { kind: 'tick-failed', error: describeError(e) });
      observeErrorLogged = true;
    }
  };

  while (!stopping) {
    await tick();
    if (stopping) break;
    const every = Math.min(ctx.config.poll_interval_s, 2) * 1000;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, every);
      wake = () => { clearTimeout(t); wake = null; setTimeout(resolve, 150); };
    });
    wake = null;
  }
  watcher?.close();
  if (inFlight) {
    // Kill a running brain call and stop lane waits, then let the cycle record how it ended
    // before the store closes and the lock is released.
    out('stopping the running cycle…');
    aborter.abort();
    await inFlight;
  }
  ctx.emit('watch-stop', { pid: process.pid });
  await ipc.close();
  clearDaemonInfo(ctx.paths);
  releasePidLock(ctx.paths);
  ctx.store.close();
  out('engine stopped');
  return 0;
}
