/**
 * Contract of `loop watchdog` (CONTRACT.md; spec/substrate.md §12, §14): flags, the probe-only words,
 * the `lane-restarts.jsonl` line shapes, exit codes 0/1/2 and the one-line tmux/session errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { waitFor } from '../helpers/wait-for.js';
import { NO_TMUX_PATH, OLD_TMUX_PATH, deadServer, expectOneLineError, helpFlags } from '../helpers/contract-sub-a.js';
import { startRig, expectExit, type Rig } from '../cli/_lib.js';

let rig: Rig;
let p: TestProject;
let state: string;
const S = 'cw';
beforeAll(async () => {
  assertBuilt();
  rig = startRig();
  p = makeProject({ init: false });
  state = mkdtempSync(join(tmpdir(), 'loopdeck-cw-'));
  expectExit(await rig.loop('up', ['--session', S, '--no-attach'], { cwd: p.root }), 0);
  expectExit(await rig.loop('add-lane', ['--session', S, '--window', 'gone', '--harness', 'opencode'], { cwd: p.root }), 0); // not on PATH
  expectExit(await rig.loop('add-lane', ['--session', S, '--window', 'sh', '--cmd', 'true'], { cwd: p.root }), 0);
  await waitFor(() => rig.capture(rig.panes(S).find((x) => x.window === 'gone')!.id).includes('not found'), { what: 'opencode: command not found' });
});
afterAll(() => { rig.cleanup(); p.cleanup(); rmSync(state, { recursive: true, force: true }); });

const wd = (args: string[], env: Record<string, string> = {}) => rig.loop('watchdog', args, { cwd: p.root, env });

describe('contract: loop watchdog', () => {
  it('--help lists every flag', async () => {
    const flags = helpFlags(expectExit(await wd(['--help']), 0).stdout);
    for (const f of ['--session', '--state-dir', '--interval', '--grace', '--max-restarts', '--once', '--probe-only', '--json', '--web-cmd', '--infra-cmd', '--docs-cmd', '--validate-left-cmd', '--validate-right-cmd']) expect(flags, f).toContain(f);
  });

  it('--probe-only words: DOWN for an AI lane at a shell (expected_cmd), SHELL for a shell lane; exit 0, nothing written', async () => {
    const r = expectExit(await wd(['--session', S, '--state-dir', state, '--probe-only']), 0);
    expect(r.stdout).toMatch(/^\[lane-health\] DOWN {2}lane=gone target=%\d+ current='bash' expected_cmd='opencode'$/m);
    expect(r.stdout).toMatch(/^\[lane-health\] SHELL lane=sh target=%\d+ current='bash' \(non-AI lane — left alone\)$/m);
    expect(existsSync(join(state, 'lane-restarts.jsonl'))).toBe(false);
  });

  it('--probe-only --json: {contract_version: 1, session, generated_at, lanes: [{lane, target, current, cmd, state: live|down|shell}]}', async () => {
    const doc = JSON.parse(expectExit(await wd(['--session', S, '--probe-only', '--json']), 0).stdout) as { lanes: Array<Record<string, unknown>> } & Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['contract_version', 'session', 'generated_at', 'lanes']);
    expect(doc).toMatchObject({ contract_version: 1, session: S });
    expect(doc.generated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    for (const l of doc.lanes) expect(Object.keys(l)).toEqual(['lane', 'target', 'current', 'cmd', 'state']);
    expect(doc.lanes.map((l) => [l.lane, l.state])).toEqual([['gone', 'down'], ['sh', 'shell']]);
    expect((await wd(['--session', S, '--json'])).code).toBe(2); // --json only with --probe-only
  });

  it('--once with --max-restarts 0: one giving-up line {timestamp, event, session, lane, target, cmd}; with 1: one restart line without event', async () => {
    expectExit(await wd(['--session', S, '--state-dir', state, '--once', '--max-restarts', '0']), 0);
    expectExit(await wd(['--session', S, '--state-dir', state, '--once', '--max-restarts', '1']), 0);
    const lines = readFileSync(join(state, 'lane-restarts.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => Object.keys(l))).toEqual([['timestamp', 'event', 'session', 'lane', 'target', 'cmd'], ['timestamp', 'session', 'lane', 'target', 'cmd']]);
    expect(lines[0]).toMatchObject({ event: 'giving-up', session: S, lane: 'gone', cmd: 'opencode' });
    expect(lines[1]).toMatchObject({ session: S, lane: 'gone', cmd: 'opencode' });
  });

  it('exit 2: no --session, a bad number, an unknown flag', async () => {
    expect((await wd(['--once'])).code).toBe(2);
    expect((await wd(['--session', S, '--interval', '0'])).code).toBe(2);
    expect((await wd(['--session', S, '--bogus'])).code).toBe(2);
  });

  it('exit 1 with one line (+ hint): missing session, dead server, tmux absent, tmux older than 3.3', async () => {
    expectOneLineError(await wd(['--session', 'nope', '--once']), 1, `watchdog: session 'nope' does not exist on -L ${rig.t.name}`);
    const dead = deadServer();
    expectOneLineError(await runCli('loop', ['watchdog', '-L', dead, '--session', S, '--once']), 1, `watchdog: no tmux server is running on -L ${dead}`);
    expectOneLineError(await wd(['--session', S, '--once'], { PATH: NO_TMUX_PATH }), 1, 'watchdog: tmux is not installed or not on PATH');
    expectOneLineError(await wd(['--session', S, '--once'], { PATH: OLD_TMUX_PATH }), 1, 'watchdog: tmux 3.2 is older than tmux 3.3');
  });
});
