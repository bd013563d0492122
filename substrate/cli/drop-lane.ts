/** `loop drop-lane`: kill a dynamic lane (spec/substrate.md §3.4). Base lanes need --force. */
import type { Command } from 'commander';
import { common, ctxFrom, type CommonOpts } from './common.js';
import { LoopError } from '../errors.js';

export function register(program: Command): void {
  common(program.command('drop-lane'))
    .description('kill a lane created by add-lane (exact name; base lanes are refused without --force); a clean worktree is removed, a dirty one kept')
    .option('--session <name>', 'session (env LOOP_SESSION)')
    .option('--window <name>', 'window (= lane) name')
    .option('--force', 'also drop a base lane (a person only; automation never passes it)')
    .action(async (o: CommonOpts & { session?: string; window?: string; force?: boolean }) => {
      const ctx = ctxFrom(o);
      const session = await (await import('./session-check.js')).sessionOrCurrent(ctx.tmux, o.session, 'drop-lane');
      if (!o.window) throw new LoopError('usage', 'drop-lane: --window <name> required', { exitCode: 1 });
      const { dropLane } = await import('../windows.js');
      const { requireLiveSession } = await import('./session-check.js');
      await requireLiveSession(ctx.tmux, session, 'drop-lane');
      const r = await dropLane(ctx.tmux, session, o.window, Boolean(o.force));
      ctx.out(`[loop] drop-lane: killed window '${o.window}' (${r.windowId}) in '${session}'`);
      if (r.worktree) {
        for (const w of r.worktree.warnings) ctx.err(w);
        if (r.worktree.status === 'removed') ctx.out(`[loop] drop-lane: removed the clean worktree ${r.worktree.path} (branch kept)`);
      }
    });
}
