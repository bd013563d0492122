/**
 * `loop add-lane` against a private tmux server (spec/substrate.md §3.1–3.3; acceptance 14–17, 25):
 * harness and cmd lanes, the window options, `--kind`, the refusals, and `--wait-ready` with the
 * Node fake agent (test/fixtures/bin/fake-agent, on PATH as `claude`/`pi`/`codex`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { waitFor } from '../helpers/wait-for.js';
import { startRig, windowOption, waitScreen, expectExit, type Rig } from './_lib.js';

let rig: Rig;
let p: TestProject;
const S = 'al';
beforeAll(async () => {
  assertBuilt();
  rig = startRig();
  p = makeProject();
  expectExit(await rig.loop('up', ['--session', S, '--no-attach'], { cwd: p.root }), 0);
});
afterAll(() => { rig.cleanup(); p.cleanup(); });

const add = (args: string[]) => rig.loop('add-lane', ['--session', S, ...args], { cwd: p.root });
const win = (name: string) => rig.panes(S).find((x) => x.window === name);
const opt = (name: string, o: string): string => windowOption(rig.t, win(name)!.windowId, o);
const started = (lane: string) => waitFor(() => rig.events(lane).find((e) => e.ev === 'start'), { what: `fake agent in ${lane} to start` });

describe('loop add-lane', () => {
  it('a harness lane: new window tagged @loop_lane=1 with harness/cmd/role, cwd = project root, launch typed, LOOP_LANE set', async () => {
    const r = expectExit(await add(['--window', 'helper', '--harness', 'claude', '--role', 'reviewer']), 0);
    const w = win('helper')!;
    expect(r.stdout).toContain(`[loop] add-lane: window 'helper' (${w.windowId}) in '${S}' (harness=claude, role=reviewer)`);
    expect(r.stdout).toContain('             launched: claude');
    expect(opt('helper', '@loop_lane')).toBe('1');
    expect(opt('helper', '@loop_lane_harness')).toBe('claude');
    expect(opt('helper', '@loop_lane_cmd')).toBe('claude');
    expect(opt('helper', '@loop_lane_role')).toBe('reviewer');
    expect(opt('helper', '@loop_lane_model')).toBe('');
    expect(opt('helper', '@loop_lane_kind')).toBe('');
    // pane_current_path reads the pane process's cwd: empty for a moment while the process starts (seen under load).
    await waitFor(() => win('helper')?.path === p.root, { what: 'the lane to run in the project root' });
    expect((await started('helper')).name).toBe('claude'); // LOOP_LANE=helper reached the agent
    await waitFor(() => win('helper')?.cmd === 'node', { what: 'the fake agent to be the pane process' });
    // Existing windows are untouched and the new one comes last.
    expect(rig.t.run('list-windows', '-t', `=${S}`, '-F', '#{window_name}').trim().split('\n').slice(0, 6)).toEqual(['coord', 'web', 'infra', 'validate', 'ops', 'docs']);
  });

  it('acceptance 14: --harness claude --model opus --auto-approve → launch with the skip flag, model-not-applied note, no @loop_lane_model', async () => {
    const r = expectExit(await add(['--window', 'cl2', '--harness', 'claude', '--model', 'opus', '--auto-approve']), 0);
    expect(r.stdout).toContain('launched: claude --dangerously-skip-permissions');
    expect(r.stderr).toContain("--model 'opus' not applied; harness 'claude' selects its model via config");
    expect(opt('cl2', '@loop_lane_model')).toBe('');
    expect(opt('cl2', '@loop_lane_cmd')).toBe('claude --dangerously-skip-permissions');
    expect((await started('cl2')).argv).toEqual(['--dangerously-skip-permissions']);
  });

  it('acceptance 15: --harness codex --model m → @loop_lane_model=m and --config model=m in the launch', async () => {
    const r = expectExit(await add(['--window', 'cx', '--harness', 'codex', '--model', 'm']), 0);
    expect(r.stdout).toContain('launched: codex --config model=m');
    expect(opt('cx', '@loop_lane_model')).toBe('m');
    expect((await started('cx')).argv).toEqual(['--config', 'model=m']);
  });

  it('acceptance 16: --cmd with --harness → harness recorded as cmd, a note, the cmd typed verbatim', async () => {
    const r = expectExit(await add(['--window', 'tailer', '--cmd', 'echo "tail-$LOOP_LANE";', '--harness', 'pi', '--model', 'x']), 0);
    expect(r.stderr).toContain("--harness 'pi' ignored because --cmd was given");
    expect(r.stdout).toContain('(harness=cmd)');
    expect(opt('tailer', '@loop_lane_harness')).toBe('cmd');
    expect(opt('tailer', '@loop_lane_cmd')).toBe('echo "tail-$LOOP_LANE";');
    expect(opt('tailer', '@loop_lane_model')).toBe('');
    await waitScreen(rig, win('tailer')!.id, (s) => /^tail-tailer$/m.test(s), 'the cmd ran in the lane');
  });

  it('--kind standing|worker is recorded; --json prints the lane record; --repo sets the cwd', async () => {
    expectExit(await add(['--window', 'keeper', '--cmd', 'true', '--kind', 'standing']), 0);
    expect(opt('keeper', '@loop_lane_kind')).toBe('standing');
    const r = expectExit(await add(['--window', 'jw', '--cmd', 'true', '--kind', 'worker', '--repo', '/tmp', '--json']), 0);
    const w = win('jw')!;
    expect(JSON.parse(r.stdout)).toEqual({ contract_version: 1, session: S, window: 'jw', window_id: w.windowId, pane_id: w.id, harness: 'cmd', launch: 'true', ready: null, worktree: null, branch: null });
    expect(opt('jw', '@loop_lane_kind')).toBe('worker');
    expect(w.path).toBe('/tmp');
  });

  it('acceptance 17: duplicate window (dynamic or base), unknown harness, bad --kind, neither harness nor cmd → exit 1, nothing created', async () => {
    expectExit(await add(['--window', 'dyn1', '--cmd', 'true']), 0);
    const count = () => rig.panes(S).length;
    const n = count();
    // All refusals at once (nothing they do changes the session).
    const [dup, base, uh, neither, kind] = await Promise.all([
      add(['--window', 'dyn1', '--cmd', 'true']), add(['--window', 'web', '--harness', 'pi']), add(['--window', 'u1', '--harness', 'nosuch']), add(['--window', 'u2']),
      // --kind is checked before the session is even looked at.
      rig.loop('add-lane', ['--session', 'no-such-session', '--window', 'u3', '--cmd', 'true', '--kind', 'bogus']),
    ]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain(`add-lane: window 'dyn1' already exists in session '${S}'`);
    expect(base.code).toBe(1);
    expect(base.stderr).toContain("window 'web' already exists");
    expect(uh.code).toBe(1);
    expect(uh.stderr).toMatch(/add-lane: unknown harness 'nosuch' \(known: pi claude .*shell.*\)/);
    expect(neither.code).toBe(1);
    expect(neither.stderr).toContain('--harness');
    expect(neither.stderr).toContain('--cmd');
    expect(kind.code).toBe(1);
    expect(kind.stderr).toContain("add-lane: --kind must be 'standing' or 'worker' (got 'bogus')");
    expect(count()).toBe(n);
    expect(win('u1') ?? win('u2') ?? win('u3')).toBeUndefined();
  });

  it('a missing session, a missing --window, a bad window name and a missing --repo exit 1', async () => {
    const [ns, nw, bad, repo] = await Promise.all([
      rig.loop('add-lane', ['--session', 'nope', '--window', 'w', '--cmd', 'true']), add(['--cmd', 'true']),
      add(['--window', 'bad name;', '--cmd', 'true']), add(['--window', 'norepo', '--cmd', 'true', '--repo', '/no/such/dir']),
    ]);
    expect(ns.code).toBe(1);
    expect(ns.stderr).toContain("add-lane: session 'nope' does not exist");
    expect(nw.code).toBe(1);
    expect(nw.stderr).toContain('--window');
    expect(bad.code).toBe(1);
    expect(win('bad name;')).toBeUndefined();
    expect(repo.code).toBe(1);
    expect(repo.stderr).toContain('--repo path does not exist: /no/such/dir');
    expect(win('norepo')).toBeUndefined();
  });

  it('a bad --ready-timeout or LANE_READY_TIMEOUT is exit 2 before any window exists; the env is named as such', async () => {
    const [flag, env] = await Promise.all([
      add(['--window', 'flagto', '--harness', 'claude', '--wait-ready', '--ready-timeout', 'abc']),
      rig.loop('add-lane', ['--session', S, '--window', 'envto', '--harness', 'claude', '--wait-ready'], { cwd: p.root, env: { LANE_READY_TIMEOUT: 'abc' } }),
    ]);
    expect([flag.code, env.code]).toEqual([2, 2]);
    expect(flag.stderr).toContain("--ready-timeout expects a number of seconds (got 'abc')");
    expect(env.stderr).toContain("LANE_READY_TIMEOUT expects a number of seconds (got 'abc')");
    expect(win('flagto')).toBeUndefined();
    expect(win('envto')).toBeUndefined();
  });

  it('--wait-ready returns only once the fake agent draws its idle chrome and says "ready"', async () => {
    rig.agentConfig('slow', { startMs: 1500 });
    const r = expectExit(await add(['--window', 'slow', '--harness', 'claude', '--wait-ready', '--ready-timeout', '15']), 0);
    expect(r.stdout).toContain("[loop] add-lane: lane 'slow' ready");
    // It waited: the chrome is on screen the moment the CLI returns.
    expect(rig.capture(win('slow')!.id)).toContain('accept edits on');
    const st = expectExit(await rig.loop('lane-status', [S, 'slow']), 0);
    expect(st.stdout).toBe('idle\n');
  });

  it('acceptance 25: --wait-ready with a lane that never reads idle → "not confirmed ready" after the budget, exit 0', async () => {
    rig.agentConfig('stuck', { neverReady: true });
    const r = expectExit(await add(['--window', 'stuck', '--harness', 'pi', '--wait-ready', '--ready-timeout', '1', '--json']), 0);
    expect(r.stderr).toContain("lane 'stuck' not confirmed ready within 1s (proceeding)");
    expect(JSON.parse(r.stdout)).toMatchObject({ window: 'stuck', harness: 'pi', ready: false });
    expect(opt('stuck', '@loop_lane')).toBe('1');
  });

  it('--wait-ready is skipped for cmd lanes (ready stays null)', async () => {
    const r = expectExit(await add(['--window', 'cmdw', '--cmd', 'sleep 30', '--wait-ready', '--ready-timeout', '5', '--json']), 0);
    expect(JSON.parse(r.stdout)).toMatchObject({ harness: 'cmd', ready: null });
  });

  // BUG (substrate/sessions.ts typeLine; also up's slot commands): `send-keys -t <pane> -l <line>` lets
  // tmux parse a line that starts with `-` as flags ("command send-keys: unknown flag -…"), so the lane
  // is created and tagged but add-lane exits 1 with a raw tmux error. Fix: `send-keys -t <pane> -l -- <line>`.
  it('a --cmd that starts with `-` is typed literally like any other', async () => {
    const r = await add(['--window', 'dash', '--cmd', '-n not-a-flag']);
    expect(r.code, r.stderr).toBe(0);
    await waitScreen(rig, win('dash')!.id, (s) => s.includes('-n not-a-flag'), 'the typed line');
  });
});
