/** `engine lint (--now | --crontab | --next) [--json]`: the nightly wiki lint (spec/wiki-tasks-pm-deck.md §7.2–7.3). */
import type { Command } from 'commander';
import { UsageError } from '../../substrate/errors.js';
import { common, context, json, print, target, type EngineOpts } from './common.js';

export function register(program: Command): void {
  common(program.command('lint'))
    .description('nightly wiki lint: --now runs it once, --crontab prints a crontab line, --next shows the next scheduled run')
    .option('--now', 'run the lint once now (mechanical pass, dispatch to the lint lane, log metrics)')
    .option('--crontab', 'print the crontab line for engine.lint.schedule (for people who prefer cron to `engine watch`)')
    .option('--next', 'print the schedule and the next run')
    .option('--json', 'print the result as JSON')
    .action(async (o: EngineOpts & { now?: boolean; crontab?: boolean; next?: boolean }) => {
      const modes = [o.now, o.crontab, o.next].filter(Boolean).length;
      if (modes !== 1) throw new UsageError('engine lint: exactly one of --now, --crontab or --next');
      const t = target(o);
      const { loadEngineConfig } = await import('../config.js');
      const { formatProblem } = await import('../../substrate/files/problems.js');
      const cfg = loadEngineConfig(t.root);
      for (const p of cfg.problems) process.stderr.write(`warning: ${formatProblem(p)}\n`);
      const schedule = cfg.config.lint.schedule;
      const { crontabLine, nextLintRun } = await import('../wiki/lint-schedule.js');
      if (o.crontab) {
        const { bin } = await import('../../substrate/pkg.js');
        const line = crontabLine(schedule, { node: process.execPath, engineBin: bin('engine'), session: t.session, root: t.root });
        if (o.json) json({ contract_version: 1, schedule, line }); else print(line);
        return;
      }
      if (o.next) {
        const next = nextLintRun(schedule, new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'); // CONTRACT: no milliseconds
        if (o.json) json({ contract_version: 1, schedule, enabled: cfg.config.lint.enabled, next_run: next }); else print(`nightly lint: ${schedule}${cfg.config.lint.enabled ? '' : ' (disabled)'} · next ${next}`);
        return;
      }
      const ctx = await context(o, () => undefined);
      try {
        const { runLintNow } = await import('../wiki/lint-run.js');
        const r = await runLintNow(ctx);
        if (o.json) json({ contract_version: 1, ...r });
        else print(`lint: ${r.pages} pages, ${r.findings} mechanical findings · dispatch to ${r.lane} ${r.ok ? 'ok' : `failed: ${r.error}`}`);
        if (!r.ok) process.exitCode = 1;
      } finally { ctx.store.close(); }
    });
}
