/**
 * Worktree isolation lifecycle of a lane (spec/substrate.md §4): a lane's tree lives at
 * `<repo>/.loop/worktrees/<session>/<window>` on branch `loop/<session>/<window>`, the branch is
 * recorded in `<repo>/.loop/orchestrator-state.json` (`loops.<window>.branch`), and teardown never
 * discards work: a tree with changes or untracked files is kept with a warning, a clean tree is
 * removed and pruned, the branch is always kept. Git runs through simple-git, imported lazily so the
 * lane verbs pay for it only when a worktree is involved.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LoopError, describeError } from './errors.js';
import { updateLedger } from './files/ledger.js';

/** `<repo>/.loop/worktrees/<session>/<window>` (spec §4). Pure. */
export function worktreePath(repo: string, session: string, window: string): string {
  return join(resolve(repo), '.loop', 'worktrees', session, window);
}

/** `loop/<session>/<window>` (spec §4). Pure. */
export function worktreeBranch(session: string, window: string): string {
  return `loop/${session}/${window}`;
}

/** The repo a lane worktree path belongs to (inverse of worktreePath), or null for another shape. Pure. */
export function repoOfWorktree(path: string): string | null {
  const parts = resolve(path).split('/');
  if (parts.length < 5 || parts[parts.length - 3] !== 'worktrees' || parts[parts.length - 4] !== '.loop') return null;
  return parts.slice(0, -4).join('/') || '/';
}

async function git(dir: string) {
  const { simpleGit } = await import('simple-git');
  return simpleGit({ baseDir: dir });
}

/**
 * Record `branch` as `loops.<window>.branch` in `<repo>/.loop/orchestrator-state.json` (spec §4
 * "Record branch"): every other key is kept, a non-object `loops`/`loops.<window>` is replaced,
 * `schema_version` defaults to 2, the write is atomic. A ledger that cannot be parsed is never
 * overwritten: returns a warning line instead (null when recorded).
 */
export function recordBranch(repo: string, window: string, branch: string): string | null {
  const path = join(resolve(repo), '.loop', 'orchestrator-state.json');
  try {
    updateLedger(path, (state) => {
      const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
      const loops = isObj(state.loops) ? state.loops : {};
      const rec = isObj(loops[window]) ? loops[window] : {};
      if (rec.branch === branch && state.loops === loops && loops[window] === rec) return false;
      loops[window] = { ...rec, branch };
      state.loops = loops;
      return true;
    });
    return null;
  } catch (e) {
    return `warning: worktree branch '${branch}' not recorded in the ledger: ${describeError(e)}`;
  }
}

export interface Provisioned { path: string; branch: string; created: boolean; warnings: string[] }

/**
 * Provision the worktree of lane `window` (spec §4 "Provision"): an existing directory is reused
 * as is (the branch is re-recorded); otherwise `git worktree add` checks out the existing branch or
 * creates it from HEAD. Then the branch is recorded in the ledger and, when the tree has a
 * `pyproject.toml` and env LOOP_WORKTREE_SKIP_VENV is empty, `uv sync` runs best-effort (ours:
 * only for Python trees). Warnings are returned, never thrown.
 * @throws LoopError `worktree-failed` (exit 1) when `repo` is not a git repository or git refuses.
 */
