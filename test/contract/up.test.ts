/**
 * Contract of `loop up` (CONTRACT.md; spec/substrate.md §1, §14): flags, output words, exit codes,
 * against a live private tmux server — and the one-line errors for a missing worktree path, absent
 * tmux and tmux older than 3.3.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { NO_TMUX_PATH, OLD_TMUX_PATH, expectOneLineError, helpFlags } from '../helpers/contract-sub-a.js';
import { startRig, expectExit, type Rig } from '../cli/_lib.js';

let rig: Rig;
let p: TestProject;
beforeAll(() => { assertBuilt(); rig = startRig(); p = makeProject({ init: false }); });
afterAll(() => { rig.cleanup(); p.cleanup(); });

const up = (args: string[], env: Record<string, string> = {}) => rig.loop('up', args, { cwd: p.root, env });
const sessions = (): string[] => { try { return rig.t.run('list-sessions', '-F', '#{session_name}').trim().split('\n'); } catch { return []; } };

describe('contract: loop up', () => {
  it('--help lists every flag of CONTRACT.md and exits 0', async () => {
    const r = expectExit(await up(['--help']), 0);
    const flags = helpFlags(r.stdout);
    for (const f of ['--session', '--preset', '--lane-config', '--no-attach', '--print-cmds', '--state-file', '--mailbox-dir', '--worktree-web', '--worktree-infra', '--infra-root',
      '--validate-cmd', '--gateway-health-cmd', '--log-stream-cmd', '--boot-check', '--auto-restart', '--state-dir', '--width', '--height',
      '--coord-cmd', '--web-cmd', '--infra-cmd', '--validate-left-cmd', '--validate-right-cmd', '--ops-top-cmd', '--ops-bottom-cmd', '--docs-cmd',
      '--socket-name', '--socket-path', '--project-root']) expect(flags, f).toContain(f);
  });

  it('--print-cmds: exactly the eleven KEY= lines in order, exit 0, no tmux needed', async () => {
    const r = expectExit(await up(['--session', 'pc', '--print-cmds'], { PATH: NO_TMUX_PATH }), 0);
    expect(r.stdout.trimEnd().split('\n').map((l) => l.split('=')[0])).toEqual(['SESSION_NAME', 'WEB_ROOT', 'INFRA_CD_ROOT', 'AUTO_COORD_CMD', 'AUTO_WEB_CMD', 'AUTO_INFRA_CMD',
      'AUTO_VALIDATE_LEFT_CMD', 'AUTO_VALIDATE_RIGHT_CMD', 'AUTO_OPS_TOP_CMD', 'AUTO_OPS_BOTTOM_CMD', 'AUTO_DOCS_CMD']);
  });

  it('--state-file/--mailbox-dir reach the coord digest command of a preset', async () => {
    const r = expectExit(await up(['--session', 'pc', '--print-cmds', '--preset', 'monitor', '--state-file', '/x/state.json', '--mailbox-dir', '/x/mb']), 0);
    expect(r.stdout).toMatch(/^AUTO_COORD_CMD=.* 'digest' .*'--state-file' '\/x\/state.json' '--mailbox-dir' '\/x\/mb'$/m);
  });

  it('words: "Session \'S\' prepared." then "Session \'S\' already exists." — both exit 0 with --no-attach', async () => {
    expect(expectExit(await up(['--session', 'c1', '--no-attach']), 0).stdout).toContain("Session 'c1' prepared.");
    expect(expectExit(await up(['--session', 'c1', '--no-attach']), 0).stdout).toContain("Session 'c1' already exists.");
  });

  it('exit 1: worktree path that does not exist (one line + hint, nothing created); unknown preset; bad --boot-check', async () => {
    expectOneLineError(await up(['--session', 'w1', '--no-attach', '--worktree-web', '/nope/web']), 1, 'worktree path does not exist: /nope/web');
    expectOneLineError(await up(['--session', 'w1', '--no-attach', '--worktree-infra', '/nope/infra']), 1, 'worktree path does not exist: /nope/infra');
    expect(sessions()).not.toContain('w1');
    expect((await up(['--session', 'w1', '--no-attach', '--preset', 'bogus'])).code).toBe(1);
    expectOneLineError(await up(['--session', 'w1', '--no-attach', '--boot-check', 'x']), 1, '--boot-check expects whole seconds');
    expect(sessions()).not.toContain('w1');
  });

  it('exit 2: an unknown flag (commander usage error)', async () => {
    expect((await up(['--session', 'u', '--bogus'])).code).toBe(2);
  });

  it('exit 1: tmux absent from PATH, and tmux older than 3.3 (fake tmux 3.2) — one line each, naming what to install', async () => {
    expectOneLineError(await up(['--session', 'nt', '--no-attach'], { PATH: NO_TMUX_PATH }), 1, 'tmux is not installed or not on PATH');
    expectOneLineError(await up(['--session', 'ot', '--no-attach'], { PATH: OLD_TMUX_PATH }), 1, 'tmux 3.2 is older than tmux 3.3');
  });

  it('exit 1: --boot-check with an AI lane that fell back to a bare shell (under --no-attach)', async () => {
    const r = await up(['--session', 'bc', '--no-attach', '--boot-check', '2', '--web-cmd', 'opencode']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('boot-check: 1/1 lane(s) failed to launch');
  });
});
