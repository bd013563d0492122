/**
 * Worktree lifecycle against real git repos in temp dirs (spec/substrate.md §4; acceptance 23, 24):
 * provision creates the branch from HEAD (or checks out an existing one), re-provision reuses the
 * tree, the branch lands in the ledger with every other key kept, teardown keeps a dirty tree and
 * removes + prunes a clean one, never deleting the branch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeProject, type TestProject } from '../helpers/project.js';
import { provisionWorktree, teardownWorktree, worktreePath, worktreeBranch, repoOfWorktree, recordBranch } from '../../substrate/worktree.js';

const projects: TestProject[] = [];
afterEach(() => { while (projects.length) projects.pop()!.cleanup(); });
const repo = (opts: { git?: boolean } = {}): string => { const p = makeProject({ init: false, ...opts }); projects.push(p); return p.root; };
const git = (cwd: string, ...a: string[]): string => execFileSync('git', a, { cwd, encoding: 'utf8' });
const ledger = (root: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, '.loop', 'orchestrator-state.json'), 'utf8')) as Record<string, unknown>;

describe('worktree lifecycle', () => {
  it('paths and branches are pure; repoOfWorktree inverts worktreePath', () => {
    expect(worktreePath('/r', 's', 'w')).toBe('/r/.loop/worktrees/s/w');
    expect(worktreeBranch('s', 'w')).toBe('loop/s/w');
    expect(repoOfWorktree('/r/x/.loop/worktrees/s/w')).toBe('/r/x');
    expect(repoOfWorktree('/r/other/w')).toBeNull();
  });

  it('provision: a new branch from HEAD, recorded in the ledger; again → reused; teardown of the clean tree removes and prunes, branch kept', async () => {
    const r = repo();
    const p = await provisionWorktree(r, 'sess', 'lane1');
    expect(p).toMatchObject({ path: join(r, '.loop/worktrees/sess/lane1'), branch: 'loop/sess/lane1', created: true, warnings: [] });
    expect(git(p.path, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('loop/sess/lane1');
    expect(ledger(r)).toEqual({ loops: { lane1: { branch: 'loop/sess/lane1' } }, schema_version: 2 });
    expect((await provisionWorktree(r, 'sess', 'lane1')).created).toBe(false);
    expect(await teardownWorktree(p.path)).toEqual({ status: 'removed', warnings: [] });
    expect(existsSync(p.path)).toBe(false);
    expect(git(r, 'worktree', 'list')).not.toContain('lane1');
    expect(git(r, 'branch', '--list', 'loop/sess/lane1')).toContain('loop/sess/lane1');
    // The branch exists now: provisioning again checks it out instead of creating it.
    const again = await provisionWorktree(r, 'sess', 'lane1');
    expect(git(again.path, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('loop/sess/lane1');
    expect(await teardownWorktree(again.path)).toMatchObject({ status: 'removed' });
  });

  it('acceptance 23: a tree with an untracked file is PRESERVED (tree and branch stay); absent → no-op', async () => {
    const r = repo();
    const p = await provisionWorktree(r, 's', 'dirty');
    writeFileSync(join(p.path, 'work.txt'), 'unsaved');
    const t = await teardownWorktree(p.path);
    expect(t.status).toBe('preserved');
    expect(t.warnings.join('\n')).toContain('PRESERVING the worktree');
    expect(existsSync(join(p.path, 'work.txt'))).toBe(true);
    expect(await teardownWorktree(join(r, 'nope'))).toEqual({ status: 'absent', warnings: [] });
  });

  it('status.showUntrackedFiles=no in the repo config: an untracked file still keeps the tree (git worktree remove would delete it)', async () => {
    const r = repo();
    git(r, 'config', 'status.showUntrackedFiles', 'no');
    const p = await provisionWorktree(r, 's', 'quiet');
    mkdirSync(join(p.path, 'notes'));
    writeFileSync(join(p.path, 'notes', 'work.txt'), 'unsaved');
    const t = await teardownWorktree(p.path);
    expect(t.status).toBe('preserved');
    expect(t.warnings.join('\n')).toContain('PRESERVING the worktree');
    expect(readFileSync(join(p.path, 'notes', 'work.txt'), 'utf8')).toBe('unsaved');
  });

  it('a file written between the clean check and the removal (a process still running in the tree): git refuses, the tree is kept, never forced', async () => {
    const r = repo();
    const p = await provisionWorktree(r, 's', 'race');
    // A git on PATH (a Node script) that, like a late writer, creates a file just before `worktree remove` runs.
    const bin = mkdtempSync(join(tmpdir(), 'loopdeck-fakegit-'));
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'git'), `#!${process.execPath}\nconst a = process.argv.slice(2);\nconst i = a.indexOf('worktree');\nif (i >= 0 && a[i + 1] === 'remove' && !a.includes('--force')) require('fs').writeFileSync(require('path').join(a[a.length - 1], 'late.txt'), 'late work');\nconst r = require('child_process').spawnSync(${JSON.stringify(realGit)}, a, { stdio: 'inherit' });\nprocess.exit(r.status ?? 1);\n`);
    chmodSync(join(bin, 'git'), 0o755);
    const PATH = process.env.PATH;
    process.env.PATH = `${bin}:${PATH}`;
    try {
      const t = await teardownWorktree(p.path);
      expect(t.status).toBe('preserved');
      expect(t.warnings.join('\n')).toContain('PRESERVING the worktree');
    } finally { process.env.PATH = PATH; rmSync(bin, { recursive: true, force: true }); }
    expect(readFileSync(join(p.path, 'late.txt'), 'utf8')).toBe('late work');
  });

  it('acceptance 24: recording keeps every other ledger key, replaces a non-object loop record; a malformed ledger is never overwritten', () => {
    const r = repo();
    mkdirSync(join(r, '.loop'), { recursive: true });
    writeFileSync(join(r, '.loop/orchestrator-state.json'), JSON.stringify({ custom: { a: 1 }, loops: { w: 'junk', other: { status: 'done' } } }));
    expect(recordBranch(r, 'w', 'loop/s/w')).toBeNull();
    expect(ledger(r)).toEqual({ custom: { a: 1 }, loops: { w: { branch: 'loop/s/w' }, other: { status: 'done' } }, schema_version: 2 });
    writeFileSync(join(r, '.loop/orchestrator-state.json'), '{ broken');
    expect(recordBranch(r, 'w', 'loop/s/w')).toMatch(/^warning: worktree branch 'loop\/s\/w' not recorded in the ledger: .*invalid JSON/);
    expect(readFileSync(join(r, '.loop/orchestrator-state.json'), 'utf8')).toBe('{ broken');
  });

  it('a directory that is not a git repo → worktree-failed with a hint, nothing recorded', async () => {
    const r = repo({ git: false });
    await expect(provisionWorktree(r, 's', 'w')).rejects.toMatchObject({ code: 'worktree-failed', exitCode: 1 });
    expect(existsSync(join(r, '.loop/orchestrator-state.json'))).toBe(false);
  });
});
