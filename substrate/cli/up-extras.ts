/**
 * The post-launch steps of `loop up` (spec/substrate.md §1.8 step 6): `--boot-check [secs]` and
 * `--auto-restart` (the watchdog started detached, single instance per state dir, §1.10).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ctx } from './common.js';
import type { Slot, SlotPlan } from '../config/slots.js';
import { LoopError } from '../errors.js';

/** `--boot-check` value → seconds: `true` (no value) → 8; digits → that many; else a usage error (exit 1). */
export function bootSeconds(v: string | boolean | undefined): number | null {
  if (v === undefined || v === false) return null;
  if (v === true) return 8;
  if (!/^\d+$/.test(v)) throw new LoopError('usage', `up: --boot-check expects whole seconds (got '${v}')`, { exitCode: 1 });
  return Number(v);
}

/** Run the boot check and print its lines; returns the exit status it implies (0 or 1). */
export async function runBootCheck(ctx: Ctx, session: string, slots: Record<Slot, SlotPlan>, secs: number): Promise<number> {
  const { bootCheck } = await import('../boot-check.js');
  ctx.out(`[loop] boot-check: waiting up to ${secs}s for lanes to settle...`);
  const r = await bootCheck(ctx.tmux, session, slots, secs * 1000);
  for (const l of r.lines) (l.stream === 'out' ? ctx.out : ctx.err)(l.text);
  return r.failed ? 1 : 0;
}

/**
 * Start `loop watchdog` detached for `session` (output appended to `<state-dir>/lane-health.log`)
 * unless `<state-dir>/lane-health.pid` names a live process. The pid file is written here at once so
 * a second `up --auto-restart` sees it (acceptance 13).
 */
export async function startWatchdog(ctx: Ctx, session: string, stateDir: string, slots: Record<Slot, SlotPlan>): Promise<void> {
  const { livePid, pidFile } = await import('../watchdog-run.js');
  const { spawnDetached } = await import('../proc/run.js');
  const { bin } = await import('../pkg.js');
  mkdirSync(stateDir, { recursive: true });
  const running = livePid(stateDir);
  if (running !== null) { ctx.out(`[loop] auto-restart watchdog already running (pid=${running}) — not starting another`); return; }
  const server = ctx.tmux.socketPath ? ['-S', ctx.tmux.socketPath] : ctx.tmux.socketName ? ['-L', ctx.tmux.socketName] : [];
  const argv = [process.execPath, bin('loop'), 'watchdog', '--session', session, '--state-dir', stateDir, '--interval', '30', '--project-root', ctx.root, ...server];
  for (const s of ['web', 'infra', 'docs', 'validate-left', 'validate-right'] as const) if (slots[s].cmd) argv.push(`--${s}-cmd`, slots[s].cmd);
  const log = join(stateDir, 'lane-health.log');
  const pid = spawnDetached(argv, { cwd: ctx.root, logFile: log });
  writeFileSync(pidFile(stateDir), `${pid}\n`);
  ctx.out(`[loop] auto-restart watchdog started (pid=${pid}); log: ${log}`);
  ctx.out(`[loop] stop it with: kill $(cat '${pidFile(stateDir)}')`);
}
