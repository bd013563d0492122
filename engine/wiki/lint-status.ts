/** The nightly-lint line of `engine status` (spec/wiki-tasks-pm-deck.md §7.3): schedule, enabled, next run. */
import { loadEngineConfig } from '../config.js';
import { nextLintRun } from './lint-schedule.js';

/** `{schedule, enabled, next_run (UTC `YYYY-MM-DDTHH:MM:SSZ`, CONTRACT timestamps), line}` for `root` at `now`. Never throws (a bad schedule was already replaced by the default). */
export function lintStatus(root: string, now = new Date()): { schedule: string; enabled: boolean; next_run: string | null; line: string } {
  const { lint } = loadEngineConfig(root).config;
  let next: string | null = null;
  try { next = nextLintRun(lint.schedule, now).toISOString().replace(/\.\d{3}Z$/, 'Z'); } catch { /* unreachable: validated */ }
  return { schedule: lint.schedule, enabled: lint.enabled, next_run: next, line: `nightly lint: ${lint.enabled ? `${lint.schedule} · next ${next ?? '-'}` : `disabled (${lint.schedule})`}` };
}
