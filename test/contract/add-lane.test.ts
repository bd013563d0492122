/**
 * Contract of `loop add-lane` (CONTRACT.md; spec/substrate.md §3.1–3.2): flags, the human lines, the
 * `--json` document, the window options, exit codes and the one-line tmux/session errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { NO_TMUX_PATH, OLD_TMUX_PATH, deadServer, expectOneLineError, helpFlags } from '../helpers/contract-sub-a.js';
import { startRig, expectExit, windowOption, type Rig } from '../cli/_lib.js';

let rig: Rig;
let p: TestProject;
const S = 'ca';
beforeAll(async () => {
  assertBuilt();
  rig = startRig();
  p = makeProject({ init: false });
  expectExit(await rig.loop('up', ['--session', S, '--no-attach'], { cwd: p.root }), 0);
});
afterAll(() => { rig.cleanup(); p.cleanup(); });

const add = (args: string[], env: Record<string, string> = {}) => rig.loop('add-lane', args, { cwd: p.root, env });
const win = (name: string) => rig.panes(S).find((x) => x.window === name);

describe('contract: loop add-lane', () => {
  it('--help lists every flag', async () => {
    const flags = helpFlags(expectExit(await add(['--help']), 0).stdout);
    for (const f of ['--session', '--window', '--harness', '--cmd', '--model', '--repo', '--role', '--kind', '--worktree', '--auto-approve', '--wait-ready', '--ready-timeout', '--json']) expect(flags, f).toContain(f);
  });

  it('human lines: "[loop] add-lane: window \'W\' (@N) in \'S\' (harness=H, role=R)" and 13 spaces + "launched: …"', async () => {
    const r = expectExit(await add(['--session', S, '--window', 'h1', '--harness', 'pi', '--model', 'm', '--role', 'web', '--kind', 'worker']), 0);
    const w = win('h1')!;
    expect(r.stdout).toBe(`[loop] add-lane: window 'h1' (${w.windowId}) in '${S}' (harness=pi, role=web)\n             launched: pi --model m\n`);
    const o = (k: string) => windowOption(rig.t, w.windowId, k);
    expect([o('@loop_lane'), o('@loop_lane_harness'), o('@loop_lane_model'), o('@loop_lane_role'), o('@loop_lane_kind'), o('@loop_lane_cmd'), o('@loop_lane_isolation')])
      .toEqual(['1', 'pi', 'm', 'web', 'worker', 'pi --model m', '']);
  });

  it('--json: exactly {contract_version: 1, session, window, window_id, pane_id, harness, launch, ready, worktree, branch}', async () => {
    const doc = JSON.parse(expectExit(await add(['--session', S, '--window', 'j1', '--cmd', 'sleep 60', '--json']), 0).stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['contract_version', 'session', 'window', 'window_id', 'pane_id', 'harness', 'launch', 'ready', 'worktree', 'branch']);
    expect(doc).toMatchObject({ contract_version: 1, session: S, window: 'j1', harness: 'cmd', launch: 'sleep 60', ready: null, worktree: null, branch: null });
    expect(doc.window_id).toMatch(/^@\d+$/);
    expect(doc.pane_id).toMatch(/^%\d+$/);
  });

  it('exit 1: duplicate window, unknown harness (lists the known), bad --kind, neither --harness nor --cmd, missing --repo', async () => {
    expectOneLineError(await add(['--session', S, '--window', 'web', '--cmd', 'true']), 1, `add-lane: window 'web' already exists in session '${S}'`);
    expectOneLineError(await add(['--session', S, '--window', 'x1', '--harness', 'nope']), 1, /^error: add-lane: unknown harness 'nope' \(known: pi claude /);
    expectOneLineError(await add(['--session', S, '--window', 'x1', '--cmd', 'true', '--kind', 'boss']), 1, "add-lane: --kind must be 'standing' or 'worker' (got 'boss')");
    expectOneLineError(await add(['--session', S, '--window', 'x1']), 1, 'add-lane: pass --harness <name> or --cmd <command>');
    expectOneLineError(await add(['--session', S, '--window', 'x1', '--cmd', 'true', '--repo', '/nope/repo']), 1, 'add-lane: --repo path does not exist: /nope/repo');
    expect(win('x1')).toBeUndefined();
  });

  it('exit 2: an unknown flag', async () => {
    expect((await add(['--session', S, '--window', 'x2', '--cmd', 'true', '--bogus'])).code).toBe(2);
  });

  it('exit 1 with one line (+ hint): missing session, dead server, tmux absent, tmux older than 3.3', async () => {
    expectOneLineError(await add(['--session', 'nope', '--window', 'x', '--cmd', 'true']), 1, `add-lane: session 'nope' does not exist on -L ${rig.t.name}`);
    const dead = deadServer();
    expectOneLineError(await runCli('loop', ['add-lane', '-L', dead, '--session', S, '--window', 'x', '--cmd', 'true']), 1, `add-lane: no tmux server is running on -L ${dead}`);
    expectOneLineError(await add(['--session', S, '--window', 'x', '--cmd', 'true'], { PATH: NO_TMUX_PATH }), 1, 'add-lane: tmux is not installed or not on PATH');
    expectOneLineError(await add(['--session', S, '--window', 'x', '--cmd', 'true'], { PATH: OLD_TMUX_PATH }), 1, 'add-lane: tmux 3.2 is older than tmux 3.3');
  });
});
