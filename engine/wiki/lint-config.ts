/**
 * `engine.lint` in lane-config.yaml (spec/wiki-tasks-pm-deck.md §7.2–7.3): the nightly wiki lint the
 * watch daemon runs. `schedule` is a 5-field cron expression in the host's local time (as cron
 * reads it), validated with cron-parser; a bad value is reported with file:line and the dotted key
 * `engine.lint.schedule` and replaced by the default by the config loader.
 */
import { cronParser } from './cron.js';
import { z } from 'zod';

export const DEFAULT_LINT_SCHEDULE = '0 3 * * *';

/** Null when `expr` is a valid 5-field cron expression, else cron-parser's reason. Pure. */
export function cronProblem(expr: string): string | null {
  if (expr.trim().split(/\s+/).length !== 5) return `'${expr}' is not a 5-field cron expression (minute hour day-of-month month day-of-week)`;
  if (expr === DEFAULT_LINT_SCHEDULE) return null;
  try { cronParser().CronExpressionParser.parse(expr); return null; } catch (e) { return `'${expr}' is not a valid cron expression: ${(e as Error).message}`; }
}

export const LintConfig = z.strictObject({
  /** Run the nightly lint from `engine watch` (false: only `engine lint --now` or cron). */
  enabled: z.boolean().default(true),
  schedule: z.string().default(DEFAULT_LINT_SCHEDULE).superRefine((v, c) => { const p = cronProblem(v); if (p) c.addIssue({ code: 'custom', message: p }); }),
  /** Lane to lint in; absent = a new `lint` lane (left running). */
  lane: z.string().min(1).optional(),
});
export type LintSettings = z.infer<typeof LintConfig>;
