/**
 * Executing `verify` and `build` (spec/engine.md §10.2): both need a ledger branch for the window
 * and its worktree `<root>/.loop/worktrees/<session>/<window>`. verify spawns the detached reviewer
 * (`engine verify`, spec §15) unless one runs or the branch sits at main; build spawns a detached
 * `codex exec` in the worktree unless one runs or the worktree is dirty. Skips are successes with a
 * `*-skip` event; a failure throws (the action becomes `failed`). The marker is written only after
 * the runner started, so a spawn failure leaves none.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnDetached, which } from '../../substrate/proc/run.js';
import { readLedger } from '../../substrate/files/ledger.js';
import { formatProblem } from '../../substrate/files/problems.js';
import { bin } from '../../substrate/pkg.js';
import { LoopError } from '../../substrate/errors.js';
import type { EngineContext } from '../context.js';
import type { BuildAction, VerifyAction } from '../protocol/decision.js';
import { BASE_BRANCH, buildLogDir, ledgerBranches, verifyDir, worktreePath } from './paths.js';
import { branchHead, worktreeDirty } from './git.js';
import { getMarker, putMarker } from './markers.js';
import { embedTaskSpec, wrapBuildBrief } from './outcome.js';

/** The window's ledger branch and existing worktree, or a LoopError naming what is missing. */
function laneCheckout(ctx: EngineContext, window: string): { branch: string; wt: string } {
  const l = readLedger(join(ctx.root, '.loop', 'orchestrator-state.json'));
  if (l.problem) throw new LoopError('bad-ledger', `cannot read the ledger: ${formatProblem(l.problem)}`);
  const branch = ledgerBranches(l.state)[window];
  if (!branch) throw new LoopError('no-branch', `window ${window} has no branch in .loop/orchestrator-state.json (loops.${window}.branch); build/verify drive worktree lanes only`);
  const wt = worktreePath(ctx.root, ctx.session, window);
  if (!existsSync(wt)) throw new LoopError('no-worktree', `worktree ${wt} does not exist; add the lane with a worktree first`);
  return { branch, wt };
}

/** The first task file `T<digits>-…` in tasks/ or tasks/archive/, read; null when absent/unreadable. */
export function taskSpecReader(root: string): (id: string) => string | null {
  return (id) => {
    for (const dir of [join(root, 'tasks'), join(root, 'tasks', 'archive')]) {
      try {
        const f = readdirSync(dir).sort().find((n) => n.startsWith(`${id}-`) && n.endsWith('.md'));
        if (f) return readFileSync(join(dir, f), 'utf8');
      } catch { /* next */ }
    }
    return null;
  };
}

/** Start the reviewer for `a.lane` (spec §10.2 verify). */
export async function startVerify(ctx: EngineContext, a: VerifyAction): Promise<void> {
  const window = a.lane;
  const { branch, wt } = laneCheckout(ctx, window);
  const existing = getMarker(ctx, 'verify', window);
  if (existing) { ctx.emit('verify-skip', { window, reason: 'in-progress', out_path: existing.out_path, pid: existing.pid }); return; }
  const tip = await branchHead(wt, branch);
  const base = await branchHead(wt, BASE_BRANCH);
  if (tip !== null && tip === base) { ctx.emit('verify-skip', { window, reason: 'at-base' }); return; }
  const dir = verifyDir(ctx.root, ctx.session);
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${window}-${randomBytes(6).toString('hex')}.json`);
  const argv = [process.execPath, bin('engine'), 'verify', '--worktree', wt, '--base', BASE_BRANCH, '--tip', tip ?? branch, '--out', out, '--project-root', ctx.root];
  const pid = spawnDetached(argv, { cwd: ctx.root, logFile: out.replace(/\.json$/, '.log') });
  const m = { window, branch, base: BASE_BRANCH, tip: tip ?? branch, out_path: out, pid, started_at: ctx.ts(), ...(tip ? { tip_sha: tip } : {}) };
  putMarker(ctx, 'verify', m);
  ctx.emit('verify-started', { window, branch, out_path: out, pid });
}

/** Start a headless coding run for `a.window` (spec §10.2 build). */
export async function startBuild(ctx: EngineContext, a: BuildAction): Promise<void> {
  const window = a.window;
  const { branch, wt } = laneCheckout(ctx, window);
  const existing = getMarker(ctx, 'build', window);
  if (existing) { ctx.emit('build-skip', { window, reason: 'in-progress', pid: existing.pid }); return; }
  if (await worktreeDirty(wt)) { ctx.emit('build-skip', { window, reason: 'worktree-dirty' }); return; }
  const pre = await branchHead(wt, branch);
  const codex = await which('codex');
  if (!codex) throw new LoopError('no-codex', 'codex is not on PATH; the headless build runs `codex exec`');
  const logDir = buildLogDir(wt);
  mkdirSync(logDir, { recursive: true });
  const brief = wrapBuildBrief(embedTaskSpec(a.brief, taskSpecReader(ctx.root)));
  const pid = spawnDetached([codex, 'exec', '--json', '--dangerously-bypass-approvals-and-sandbox', '--cd', wt, brief], { cwd: wt, logFile: join(logDir, `codex-build-${Math.floor(ctx.now().getTime() / 1000)}.log`) });
  putMarker(ctx, 'build', { window, branch, pid, started_at: ctx.ts(), worktree: wt, ...(pre ? { pre_build_sha: pre } : {}) });
  ctx.emit('build-started', { window, branch, pre_build_sha: pre, pid });
}
