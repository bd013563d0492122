/** `loop task-lint [--tasks-dir D] [--json]`: the task-file rules of spec/wiki-tasks-pm-deck.md §5.5. */
import type { Command } from 'commander';
import { join, resolve } from 'node:path';

export function register(program: Command): void {
  program.command('task-lint')
    .description('check tasks/*.md and tasks/archive/*.md against the task-file convention (exit 1 on findings)')
    .option('--tasks-dir <dir>', 'tasks directory (default <project-root>/tasks)')
    .option('--project-root <dir>', 'project root (default: the current directory)')
    .option('--json', 'print {contract_version, dir, files, ok, findings:[{file,line,message}]}')
    .action(async (o: { tasksDir?: string; projectRoot?: string; json?: boolean }) => {
      const dir = resolve(o.tasksDir ?? join(o.projectRoot ?? process.cwd(), 'tasks'));
      const { lintTasksDir } = await import('../tasks/lint-dir.js');
      const { formatFinding } = await import('../tasks/lint.js');
      const r = await lintTasksDir(dir);
      if (o.json) process.stdout.write(JSON.stringify({ contract_version: 1, dir, files: r.files, ok: r.findings.length === 0, findings: r.findings }, null, 2) + '\n');
      else for (const f of r.findings) process.stdout.write(formatFinding(f) + '\n');
      if (r.findings.length) {
        process.stderr.write(`FAIL: ${r.findings.length} finding(s) across ${r.files} task file(s) in ${dir}\n`);
        process.exitCode = 1;
      } else if (!o.json) process.stdout.write(`ok: ${r.files} task file(s) pass lint (${dir})\n`);
    });
}
