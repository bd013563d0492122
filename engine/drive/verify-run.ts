/**
 * The headless reviewer behind `engine verify` (spec/engine.md §15): run the gate in the worktree
 * (stop at the first failure), diff base..tip, run the three lenses in parallel as one-shots, and
 * aggregate. The result JSON is written atomically to `out` (or returned for printing).
 *
 * Gate commands (loopdeck's departure from the reference's fixed `make check` + `uv run pytest`):
 * `gate` when given, else `LOOP_VERIFY_GATE`, else detected — `make check` when the Makefile has a
 * `check:` target, `npm test` when package.json has a test script, `uv run pytest` with a
 * pyproject.toml. No gate found ⇒ passed with a note.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../substrate/proc/run.js';
import { oneshotArgv } from '../../substrate/harness/registry.js';
import { writeJsonAtomic } from '../../substrate/files/atomic.js';
import { describeError } from '../../substrate/errors.js';
import { contractTs } from '../../substrate/observe.js';
import { LENSES, aggregate, lensError, lensPrompt, parseLens, type LensResult, type VerifyResult } from './verdict.js';
import { oneshotCommand, runOneshot, type OneshotSpec } from './oneshot.js';

export const GATE_TIMEOUT_MS = 900_000;
export const LENS_TIMEOUT_MS = 300_000;

export interface VerifyRunOptions { worktree: string; base: string; tip: string; out?: string; gate?: string[]; lens: OneshotSpec; gateTimeoutMs?: number; lensTimeoutMs?: number }

/** The gate commands for `wt` (see the module comment). Each is an argv. */
export function gateCommands(wt: string, explicit?: string[]): string[][] {
  const split = (c: string): string[] => oneshotArgv(`${c} {prompt}`, '').slice(0, -1);
  if (explicit?.length) return explicit.map(split);
  if (process.env.LOOP_VERIFY_GATE) return [split(process.env.LOOP_VERIFY_GATE)];
  const out: string[][] = [];
  try { if (/^check:/m.test(readFileSync(join(wt, 'Makefile'), 'utf8'))) out.push(['make', 'check']); } catch { /* none */ }
  try { if ((JSON.parse(readFileSync(join(wt, 'package.json'), 'utf8')) as { scripts?: { test?: string } }).scripts?.test) out.push(['npm', 'test']); } catch { /* none */ }
  if (existsSync(join(wt, 'pyproject.toml'))) out.push(['uv', 'run', 'pytest']);
  return out;
}

const tail = (s: string, n = 80): string => s.split('\n').slice(-n).join('\n');

/** Run the review; writes `out` when given. Never throws for review failures (they are the verdict). */
export async function runVerify(o: VerifyRunOptions): Promise<VerifyResult> {
  const notes: string[] = [];
  let gate = { passed: true, output_tail: '' };
  const cmds = gateCommands(o.worktree, o.gate);
  if (!cmds.length) notes.push('no gate command found (set LOOP_VERIFY_GATE or pass --gate)');
  for (const argv of cmds) {
    try {
      const r = await run(argv, { cwd: o.worktree, timeoutMs: o.gateTimeoutMs ?? GATE_TIMEOUT_MS, reject: false });
      gate = { passed: r.exitCode === 0 && !r.timedOut, output_tail: tail(`$ ${argv.join(' ')}\n${r.stdout}${r.stderr}${r.timedOut ? '\n(timed out)' : ''}`) };
    } catch (e) { gate = { passed: false, output_tail: `$ ${argv.join(' ')}\n${describeError(e)}` }; }
    if (!gate.passed) break;
  }
  let result: VerifyResult;
  if (!gate.passed) result = aggregate(gate, [], contractTs(new Date()), notes);
  else {
    let diff = '';
    let diffError: string | null = null;
    if (!o.base || !o.tip) diffError = 'empty base or tip ref';
    else {
      try {
        const r = await run(['git', 'diff', `${o.base}..${o.tip}`], { cwd: o.worktree, timeoutMs: 60_000, reject: false });
        if (r.exitCode !== 0) diffError = r.stderr.trim() || `git diff exited ${r.exitCode}`;
        else diff = r.stdout;
      } catch (e) { diffError = describeError(e); }
    }
    if (diffError !== null) result = aggregate(gate, [{ ...lensError('diff', diffError), verdict: 'fail' }], contractTs(new Date()), notes);
    else if (diff.trim() === '') result = aggregate(gate, [{ lens: 'diff', verdict: 'concerns', findings: [], summary: 'nothing to review' }], contractTs(new Date()), [...notes, 'nothing to review']);
    else {
      const dir = join(o.worktree, '.loop', 'sessions', 'verify', 'engine', 'verify');
      const lenses = await Promise.all(LENSES.map(async (lens): Promise<LensResult> => {
        const prompt = lensPrompt(lens, diff, o.base, o.tip);
        let argv: string[];
        try { argv = oneshotCommand(o.lens, prompt, 'verify'); } catch (e) { return lensError(lens, describeError(e)); }
        const r = await runOneshot(argv, { prompt, cwd: o.worktree, dir: join(dir, lens), timeoutMs: o.lensTimeoutMs ?? LENS_TIMEOUT_MS, now: new Date() });
        return r.ok ? parseLens(lens, r.text) : lensError(lens, r.error ?? 'failed');
      }));
      result = aggregate(gate, lenses, contractTs(new Date()), notes);
    }
  }
  if (o.out) writeJsonAtomic(o.out, result);
  return result;
}
