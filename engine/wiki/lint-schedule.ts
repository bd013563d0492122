/**
 * When the nightly wiki lint runs (spec/wiki-tasks-pm-deck.md §7.3), pure over an injected clock:
 * the next run after a moment, whether a run is due, and the crontab line for people who prefer cron.
 */
import { cronParser } from './cron.js';
import { quote } from 'shell-quote';

/** The first run strictly after `after` for cron `schedule` (host local time, like cron). Throws Error on a bad expression. */
export function nextLintRun(schedule: string, after: Date): Date {
  return cronParser().CronExpressionParser.parse(schedule, { currentDate: after }).next().toDate();
}

/**
 * Decide at `now` whether the lint is due given the stored next-run time (`next`, ISO or null).
 * Returns `{due, next}`: with no stored time, not due and `next` = the first run after now; when
 * `now` ≥ next, due and `next` = the first run after now (missed runs collapse into one).
 */
export function lintDue(schedule: string, next: string | null, now: Date): { due: boolean; next: string } {
  const stored = next === null ? NaN : Date.parse(next);
  if (Number.isNaN(stored)) return { due: false, next: nextLintRun(schedule, now).toISOString() };
  if (now.getTime() < stored) return { due: false, next: new Date(stored).toISOString() };
  return { due: true, next: nextLintRun(schedule, now).toISOString() };
}

/** The crontab line: `<schedule> <node> <engine bin> lint --now --session S --project-root R >> R/.loop/lint-cron.log 2>&1` (shell-quoted). */
export function crontabLine(schedule: string, o: { node: string; engineBin: string; session: string; root: string }): string {
  return `${schedule} ${quote([o.node, o.engineBin, 'lint', '--now', '--session', o.session, '--project-root', o.root])} >> ${quote([`${o.root}/.loop/lint-cron.log`])} 2>&1`;
}
