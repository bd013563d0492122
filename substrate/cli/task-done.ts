/** `loop task-done <id> [--dropped] [--force]`: a person promotes a reviewed task and archives it (spec §5.4). */
import type { Command } from 'commander';
import { join, resolve } from 'node:path';

export function register(program: Command): void {
  program.command('task-done')
    .description('promote a task from review to done (or dropped), move it to tasks/archive/ and log it — a person\'s step, never the loop\'s')
    .argument('<id>', 'task id, e.g. T0007')
    .option('--dropped', 'archive as dropped instead of done')
    .option('--force', 'archive even when the status is not review')
    .option('--tasks-dir <dir>', 'tasks directory (default <project-root>/tasks)')
    .option('--project-root <dir>', 'project root (default: the current directory)')
    .option('--json', 'print {contract_version, id, from, to, archived}')
    .action(async (id: string, o: { dropped?: boolean; force?: boolean; tasksDir?: string; projectRoot?: string; json?: boolean }) => {
      const root = resolve(o.projectRoot ?? process.cwd());
      const { archiveTask } = await import('../tasks/done.js');
      const to = o.dropped ? 'dropped' : 'done';
      const r = archiveTask(resolve(o.tasksDir ?? join(root, 'tasks')), id, { to, force: o.force, logPath: join(root, 'ops-wiki', 'log.md'), now: new Date() });
      if (o.json) process.stdout.write(JSON.stringify({ contract_version: 1, id, from: r.from, to, archived: r.archived }, null, 2) + '\n');
      else process.stdout.write(`${id}: ${r.from} -> ${to}, archived to ${r.archived}\n`);
    });
}
