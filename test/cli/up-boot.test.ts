/**
 * `loop up --boot-check`, `--auto-restart`, `--state-dir`, `--infra-root` against a private tmux
 * server with the Node fake agents (spec/substrate.md §1.1, §1.9, §1.10; acceptance 12, 13).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { waitFor } from '../helpers/wait-for.js';
import { startRig, expectExit, type Rig } from './_lib.js';

let rig: Rig;
let p: TestProject;
let state: string;
const pids: number[] = [];
beforeAll(() => {
  assertBuilt();
  rig = startRig();
  p = makeProject({ init: false });
  state = mkdtempSync(join(tmpdir(), 'loopdeck-upboot-'));
});
afterAll(async () => {
  for (const pid of pids) try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
  await waitFor(() => pids.every((pid) => { try { process.kill(pid, 0); return false; } catch { return true; } }), { what: 'watchdogs to stop' }).catch(() => undefined);
  rig.cleanup(); p.cleanup(); rmSync(state, { recursive: true, force: true });
});

const up = (session: string, args: string[], env: Record<string, string> = {}) => rig.loop('up', ['--session', session, '--no-attach', ...args], { cwd: p.root, env });
const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };

describe('loop up: boot-check and auto-restart', () => {
  it('acceptance 12: --boot-check 3 with a web harness that is missing → FAIL current=bash, a live infra harness → PASS, a shell slot SKIP; exit 1 under --no-attach', async () => {
    const r = expectExit(await up('bc', ['--boot-check', '3', '--web-cmd', 'opencode', '--infra-cmd', 'claude', '--ops-top-cmd', 'true']), 1);
    expect(r.stdout).toContain('[loop] boot-check: waiting up to 3s for lanes to settle...');
    expect(r.stderr).toMatch(/^ {2}FAIL {2}web {13}pane=%\d+ current=bash$/m);
    expect(r.stderr).toContain('          expected harness from cmd: opencode');
    expect(r.stdout).toMatch(/^ {2}PASS {2}infra {11}pane=%\d+ current=node$/m);
    expect(r.stdout).toMatch(/^ {2}SKIP {2}ops-top/m);
    expect(r.stderr).toContain('[loop] boot-check: 1/2 lane(s) failed to launch');
    expect(r.stdout).toContain("Session 'bc' prepared.");
  });

  it('--boot-check (default 8 s) ends early once every AI lane is up and idle → "all N lane(s) live", exit 0', async () => {
    const r = expectExit(await up('bc2', ['--boot-check', '--infra-cmd', 'claude', '--web-cmd', 'pi']), 0);
    expect(r.stdout).toContain('[loop] boot-check: all 2 lane(s) live');
    expect(r.ms).toBeLessThan(8_000 + 6_000); // early exit is the point, but never assert timing tightly
  });

  it('--boot-check with a non-numeric value → exit 1 before anything is created', async () => {
    const r = expectExit(await up('bc3', ['--boot-check', 'soon']), 1);
    expect(r.stderr).toContain("--boot-check expects whole seconds (got 'soon')");
    expect(rig.t.run('list-sessions', '-F', '#{session_name}')).not.toMatch(/^bc3$/m);
  });

  it('acceptance 13: --auto-restart starts one detached watchdog per state dir (pid file, log); a second up sees it and starts none', async () => {
    const r1 = expectExit(await up('ar', ['--auto-restart', '--state-dir', state, '--web-cmd', 'claude']), 0);
    const m = /auto-restart watchdog started \(pid=(\d+)\); log: (.+)$/m.exec(r1.stdout);
    expect(m).not.toBeNull();
    const pid = Number(m![1]);
    pids.push(pid);
    expect(m![2]).toBe(join(state, 'lane-health.log'));
    expect(r1.stdout).toContain(`kill $(cat '${join(state, 'lane-health.pid')}')`);
    expect(readFileSync(join(state, 'lane-health.pid'), 'utf8').trim()).toBe(String(pid));
    expect(alive(pid)).toBe(true);
    await waitFor(() => existsSync(join(state, 'lane-health.log')) && readFileSync(join(state, 'lane-health.log'), 'utf8').includes('watchdog started'), { what: 'the watchdog log' });
    const r2 = expectExit(await up('ar2', ['--auto-restart', '--state-dir', state]), 0);
    expect(r2.stdout).toContain(`[loop] auto-restart watchdog already running (pid=${pid}) — not starting another`);
    process.kill(pid, 'SIGTERM');
    await waitFor(() => !alive(pid), { what: 'the watchdog to stop on SIGTERM' });
    expect(readFileSync(join(state, 'lane-health.log'), 'utf8')).toContain('[lane-health] watchdog stopped');
    expect(existsSync(join(state, 'lane-health.pid'))).toBe(false);
  });

  it('--state-dir defaults to LOOP_TMUX_STATE_DIR, then <root>/.loop/sessions/<session>', async () => {
    const r = expectExit(await up('ar3', ['--auto-restart']), 0);
    const pid = Number(/pid=(\d+)/.exec(r.stdout)![1]);
    pids.push(pid);
    expect(r.stdout).toContain(`log: ${join(p.root, '.loop/sessions/ar3/lane-health.log')}`);
    const envDir = join(state, 'from-env');
    const r2 = expectExit(await up('ar4', ['--auto-restart'], { LOOP_TMUX_STATE_DIR: envDir }), 0);
    pids.push(Number(/pid=(\d+)/.exec(r2.stdout)![1]));
    expect(r2.stdout).toContain(`log: ${join(envDir, 'lane-health.log')}`);
  });

  it('--infra-root sets the infra cwd; a missing one warns and falls back to the project root', async () => {
    const r = expectExit(await rig.loop('up', ['--session', 'ir', '--print-cmds', '--infra-root', '/tmp'], { cwd: p.root }), 0);
    expect(r.stdout).toContain('INFRA_CD_ROOT=/tmp\n');
    const r2 = expectExit(await rig.loop('up', ['--session', 'ir', '--print-cmds', '--infra-root', '/nope/x'], { cwd: p.root }), 0);
    expect(r2.stderr).toContain('warning: --infra-root does not exist: /nope/x (falling back to project-root)');
    expect(r2.stdout).toContain(`INFRA_CD_ROOT=${p.root}\n`);
  });
});
