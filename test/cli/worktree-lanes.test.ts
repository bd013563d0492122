/**
 * `loop add-lane --worktree` and `loop drop-lane` teardown against a private tmux server and a real
 * git repo (spec/substrate.md §3.2 step 5, §3.4, §4; acceptance 21–23).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertBuilt } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { waitFor } from '../helpers/wait-for.js';
import { startRig, windowOption, expectExit, type Rig } from './_lib.js';

let rig: Rig;
let p: TestProject;
const S = 'wtl';
beforeAll(async () => {
  assertBuilt();
  rig = startRig();
  p = makeProject({ init: false });
  expectExit(await rig.loop('up', ['--session', S, '--no-attach'], { cwd: p.root }), 0);
});
afterAll(() => { rig.cleanup(); p.cleanup(); });

const add = (args: string[]) => rig.loop('add-lane', ['--session', S, ...args], { cwd: p.root });
const win = (name: string) => rig.panes(S).find((x) => x.window === name);
const opt = (name: string, o: string): string => windowOption(rig.t, win(name)!.windowId, o);
const git = (cwd: string, ...a: string[]): string => execFileSync('git', a, { cwd, encoding: 'utf8' });

describe('worktree lanes', () => {
  it('acceptance 21: --worktree for a pi lane → cwd in .loop/worktrees/S/W on a new branch, ledger and options recorded', async () => {
    const r = expectExit(await add(['--window', 'wt1', '--harness', 'pi', '--worktree', '--json']), 0);
    const path = join(p.root, '.loop/worktrees', S, 'wt1');
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ contract_version: 1, window: 'wt1', harness: 'pi', worktree: path, branch: `loop/${S}/wt1` });
    await waitFor(() => win('wt1')?.path === path, { what: 'the lane cwd to be the worktree' });
    expect(git(path, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe(`loop/${S}/wt1`);
    expect(opt('wt1', '@loop_lane_isolation')).toBe('worktree');
    expect(opt('wt1', '@loop_lane_branch')).toBe(`loop/${S}/wt1`);
    expect(opt('wt1', '@loop_lane_worktree')).toBe(path);
    const ledger = JSON.parse(readFileSync(join(p.root, '.loop/orchestrator-state.json'), 'utf8')) as { loops: Record<string, { branch: string }> };
    expect(ledger.loops.wt1).toEqual({ branch: `loop/${S}/wt1` });
    const human = expectExit(await add(['--window', 'wt2', '--harness', 'pi', '--worktree']), 0);
    expect(human.stdout).toContain(`             worktree: ${join(p.root, '.loop/worktrees', S, 'wt2')} (branch loop/${S}/wt2)`);
  });

  it('acceptance 22: --worktree --cmd bash → the lane is shared (no worktree, no isolation option), and a note says so; shell lanes too', async () => {
    const r = expectExit(await add(['--window', 'sh1', '--cmd', 'bash', '--worktree', '--json']), 0);
    expect(JSON.parse(r.stdout)).toMatchObject({ window: 'sh1', harness: 'cmd', launch: 'bash', worktree: null, branch: null });
    expect(r.stderr).toContain("note: --worktree ignored: a 'cmd' lane runs shared");
    expect(opt('sh1', '@loop_lane_isolation')).toBe('');
    expect(existsSync(join(p.root, '.loop/worktrees', S, 'sh1'))).toBe(false);
    await waitFor(() => win('sh1')?.path === p.root, { what: 'the cmd lane to run in the project root' });
    const sh = expectExit(await add(['--window', 'sh3', '--harness', 'shell', '--worktree']), 0);
    expect(sh.stderr).toContain("note: --worktree ignored: a 'shell' lane runs shared");
    expect(opt('sh3', '@loop_lane_isolation')).toBe('');
    expect(existsSync(join(p.root, '.loop/worktrees', S, 'sh3'))).toBe(false);
  });

  it('without --worktree a cmd lane stays shared (no worktree, no isolation option)', async () => {
    expectExit(await add(['--window', 'sh4', '--cmd', 'bash']), 0);
    expect(opt('sh4', '@loop_lane_isolation')).toBe('');
    expect(existsSync(join(p.root, '.loop/worktrees', S, 'sh4'))).toBe(false);
    expect(win('sh4')!.path).toBe(p.root);
  });

  it('acceptance 23: dropping a dirty worktree lane keeps tree and branch with a PRESERVING warning (exit 0); a clean one is removed and pruned', async () => {
    const dirty = join(p.root, '.loop/worktrees', S, 'wt1');
    writeFileSync(join(dirty, 'unsaved.txt'), 'work');
    const r1 = expectExit(await rig.loop('drop-lane', ['--session', S, '--window', 'wt1']), 0);
    expect(r1.stderr).toContain('PRESERVING the worktree');
    expect(win('wt1')).toBeUndefined();
    expect(existsSync(join(dirty, 'unsaved.txt'))).toBe(true);
    expect(git(p.root, 'branch', '--list', `loop/${S}/wt1`)).toContain('wt1');
    const clean = join(p.root, '.loop/worktrees', S, 'wt2');
    const r2 = expectExit(await rig.loop('drop-lane', ['--session', S, '--window', 'wt2']), 0);
    expect(r2.stdout).toContain(`removed the clean worktree ${clean}`);
    expect(existsSync(clean)).toBe(false);
    expect(git(p.root, 'worktree', 'list')).not.toContain('wt2');
    expect(git(p.root, 'branch', '--list', `loop/${S}/wt2`)).toContain('wt2');
  });

  it('--worktree outside a git repo → exit 1 "worktree provision failed", no window created; a --cmd lane is shared, so it starts', async () => {
    const r = expectExit(await add(['--window', 'nogit', '--harness', 'pi', '--worktree', '--repo', '/tmp']), 1);
    expect(r.stderr).toContain("add-lane: worktree provision failed for 'nogit'; not creating the lane");
    expect(win('nogit')).toBeUndefined();
    const c = expectExit(await add(['--window', 'nogitc', '--cmd', 'sleep 600', '--worktree', '--repo', '/tmp']), 0);
    expect(c.stderr).toContain("note: --worktree ignored: a 'cmd' lane runs shared");
    expect(win('nogitc')).toBeDefined();
  });
});
