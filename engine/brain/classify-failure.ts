/** Failure classification of a one-shot brain call (spec/engine.md §11.3). Pure. */
import type { FailureKind } from './types.js';

/** First match wins: model-unavailable, quota, timeout, exit. */
export function classifyFailure(stdout: string, stderr: string, timedOut: boolean): FailureKind {
  const both = `${stdout}\n${stderr}`;
  for (const line of both.split('\n')) {
    if (/model.{0,60}unavailable|unavailable.{0,60}model/i.test(line)) return 'model-unavailable';
    if (/model.{0,40}(not|no longer) available/i.test(line)) return 'model-unavailable';
    if (/(currently|temporarily) unavailable/i.test(line)) return 'model-unavailable';
  }
  if (/session.?limit|usage.?limit|\bquota\b|rate.?limit/i.test(stderr)) return 'quota';
  if (timedOut) return 'timeout';
  return 'exit';
}

/** Whitespace-collapsed last 280 characters of stderr (spec §11.2). */
export function stderrExcerpt(stderr: string): string {
  return stderr.replace(/\s+/g, ' ').trim().slice(-280);
}