export async function provisionWorktree(repo: string, session: string, window: string): Promise<Provisioned> {
  const path = worktreePath(repo, session, window);
  const branch = worktreeBranch(session, window);
  const warnings: string[] = [];
  let created = false;
  if (!existsSync(path)) {
    try {
      const g = await git(resolve(repo));
      mkdirSync(dirname(path), { recursive: true });
      const has = await g.raw(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]).then((o) => o.trim() !== '', () => false);
      await g.raw(has ? ['worktree', 'add', path, branch] : ['worktree', 'add', '-b', branch, path, 'HEAD']);
      created = true;
    } catch (e) {
      throw new LoopError('worktree-failed', `git worktree add failed for ${path}: ${describeError(e).split('\n').filter(Boolean).slice(-1)[0] ?? 'unknown error'}`, { exitCode: 1, hint: `is ${repo} a git repository with at least one commit? (pass --repo DIR)`, cause: e });
    }
  }
  const w = recordBranch(repo, window, branch);
  if (w) warnings.push(w);
  if (created && !process.env.LOOP_WORKTREE_SKIP_VENV && existsSync(join(path, 'pyproject.toml'))) {
    const { run, which } = await import('./proc/run.js');
    if (!(await which('uv'))) warnings.push(`warning: uv not on PATH; the Python env of ${path} was not rebuilt`);
    else {
      const r = await run(['uv', 'sync'], { cwd: path, reject: false, timeoutMs: 300_000 });
      if (r.exitCode !== 0) warnings.push(`warning: \`uv sync\` failed in ${path} (exit ${r.exitCode}); rebuild the env by hand`);
    }
  }
  return { path, branch, created, warnings };
}

export interface Teardown { status: 'absent' | 'preserved' | 'removed'; warnings: string[] }

/**
 * `git status --porcelain` of a lane tree, whatever the user's config hides: untracked files are listed even
 * under `status.showUntrackedFiles=no`, and dirt inside submodules even under `diff.ignoreSubmodules`
 * (`git worktree remove` would delete both). Empty output = clean.
 */
async function porcelain(path: string): Promise<string> {
  return (await git(path)).raw(['status', '--porcelain', '--untracked-files=normal', '--ignore-submodules=none']);
}

/**
 * Tear down a lane worktree (spec §4 "Teardown"): no directory → `absent`; `git status
 * --porcelain` (untracked files and submodules shown whatever the config says) non-empty, or
 * unreadable → `preserved` with a warning containing `PRESERVING the worktree`; clean → `git
 * worktree remove`, then `git worktree prune`. When git refuses the removal, the tree is checked
 * again: anything written since (a process still running there), or git's own "modified or
 * untracked files", keeps it; only a tree still clean is retried with --force (e.g. a clean
 * submodule). The branch is always kept.
 * @throws LoopError `worktree-failed` when a clean tree cannot be removed.
 */
export async function teardownWorktree(path: string): Promise<Teardown> {
  if (!existsSync(path) || !statSync(path).isDirectory()) return { status: 'absent', warnings: [] };
  const hint = `recover by hand: cd '${path}' && git status; commit or move the work, then \`git worktree remove '${path}'\``;
  const kept = (why: string): Teardown => ({ status: 'preserved', warnings: [`warning: PRESERVING the worktree ${path}: ${why}; ${hint}`] });
  let dirty: string;
  try { dirty = await porcelain(path); } catch (e) {
    return kept(`git status failed (${describeError(e).split('\n')[0]})`);
  }
  if (dirty.trim()) return kept('it has uncommitted or untracked files');
  const repo = repoOfWorktree(path) ?? path;
  const g = await git(existsSync(repo) ? repo : path);
  try {
    await g.raw(['worktree', 'remove', path]);
  } catch (first) {
    const refusal = describeError(first).split('\n').filter(Boolean).slice(-1)[0] ?? '';
    if (/modified or untracked files/.test(refusal)) return kept(`git refused to remove it (${refusal.replace(/^fatal: /, '')})`);
    try { dirty = await porcelain(path); } catch (e) { return kept(`git status failed (${describeError(e).split('\n')[0]})`); }
    if (dirty.trim()) return kept('it has uncommitted or untracked files');
    try { await g.raw(['worktree', 'remove', '--force', path]); } catch (e) {
      throw new LoopError('worktree-failed', `could not remove the clean worktree ${path}: ${describeError(e).split('\n')[0]}`, { exitCode: 1, hint: `remove it by hand: git -C '${repo}' worktree remove '${path}'` });
    }
  }
  await g.raw(['worktree', 'prune']).catch(() => undefined);
  return { status: 'removed', warnings: [] };
}
