/** `loop add-lane`: create a dynamic lane (spec/substrate.md §3.2). */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { common, ctxFrom, secondsFlag, type CommonOpts } from './common.js';
import { LoopError } from '../errors.js';

interface Opts extends CommonOpts { session?: string; window?: string; harness?: string; cmd?: string; model?: string; role?: string; kind?: string; repo?: string; autoApprove?: boolean; worktree?: boolean; waitReady?: boolean; readyTimeout?: string; json?: boolean }

export function register(program: Command): void {
  common(program.command('add-lane'))
    .description('add a dynamic lane: a new window tagged @loop_lane=1 running a harness or a command')
    .option('--session <name>', 'session (env LOOP_SESSION)')
    .option('--window <name>', 'window (= lane) name')
    .option('--harness <name>', 'registry harness to launch (see `loop harness list`)')
    .option('--cmd <command>', 'literal command instead of a harness (recorded as harness "cmd")')
    .option('--model <id>', 'model id, applied when the harness takes a model flag')
    .option('--role <text>', 'free-text role (e.g. web, reviewer)')
    .option('--kind <kind>', 'standing | worker (default worker)')
    .option('--repo <dir>', 'working directory of the lane (default: project root)')
    .option('--auto-approve', "append the harness's auto-approve flag")
    .option('--worktree', 'run the lane in its own git worktree <repo>/.loop/worktrees/<session>/<window> on branch loop/<session>/<window>')
    .option('--wait-ready', 'wait until the lane reads idle (best effort; exit stays 0)')
    .option('--ready-timeout <s>', 'readiness wait budget in seconds (env LANE_READY_TIMEOUT, default 20)')
    .option('--json', 'print the result as JSON')
    .action(async (o: Opts) => {
      const ctx = ctxFrom(o);
      if (o.kind !== undefined && o.kind !== 'standing' && o.kind !== 'worker') throw new LoopError('usage', `add-lane: --kind must be 'standing' or 'worker' (got '${o.kind}')`, { exitCode: 1 });
      const session = await (await import('./session-check.js')).sessionOrCurrent(ctx.tmux, o.session, 'add-lane');
      if (!o.window) throw new LoopError('usage', 'add-lane: --window <name> required', { exitCode: 1 });
      const cwd = o.repo ? resolve(o.repo) : ctx.root;
      if (!existsSync(cwd)) throw new LoopError('usage', `add-lane: --repo path does not exist: ${cwd}`, { exitCode: 1 });
      // Parsed before the window exists: a usage error (exit 2) must leave nothing behind.
      const readyMs = o.waitReady ? secondsFlag(o.readyTimeout ?? process.env.LANE_READY_TIMEOUT, o.readyTimeout !== undefined ? '--ready-timeout' : 'LANE_READY_TIMEOUT', 20_000) : 20_000;
      const { addLane } = await import('../windows.js');
      const r = await addLane(ctx.tmux, { session, window: o.window, harness: o.harness, cmd: o.cmd, model: o.model, role: o.role, kind: o.kind, autoApprove: o.autoApprove, worktree: o.worktree, waitLaunchMs: 0, cwd, projectRoot: ctx.root }).catch(async (e: unknown) => {
        const { explainTmuxFailure } = await import('./session-check.js');
        throw await explainTmuxFailure(ctx.tmux, session, 'add-lane', e);
      });
      for (const n of r.notes) ctx.err(n);
      let ready: boolean | null = null;
      if (o.waitReady && !['cmd', 'shell', 'mprocs'].includes(r.harness)) {
        const { waitForStatus } = await import('../dispatch.js');
        const { observeOptionsFromEnv } = await import('../observe.js');
        ready = await waitForStatus(ctx.tmux, session, o.window, (s) => s === 'idle', readyMs, observeOptionsFromEnv());
        if (!ready) {
          const { missingBinaryWarning } = await import('../sessions.js');
          const missing = r.launch ? await missingBinaryWarning(o.window, r.launch) : null;
          ctx.err(missing
            ? `[loop] add-lane: lane '${o.window}' errored — harness '${r.harness}' health=missing (not ready within ${readyMs / 1000}s; not safe to dispatch a brief)`
            : `[loop] add-lane: lane '${o.window}' not confirmed ready within ${readyMs / 1000}s (proceeding)`);
        }
      }
      if (o.json) { ctx.json({ contract_version: 1, session, window: o.window, window_id: r.windowId, pane_id: r.paneId, harness: r.harness, launch: r.launch, ready, worktree: r.worktree, branch: r.branch }); return; }
      ctx.out(`[loop] add-lane: window '${o.window}' (${r.windowId}) in '${session}' (harness=${r.harness}${o.role ? `, role=${o.role}` : ''})`);
      if (r.launch) ctx.out(`             launched: ${r.launch}`);
      if (r.worktree) ctx.out(`             worktree: ${r.worktree} (branch ${r.branch})`);
      if (ready) ctx.out(`[loop] add-lane: lane '${o.window}' ready`);
    });
}
