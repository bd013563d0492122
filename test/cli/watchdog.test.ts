/**
 * `loop watchdog` against a private tmux server with the Node fake agents (spec/substrate.md §12;
 * acceptance 53–55): probe-only words, a restart that brings a crashed AI lane back, the give-up cap
 * with its JSONL lines, shell lanes left alone, exit on a vanished session and on SIGTERM.
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
const S = 'wd';
beforeAll(async () => {
  assertBuilt();
  rig = startRig();
  p = makeProject({ init: false });
  state = mkdtempSync(join(tmpdir(), 'loopdeck-wd-'));
  expectExit(await rig.loop('up', ['--session', S, '--no-attach', '--web-cmd', 'claude'], { cwd: p.root }), 0);
  expectExit(await rig.loop('add-lane', ['--session', S, '--window', 'tailer', '--cmd', 'true'], { cwd: p.root }), 0);
  expectExit(await rig.loop('add-lane', ['--session', S, '--window', 'agent', '--harness', 'pi'], { cwd: p.root }), 0);
  await waitFor(() => ['web', 'agent'].every((w) => rig.panes(S).find((x) => x.window === w)?.cmd === 'node'), { what: 'fake agents up', timeoutMs: 20_000 });
});
afterAll(() => { rig.cleanup(); p.cleanup(); rmSync(state, { recursive: true, force: true }); });

const wd = (args: string[], env: Record<string, string> = {}) => rig.loop('watchdog', ['--session', S, '--state-dir', state, ...args], { cwd: p.root, env });
const log = (): Array<Record<string, string>> => existsSync(join(state, 'lane-restarts.jsonl')) ? readFileSync(join(state, 'lane-restarts.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, string>) : [];
const pane = (w: string) => rig.panes(S).find((x) => x.window === w)!;

describe('loop watchdog', () => {
  it('--probe-only: LIVE for live AI lanes, SHELL for a shell lane at its prompt (left alone); nothing logged, exit 0', async () => {
    const r = expectExit(await wd(['--probe-only', '--web-cmd', 'claude']), 0);
    expect(r.stdout).toMatch(new RegExp(`^\\[lane-health\\] LIVE  lane=web target=${pane('web').id} current='node'$`, 'm'));
    expect(r.stdout).toMatch(/^\[lane-health\] LIVE {2}lane=agent /m);
    expect(r.stdout).toMatch(/^\[lane-health\] SHELL lane=tailer .*\(non-AI lane — left alone\)$/m);
    expect(log()).toEqual([]);
  });

  it('--once: a crashed AI lane (discovered from @loop_lane_*) is restarted with its launch command; the restart line has no event key', async () => {
    rig.t.run('send-keys', '-t', pane('agent').id, 'C-c');
    await waitFor(() => pane('agent').cmd === 'bash', { what: 'the fake agent to exit' });
    const probe = expectExit(await wd(['--probe-only']), 0);
    expect(probe.stdout).toMatch(/^\[lane-health\] DOWN {2}lane=agent .*expected_cmd='pi'$/m);
    const r = expectExit(await wd(['--once']), 0);
    expect(r.stdout).toContain(`[lane-health] restarted lane=agent cmd='pi' target=${pane('agent').id}`);
    await waitFor(() => pane('agent').cmd === 'node', { what: 'the lane to run its harness again', timeoutMs: 15_000 });
    const lines = log();
    expect(lines).toHaveLength(1);
    expect(Object.keys(lines[0]!)).toEqual(['timestamp', 'session', 'lane', 'target', 'cmd']);
    expect(lines[0]).toMatchObject({ session: S, lane: 'agent', target: pane('agent').id, cmd: 'pi' });
    expect(lines[0]!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(pane('tailer').cmd).toBe('bash'); // the shell lane was not touched
  });

  it('acceptance 53 + 55: max 2 → two restarts then one giving-up line and no more; the daemon exits 0 when the session dies and removes its pid file', async () => {
    rmSync(join(state, 'lane-restarts.jsonl'), { force: true });
    expectExit(await rig.loop('add-lane', ['--session', S, '--window', 'dead', '--harness', 'opencode'], { cwd: p.root }), 0); // not on PATH: falls back to bash
    const daemon = wd(['--interval', '0.3', '--grace', '0'], { LANE_HEALTH_MAX_RESTARTS: '2' });
    await waitFor(() => existsSync(join(state, 'lane-health.pid')), { what: 'the pid file' });
    const pid = readFileSync(join(state, 'lane-health.pid'), 'utf8').trim();
    const second = expectExit(await wd(['--interval', '0.3', '--grace', '0']), 1); // one daemon per state dir
    expect(second.stderr).toContain(`watchdog: already running for ${state} (pid=${pid})`);
    await waitFor(() => log().filter((l) => l.lane === 'dead').length === 3, { what: '2 restarts + giving-up', timeoutMs: 20_000 });
    const dead = log().filter((l) => l.lane === 'dead');
    expect(dead.map((l) => l.event ?? 'restart')).toEqual(['restart', 'restart', 'giving-up']);
    expect(Object.keys(dead[2]!)).toEqual(['timestamp', 'event', 'session', 'lane', 'target', 'cmd']);
    // Later passes happen (a second dead lane gets its restart) but the given-up lane stays quiet.
    expectExit(await rig.loop('add-lane', ['--session', S, '--window', 'dead2', '--harness', 'opencode'], { cwd: p.root }), 0);
    await waitFor(() => log().some((l) => l.lane === 'dead2'), { what: 'a pass after giving up', timeoutMs: 20_000 });
    expect(log().filter((l) => l.lane === 'dead')).toHaveLength(3);
    rig.t.run('kill-session', '-t', `=${S}`);
    const r = expectExit(await daemon, 0);
    expect(r.stdout).toContain('tmux session disappeared — exiting');
    expect(r.stderr).toContain('[lane-health] GAVE UP lane=dead after 2 restarts');
    expect(existsSync(join(state, 'lane-health.pid'))).toBe(false);
  });

  it('a missing session → exit 1 naming it; a bad --interval → exit 2; no --session → exit 2', async () => {
    const r = expectExit(await rig.loop('watchdog', ['--session', 'nope', '--once']), 1);
    expect(r.stderr).toMatch(/^error: watchdog: session 'nope' does not exist on -L loopdeck-test-/);
    expect(r.stderr.trim().split('\n')).toHaveLength(2); // the error and its hint
    expect(expectExit(await rig.loop('watchdog', ['--session', 'nope', '--interval', 'x']), 2).stderr).toContain('--interval expects a number');
    expectExit(await rig.loop('watchdog', ['--once']), 2);
  });
});
