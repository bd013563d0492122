/**
 * Lane-health watchdog, the acting part (spec/substrate.md §12): one pass reads every pane with one
 * `list-panes`, decides per lane (watchdog.ts) and restarts AI lanes that fell back to a bare shell
 * (restart line appended to `<state-dir>/lane-restarts.jsonl` first, then Ctrl-C, 0.5 s, the launch
 * line typed literally + Enter). The daemon loop writes `<state-dir>/lane-health.pid`, waits the
 * grace, then passes every interval until the session disappears or it is signalled.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tmux } from './tmux/server.js';
import { listPanes } from './tmux/panes.js';
import { appendLine } from './files/atomic.js';
import { typeLine } from './sessions.js';
import { contractTs } from './observe.js';
import { decide, givingUpLine, restartLine, watchedSet, type LaneMemory, type WatchedFixed } from './watchdog.js';

export interface WatchdogOptions {
  session: string;
  stateDir: string;
  /** Commands of the fixed lanes (else their recorded `@loop_lane_cmd`). */
  fixedCmds: Partial<Record<WatchedFixed, string>>;
  /** Restarts per lane before giving up (env LANE_HEALTH_MAX_RESTARTS, default 3). */
  maxRestarts: number;
  /** ms between passes (default 30 000). */
  intervalMs: number;
  /** ms to wait before the first pass (env LANE_HEALTH_GRACE, default 8 000). */
  graceMs: number;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Counters by exact lane name, kept across passes of one process. */
export type Memory = Map<string, LaneMemory>;

const sleep = (ms: number, signal?: AbortSignal): Promise<void> => new Promise((resolve) => {
  if (signal?.aborted) { resolve(); return; }
  const t = setTimeout(() => { signal?.removeEventListener('abort', done); resolve(); }, ms);
  const done = (): void => { clearTimeout(t); resolve(); };
  signal?.addEventListener('abort', done, { once: true });
});

/** `<state-dir>/lane-restarts.jsonl` */
export function restartsLog(stateDir: string): string { return join(stateDir, 'lane-restarts.jsonl'); }
/** `<state-dir>/lane-health.pid` */
export function pidFile(stateDir: string): string { return join(stateDir, 'lane-health.pid'); }

/** The pid recorded in `<state-dir>/lane-health.pid` when that process is alive, else null. */
export function livePid(stateDir: string): number | null {
  const f = pidFile(stateDir);
  if (!existsSync(f)) return null;
  const pid = Number(readFileSync(f, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try { process.kill(pid, 0); return pid; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : null; }
}

/** One watched lane as `--probe-only` reports it. */
export interface ProbeRow { lane: string; target: string; current: string; cmd: string; state: 'live' | 'down' | 'shell' }

/** Probe every watched lane without acting (spec §12 `--probe-only`): live, down (AI lane at a shell) or shell (non-AI lane at a shell). */
export async function probeLanes(tmux: Tmux, session: string, fixedCmds: WatchdogOptions['fixedCmds']): Promise<ProbeRow[]> {
  return watchedSet(await listPanes(tmux, session), fixedCmds).map((e) => {
    const k = decide(e, undefined, 1).verdict.kind;
    return { lane: e.lane, target: e.target, current: e.current, cmd: e.cmd, state: k === 'live' ? 'live' : k === 'shell-lane' ? 'shell' : 'down' };
  });
}

/** The `--probe-only` line of one row. */
export function probeLine(r: ProbeRow): string {
  if (r.state === 'live') return `[lane-health] LIVE  lane=${r.lane} target=${r.target} current='${r.current}'`;
  if (r.state === 'shell') return `[lane-health] SHELL lane=${r.lane} target=${r.target} current='${r.current}' (non-AI lane — left alone)`;
  return `[lane-health] DOWN  lane=${r.lane} target=${r.target} current='${r.current}' expected_cmd='${r.cmd}'`;
}

/**
 * One acting pass: restart AI lanes at a bare shell, give up past the cap (spec §12 "Per entry").
 * Returns how many lanes were restarted.
 * @throws LoopError no-session / no-server (the caller decides what a vanished session means)
 */
export async function watchdogPass(tmux: Tmux, o: WatchdogOptions, mem: Memory): Promise<number> {
  const panes = await listPanes(tmux, o.session);
  let restarted = 0;
  for (const e of watchedSet(panes, o.fixedCmds)) {
    const d = decide(e, mem.get(e.lane), o.maxRestarts);
    mem.set(e.lane, d.mem);
    if (d.verdict.kind === 'restart') {
      appendLine(restartsLog(o.stateDir), restartLine(contractTs(), o.session, e));
      await tmux.run(['send-keys', '-t', e.target, 'C-c']);
      await sleep(500);
      await typeLine(tmux, e.target, e.cmd);
      o.out(`[lane-health] restarted lane=${e.lane} cmd='${e.cmd}' target=${e.target} (attempt ${d.verdict.attempt}/${o.maxRestarts})`);
      restarted += 1;
    } else if (d.verdict.kind === 'give-up') {
      appendLine(restartsLog(o.stateDir), givingUpLine(contractTs(), o.session, e));
      o.err(`[lane-health] GAVE UP lane=${e.lane} after ${o.maxRestarts} restarts — it keeps falling back to a shell; check the command: ${e.cmd}`);
    }
  }
  return restarted;
}

/**
 * The daemon loop (spec §12 "Daemon mode"). Writes the pid file (removed on return), waits the
 * grace, then passes every interval, checking the session every ≤ 2 s. Returns the exit code: 0 when
 * the session disappears or `signal` aborts (SIGINT/SIGTERM in the CLI).
 */
export async function runWatchdog(tmux: Tmux, o: WatchdogOptions, signal: AbortSignal): Promise<number> {
  mkdirSync(o.stateDir, { recursive: true });
  writeFileSync(pidFile(o.stateDir), `${process.pid}\n`);
  const mem: Memory = new Map();
  try {
    o.out(`[lane-health] watchdog started pid=${process.pid} session=${o.session} interval=${o.intervalMs / 1000}s max_restarts=${o.maxRestarts} log=${restartsLog(o.stateDir)}`);
    const gone = async (): Promise<boolean> => {
      if (await tmux.hasSession(o.session).catch(() => false)) return false;
      o.out('[lane-health] tmux session disappeared — exiting');
      return true;
    };
    /** Wait `ms` in ≤ 2 s steps, re-checking the session each step; true when it disappeared. */
    const wait = async (ms: number): Promise<boolean> => {
      const until = performance.now() + ms;
      while (!signal.aborted && performance.now() < until) {
        await sleep(Math.min(2000, until - performance.now()), signal);
        if (!signal.aborted && performance.now() < until && (await gone())) return true;
      }
      return false;
    };
    if (await wait(o.graceMs)) return 0;
    while (!signal.aborted) {
      if (await gone()) return 0;
      try { await watchdogPass(tmux, o, mem); } catch (e) {
        if (await gone()) return 0;
        o.err(`[lane-health] pass failed: ${(e as Error).message}`);
      }
      if (await wait(o.intervalMs)) return 0;
    }
    o.out('[lane-health] watchdog stopped');
    return 0;
  } finally {
    try { if (readFileSync(pidFile(o.stateDir), 'utf8').trim() === String(process.pid)) rmSync(pidFile(o.stateDir), { force: true }); } catch { /* already gone */ }
  }
}
