/** `loop watchdog`: restart AI lanes that fell back to a bare shell (spec/substrate.md §12). */
import type { Command } from 'commander';
import { common, ctxFrom, type CommonOpts } from './common.js';
import { LoopError } from '../errors.js';

interface Opts extends CommonOpts {
  session?: string; stateDir?: string; interval?: string; grace?: string; maxRestarts?: string; once?: boolean; probeOnly?: boolean; json?: boolean;
  webCmd?: string; infraCmd?: string; docsCmd?: string; validateLeftCmd?: string; validateRightCmd?: string;
}

function seconds(v: string | undefined, flag: string, dflt: number, min = 0): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new LoopError('usage', `watchdog: ${flag} expects a number ≥ ${min} (got '${v}')`, { exitCode: 2 });
  return n;
}

export function register(program: Command): void {
  common(program.command('watchdog'))
    .description('watch AI lanes; restart one that fell back to a bare shell (at most --max-restarts times), log to <state-dir>/lane-restarts.jsonl')
    .option('--session <name>', 'session (env LOOP_SESSION)')
    .option('--state-dir <dir>', 'pid file and restart log (env LOOP_TMUX_STATE_DIR; default <root>/.loop/sessions/<session>)')
    .option('--interval <s>', 'seconds between passes (default 30)')
    .option('--grace <s>', 'seconds before the first pass (env LANE_HEALTH_GRACE, default 8)')
    .option('--max-restarts <n>', 'restarts per lane before giving up (env LANE_HEALTH_MAX_RESTARTS, default 3)')
    .option('--once', 'one pass with restarts, no grace, then exit 0 (scripts, tests)')
    .option('--probe-only', 'one pass, no restarts: print LIVE / DOWN / SHELL per watched lane, exit 0')
    .option('--json', 'with --probe-only: the contract JSON document instead of lines')
    .option('--web-cmd <cmd>', 'command of the web lane (default: its recorded @loop_lane_cmd)')
    .option('--infra-cmd <cmd>', 'command of the infra lane')
    .option('--docs-cmd <cmd>', 'command of the docs lane')
    .option('--validate-left-cmd <cmd>', 'command of the validate-left lane')
    .option('--validate-right-cmd <cmd>', 'command of the validate-right lane')
    .action(async (o: Opts) => {
      const ctx = ctxFrom(o);
      const session = await (await import('./session-check.js')).sessionOrCurrent(ctx.tmux, o.session, 'watchdog', 2);
      const intervalMs = seconds(o.interval, '--interval', 30, 0.1) * 1000;
      const graceMs = seconds(o.grace ?? process.env.LANE_HEALTH_GRACE, '--grace', 8) * 1000;
      const maxRestarts = Math.floor(seconds(o.maxRestarts ?? process.env.LANE_HEALTH_MAX_RESTARTS, '--max-restarts', 3));
      const { requireLiveSession, stateDirFor } = await import('./session-check.js');
      await requireLiveSession(ctx.tmux, session, 'watchdog');
      const { runWatchdog, watchdogPass, livePid, probeLanes, probeLine } = await import('../watchdog-run.js');
      const stateDir = stateDirFor(o.stateDir, ctx.root, session);
      const opts = {
        session, stateDir, intervalMs, graceMs, maxRestarts, out: ctx.out, err: ctx.err,
        fixedCmds: { web: o.webCmd, infra: o.infraCmd, docs: o.docsCmd, 'validate-left': o.validateLeftCmd, 'validate-right': o.validateRightCmd },
      };
      if (o.json && !o.probeOnly) throw new LoopError('usage', 'watchdog: --json goes with --probe-only', { exitCode: 2 });
      if (o.probeOnly) {
        const rows = await probeLanes(ctx.tmux, session, opts.fixedCmds);
        if (o.json) ctx.json({ contract_version: 1, session, generated_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), lanes: rows });
        else for (const r of rows) ctx.out(probeLine(r));
        return;
      }
      if (o.once) { await watchdogPass(ctx.tmux, opts, new Map()); return; }
      const other = livePid(stateDir);
      if (other !== null && other !== process.pid) throw new LoopError('watchdog-running', `watchdog: already running for ${stateDir} (pid=${other})`, { exitCode: 1, hint: `stop it with: kill ${other}` });
      const ac = new AbortController();
      const stop = (): void => ac.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      process.once('SIGHUP', () => undefined);
      process.exitCode = await runWatchdog(ctx.tmux, opts, ac.signal);
    });
}
