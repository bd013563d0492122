import { describe, expect, it } from 'vitest';
import { crontabLine, lintDue, nextLintRun } from './lint-schedule.js';
import { cronProblem, DEFAULT_LINT_SCHEDULE } from './lint-config.js';

const local = (y: number, mo: number, d: number, h: number, mi = 0): Date => new Date(y, mo - 1, d, h, mi, 0, 0);

describe('nightly lint schedule (spec §7.3)', () => {
  it('default is 03:00 every night; the next run is strictly after the clock', () => {
    expect(DEFAULT_LINT_SCHEDULE).toBe('0 3 * * *');
    expect(nextLintRun('0 3 * * *', local(2026, 3, 10, 2, 59))).toEqual(local(2026, 3, 10, 3));
    expect(nextLintRun('0 3 * * *', local(2026, 3, 10, 3))).toEqual(local(2026, 3, 11, 3));
    expect(nextLintRun('30 2 * * 1', local(2026, 3, 10, 12))).toEqual(local(2026, 3, 16, 2, 30));
  });
  it('due only once the stored time has passed; missed runs collapse into one', () => {
    expect(lintDue('0 3 * * *', null, local(2026, 3, 10, 12))).toEqual({ due: false, next: local(2026, 3, 11, 3).toISOString() });
    expect(lintDue('0 3 * * *', local(2026, 3, 11, 3).toISOString(), local(2026, 3, 11, 2, 59))).toEqual({ due: false, next: local(2026, 3, 11, 3).toISOString() });
    expect(lintDue('0 3 * * *', local(2026, 3, 8, 3).toISOString(), local(2026, 3, 11, 3, 1))).toEqual({ due: true, next: local(2026, 3, 12, 3).toISOString() });
    expect(lintDue('0 3 * * *', 'garbage', local(2026, 3, 10, 12)).due).toBe(false);
  });
  it('validates with cron-parser and prints a quoted crontab line', () => {
    expect(cronProblem('0 3 * * *')).toBeNull();
    expect(cronProblem('61 * * * *')).toMatch(/not a valid cron expression/);
    expect(cronProblem('0 3 * *')).toMatch(/5-field/);
    expect(crontabLine('0 3 * * *', { node: '/usr/bin/node', engineBin: '/opt/loop deck/engine.js', session: 's', root: '/p' }))
      .toBe("0 3 * * * /usr/bin/node '/opt/loop deck/engine.js' lint --now --session s --project-root /p >> /p/.loop/lint-cron.log 2>&1");
  });
});
