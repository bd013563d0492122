/** `loop list-lanes`: every window with its lane metadata (spec/substrate.md §3.5). */
import type { Command } from 'commander';
import { common, ctxFrom, pad, type CommonOpts } from './common.js';

export function register(program: Command): void {
  common(program.command('list-lanes'))
    .description('list the windows of a session with harness, role, command, base and kind')
    .option('--session <name>', 'session (env LOOP_SESSION)')
    .option('--json', 'print the contract JSON document')
    .action(async (o: CommonOpts & { session?: string; json?: boolean }) => {
      const ctx = ctxFrom(o);
      const session = await (await import('./session-check.js')).sessionOrCurrent(ctx.tmux, o.session, 'list-lanes');
      const { listLanes } = await import('../windows.js');
      const lanes = await listLanes(ctx.tmux, session).catch(async (e: unknown) => {
        const { explainTmuxFailure } = await import('./session-check.js');
        throw await explainTmuxFailure(ctx.tmux, session, 'list-lanes', e);
      });
      if (o.json) {
        ctx.json({ contract_version: 1, session, generated_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') /* contractTs() without loading observe.js */, lanes: lanes.map(({ window, harness, model, role, cmd, base, kind }) => ({ window, harness, model, role, cmd, base, kind })) });
        return;
      }
      ctx.out(`${pad('WINDOW', 16)}${pad('DYN', 4)}${pad('HARNESS', 12)}${pad('ROLE', 14)}CMD`);
      for (const l of lanes) ctx.out(`${pad(l.window, 16)}${pad(l.base ? '-' : 'yes', 4)}${pad(l.harness ?? '-', 12)}${pad(l.role ?? '-', 14)}${l.cmd ?? '-'}`);
    });
}
