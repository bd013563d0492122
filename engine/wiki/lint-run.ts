/**
 * Running the nightly wiki lint (spec/wiki-tasks-pm-deck.md §7): the mechanical pass (substrate
 * wiki lint --fix logic), then the lint prompt dispatched to a lane through the sibling `loop` bin,
 * one `lint-dispatch {ok}` event, then a `metrics` line in log.md. `lintTick` is the daemon's hook:
 * it runs the lint when `engine.lint.schedule` says so, at most one run at a time.
 */
import { join } from 'node:path';
import { readTextIfExists } from '../../substrate/files/atomic.js';
import { runMechanicalLint } from '../../substrate/wiki/lint-fix.js';
import { run } from '../../substrate/proc/run.js';
import { bin } from '../../substrate/pkg.js';
import { describeError } from '../../substrate/errors.js';
import type { EngineContext } from '../context.js';
import { singleReport } from '../metrics/report.js';
import { lintDue } from './lint-schedule.js';

export interface LintRunResult { ok: boolean; pages: number; findings: number; lane: string; error: string | null }

/** Run the lint once now. Never throws: failures end up in the result and the `lint-dispatch` event. */
export async function runLintNow(ctx: EngineContext): Promise<LintRunResult> {
  const lane = ctx.config.lint.lane ?? 'lint';
  const res: LintRunResult = { ok: false, pages: 0, findings: 0, lane, error: null };
  try {
    let loops: Record<string, { status?: unknown }> = {};
    try { const l = JSON.parse(readTextIfExists(join(ctx.root, '.loop', 'orchestrator-state.json')) ?? '{}') as { loops?: typeof loops }; loops = l.loops ?? {}; } catch { /* no ledger */ }
    const mech = runMechanicalLint(ctx.root, ctx.now(), loops);
    res.pages = mech.pages;
    res.findings = mech.findings.length;
    for (const p of mech.problems) ctx.emit('input-problem', { file: p.file, line: p.line, message: p.message });
    const sock = ctx.tmux.socketName ? ['-L', ctx.tmux.socketName] : ctx.tmux.socketPath ? ['-S', ctx.tmux.socketPath] : [];
    const argv = [process.execPath, bin('loop'), 'wiki-lint', '--dispatch', '--session', ctx.session, '--project-root', ctx.root, ...sock, ...(ctx.config.lint.lane ? ['--lane', ctx.config.lint.lane] : [])];
    const r = await run(argv, { reject: false, timeoutMs: 300_000 });
    res.ok = r.exitCode === 0;
    if (!res.ok) res.error = (r.stderr.trim().split('\n').pop() ?? '') || `loop wiki-lint exited ${r.exitCode}`;
  } catch (e) { res.error = describeError(e); }
  ctx.emit('lint-dispatch', { ok: res.ok, lane, pages: res.pages, findings: res.findings, ...(res.error ? { error: res.error } : {}) });
  try { singleReport(ctx.root, { session: ctx.session, log: true, tmuxSession: null, now: ctx.now() }); } catch (e) { ctx.emit('error', { kind: 'metrics-log-failed', error: describeError(e) }); }
  return res;
}

const inFlight = new WeakMap<EngineContext, Promise<LintRunResult>>();

/**
 * The daemon hook (one call per tick): when `engine.lint.enabled` and the stored next run
 * (kv `lint_next_run`) has passed, start one lint run in the background and store the next time.
 * Returns the run's promise when one was started, else null. Never throws.
 */
export function lintTick(ctx: EngineContext): Promise<LintRunResult> | null {
  try {
    if (!ctx.config.lint.enabled || inFlight.has(ctx)) return null;
    const stored = ctx.store.getKv('lint_next_run');
    const d = lintDue(ctx.config.lint.schedule, stored, ctx.now());
    if (d.next !== stored) ctx.store.setKv('lint_next_run', d.next);
    if (!d.due) return null;
    const p = runLintNow(ctx).finally(() => inFlight.delete(ctx));
    inFlight.set(ctx, p);
    return p;
  } catch (e) {
    ctx.emit('error', { kind: 'lint-schedule', error: describeError(e) });
    return null;
  }
}
