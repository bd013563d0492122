/**
 * `loop up --no-attach` against a private tmux server (spec/substrate.md §1.3, §1.8; acceptance 10,
 * 11, 9): the six windows and eight panes, their cwds and LOOP_LANE, slot commands typed literally
 * into the right pane, lane-config metadata as pane options (never `@loop_lane`), and the refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertBuilt } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { startRig, paneOption, windowOption, waitScreen, expectExit, type Rig } from './_lib.js';

let rig: Rig;
let p: TestProject;
beforeAll(() => { assertBuilt(); rig = startRig(); p = makeProject(); });
afterAll(() => { rig.cleanup(); p.cleanup(); });

const sessions = (): string[] => rig.t.run('list-sessions', '-F', '#{session_name}').trim().split('\n').filter(Boolean);
const up = (session: string, args: string[] = []) => rig.loop('up', ['--session', session, '--no-attach', ...args], { cwd: p.root });

describe('loop up --no-attach', () => {
  it('acceptance 10: six windows in order, validate split side by side and ops stacked, no @loop_lane anywhere', async () => {
    const r = expectExit(await up('ten'), 0);
    expect(r.stdout).toContain("Session 'ten' prepared.");
    const windows = rig.t.run('list-windows', '-t', '=ten', '-F', '#{window_name} #{window_panes}').trim().split('\n');
    expect(windows).toEqual(['coord 1', 'web 1', 'infra 1', 'validate 2', 'ops 2', 'docs 1']);
    const geo = (w: string) => rig.t.run('list-panes', '-t', `=ten:${w}`, '-F', '#{pane_left} #{pane_top}').trim().split('\n').map((l) => l.split(' ').map(Number));
    const [vl, vr] = geo('validate');
    expect(vr![0]).toBeGreaterThan(vl![0]!); // side by side
    expect(vr![1]).toBe(vl![1]);
    const [ot, ob] = geo('ops');
    expect(ob![1]).toBeGreaterThan(ot![1]!); // stacked
    expect(ob![0]).toBe(ot![0]);
    for (const pane of rig.panes('ten')) {
      expect(windowOption(rig.t, pane.windowId, '@loop_lane'), pane.window).toBe('');
      expect(paneOption(rig.t, pane.id, '@loop_lane'), pane.id).toBe('');
      expect(pane.path).toBe(p.root);
    }
    expect(rig.t.run('list-windows', '-t', '=ten', '-F', '#{window_active}#{window_name}').split('\n')).toContain('1coord'); // coord selected
  });

  it('slot commands are typed literally into their own pane (validate-right = 2nd pane), each pane knows its LOOP_LANE', async () => {
    const r = expectExit(await up('slots', [
      '--web-cmd', 'echo "lane=$LOOP_LANE";', '--validate-right-cmd', 'echo "vr=$LOOP_LANE"', '--ops-bottom-cmd', 'echo "ob=$LOOP_LANE root=$LOOP_PROJECT_ROOT"',
      '--docs-cmd', 'Enter', '--infra-cmd', 'nosuchbin-xyz --flag',
    ]), 0);
    const panes = rig.panes('slots');
    const target = (w: string, i: number): string => panes.filter((x) => x.window === w).sort((a, b) => a.index - b.index)[i]!.id;
    await waitScreen(rig, target('web', 0), (s) => /^lane=web$/m.test(s), 'web output');
    await waitScreen(rig, target('validate', 1), (s) => /^vr=validate-right$/m.test(s), 'validate-right output');
    await waitScreen(rig, target('ops', 1), (s) => s.includes(`ob=ops-bottom root=${p.root}`), 'ops-bottom output');
    // `Enter` is typed as text (a command named Enter), not pressed as a key.
    await waitScreen(rig, target('docs', 0), (s) => /Enter: command not found/.test(s), 'docs typed literally');
    expect(rig.capture(target('validate', 0))).not.toMatch(/vr=|lane=/);
    expect(rig.capture(target('ops', 0))).not.toMatch(/ob=/);
    // Missing-binary rule: a warning naming lane and token, never fatal; `Enter` is warned about too.
    expect(r.stderr).toContain("warning: lane 'infra' command 'nosuchbin-xyz' not found on PATH — pane will fall back to a bare shell");
    expect(r.stderr).not.toContain("lane 'web'");
  });

  it('--worktree-web/--worktree-infra set the cwd of web, both validate panes and infra; coord, ops, docs stay on the root', async () => {
    const wweb = join(p.root, 'wt-web');
    const winfra = join(p.root, 'wt-infra');
    mkdirSync(wweb, { recursive: true });
    mkdirSync(winfra, { recursive: true });
    expectExit(await up('wt', ['--worktree-web', wweb, '--worktree-infra', winfra]), 0);
    const cwd = Object.fromEntries(rig.panes('wt').map((x) => [`${x.window}.${x.index}`, x.path]));
    expect(cwd).toEqual({
      'coord.0': p.root, 'web.0': wweb, 'infra.0': winfra, 'validate.0': wweb, 'validate.1': wweb, 'ops.0': p.root, 'ops.1': p.root, 'docs.0': p.root,
    });
  });

  it('a lane-config tags the slot panes with pane options (validate-right on its own pane), never @loop_lane', async () => {
    const lc = p.write('lc-up.yaml', 'lanes:\n  web: {harness: pi, model: m-1, role: frontend}\n  validate-right: {harness: shell, cmd: "echo vr-shell"}\n');
    expectExit(await up('tagged', ['--lane-config', lc]), 0);
    const panes = rig.panes('tagged');
    const id = (w: string, i: number): string => panes.filter((x) => x.window === w).sort((a, b) => a.index - b.index)[i]!.id;
    expect(paneOption(rig.t, id('web', 0), '@loop_lane_harness')).toBe('pi');
    expect(paneOption(rig.t, id('web', 0), '@loop_lane_model')).toBe('m-1');
    expect(paneOption(rig.t, id('web', 0), '@loop_lane_role')).toBe('frontend');
    expect(paneOption(rig.t, id('web', 0), '@loop_lane_cmd')).toBe('pi --model m-1');
    expect(paneOption(rig.t, id('validate', 1), '@loop_lane_harness')).toBe('shell');
    expect(paneOption(rig.t, id('validate', 0), '@loop_lane_harness')).toBe('');
    for (const x of panes) {
      expect(paneOption(rig.t, x.id, '@loop_lane')).toBe('');
      expect(windowOption(rig.t, x.windowId, '@loop_lane')).toBe('');
    }
    // The fake `pi` (Node) is on the server's PATH: it starts in the web pane.
    await waitScreen(rig, id('web', 0), (s) => s.includes('fake-agent idle (pi, lane web)'), 'fake pi in web');
    await waitScreen(rig, id('validate', 1), (s) => /^vr-shell$/m.test(s), 'validate-right shell cmd');
  });

  it('acceptance 11: an existing session → "already exists." exit 0, nothing created', async () => {
    expectExit(await up('twice'), 0);
    const before = rig.panes('twice').map((x) => x.id);
    const r = expectExit(await up('twice', ['--web-cmd', 'echo should-not-run']), 0);
    expect(r.stdout.trim()).toBe("Session 'twice' already exists.");
    expect(rig.panes('twice').map((x) => x.id)).toEqual(before);
    expect(rig.capture(before[1]!)).not.toContain('should-not-run');
  });

  it('sessions match exactly: an existing "prefixlong" does not make "prefix" read as existing', async () => {
    expectExit(await up('prefixlong'), 0);
    const r = expectExit(await up('prefix'), 0);
    expect(r.stdout).toContain("Session 'prefix' prepared.");
    expect(sessions()).toEqual(expect.arrayContaining(['prefix', 'prefixlong']));
  });

  it('acceptance 9: a missing --worktree-web exits 1 and creates no session', async () => {
    const r = await up('badwt', ['--worktree-web', join(p.root, 'missing-dir')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`worktree path does not exist: ${join(p.root, 'missing-dir')}`);
    expect(sessions()).not.toContain('badwt');
  });

  it('a bad lane-config exits 1 naming file, line and key, and creates no session', async () => {
    const lc = p.write('lc-bad.yaml', 'lanes:\n  web:\n    harness: claude\n    rol: web\n');
    const r = await up('badlc', ['--lane-config', lc]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${lc}:4: lanes.web.rol: unknown key 'rol'`);
    expect(sessions()).not.toContain('badlc');
  });

  // BUG (substrate/sessions.ts createSession): tmux rewrites `.` and `:` in session names to `_`, so
  // `new-session -s a.b` creates `a_b` and the chained `new-window -t =a.b:` fails: exit 1 with a raw
  // tmux error and a one-window session `a_b` left behind (a second run then says "duplicate session").
  // Fix: refuse such names up front (usage error), or target the new session by its id ($N).
  it('a session name tmux would rewrite (a.b) is refused cleanly and leaves nothing behind', async () => {
    const r = await up('dot.ted');
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("can't find session");
    expect(sessions().filter((x) => x.startsWith('dot'))).toEqual([]);
  });

  // BUG (substrate/sessions.ts createSession): `@loop_lane_cmd` is set on every base pane that has a
  // command (flags, presets), not only when the slot's harness is known (lane-config), so list-lanes
  // reports `cmd` for base windows (spec acceptance 18: base windows report null harness/model/role/cmd).
  it('acceptance 18: a base window started from --web-cmd (no harness) lists cmd: null', async () => {
    expectExit(await up('plaincmd', ['--web-cmd', 'true']), 0);
    const doc = JSON.parse(expectExit(await rig.loop('list-lanes', ['--session', 'plaincmd', '--json']), 0).stdout) as { lanes: Array<{ window: string; cmd: string | null }> };
    expect(doc.lanes.find((l) => l.window === 'web')!.cmd).toBeNull();
  });
});
