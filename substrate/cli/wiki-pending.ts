/** `loop wiki-pending [--quiet] [--json]`: the pending-mail summary (spec/wiki-tasks-pm-deck.md §3.1). */
import type { Command } from 'commander';
import { resolve } from 'node:path';

export function register(program: Command): void {
  program.command('wiki-pending')
    .description('pending mailbox messages (oldest first), processed count and the last 5 log entries')
    .option('--project-root <dir>', 'project root (default: the current directory)')
    .option('--quiet', 'print only the pending count')
    .option('--json', 'print {contract_version, pending, processed, last_log, problems}')
    .action(async (o: { projectRoot?: string; quiet?: boolean; json?: boolean }) => {
      const { pendingSummary, renderPending } = await import('../wiki/pending.js');
      const { formatProblem } = await import('../files/problems.js');
      const s = pendingSummary(resolve(o.projectRoot ?? process.cwd()));
      if (o.quiet) { process.stdout.write(`${s.pending.length}\n`); return; }
      if (o.json) { process.stdout.write(JSON.stringify({ contract_version: 1, pending: s.pending, processed: s.processed, last_log: s.lastLog, problems: s.problems.map(formatProblem) }, null, 2) + '\n'); return; }
      process.stdout.write(renderPending(s).join('\n') + '\n');
      for (const p of s.problems) process.stderr.write(`warning: ${formatProblem(p)}\n`);
    });
}
