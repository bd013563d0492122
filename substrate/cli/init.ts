/** `loop init`: scaffold a project (CONTRACT.md §loop init). */
import type { Command } from 'commander';
import { common, ctxFrom, type CommonOpts } from './common.js';

export function register(program: Command): void {
  common(program.command('init'))
    .description('scaffold a loopdeck project: ledger, mailbox, ops-wiki, tasks, ADRs, lane-config.yaml (never overwrites)')
    .option('--json', 'print the files written as JSON')
    .action(async (o: CommonOpts & { json?: boolean }) => {
      const ctx = ctxFrom(o);
      const { initProject } = await import('../scaffold.js');
      const files = initProject(ctx.root);
      if (o.json) ctx.json({ contract_version: 1, root: ctx.root, files });
      else {
        ctx.out(`initialised loopdeck project in ${ctx.root} (${files.length} files)`);
        ctx.out('next: edit lane-config.yaml, then `loop up --session <name> --lane-config lane-config.yaml`');
      }
    });
}
