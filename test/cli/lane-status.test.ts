/**
 * `loop lane-status` against a private tmux server (spec/substrate.md §6.1; acceptance 32, 35, 43,
 * 45): one word per lane, the `--json --all` contract document, `--print-target`, the exit codes,
 * and the demo agent read idle → working → idle across a dispatch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { waitFor } from '../helpers/wait-for.js';
import { startRig, expectExit, waitAgentReady, DEMO_AGENT, type Rig } from './_lib.js';

let rig: Rig;
let p: TestProject;
const S = 'ls';
beforeAll(async () => {
  assertBuilt();
  rig = startRig({ DEMO_AGENT_WORK_S: '6' });
  p = makeProject();
  expectExit(await rig.loop('up', ['--session', S, '--no-attach'], { cwd: p.root }), 0);
  expectExit(await rig.loop('add-lane', ['--session', S, '--window', 'helper', '--harness', 'claude'], { cwd: p.root }), 0);
  expectExit(await rig.loop('add-lane', ['--session', S, '--window', 'gone', '--harness', 'forge'], { cwd: p.root }), 0); // not on PATH
  rig.t.run('new-window', '-d', '-t', `=${S}:`, '-n', 'handmade');
  await waitAgentReady(rig, 'helper', paneOf('helper'));
});
afterAll(() => { rig.cleanup(); p.cleanup(); });

function paneOf(window: string, session = S): string {
  return rig.panes(session).filter((x) => x.window === window).sort((a, b) => a.index - b.index)[0]!.id;
}
const status = async (lane: string, session = S): Promise<string> => expectExit(await rig.loop('lane-status', [session, lane]), 0).stdout;
type Fleet = { contract_version: number; session: string; generated_at: string; lanes: Record<string, { status: string; target: string; kind: string }> };
const all = async (session = S): Promise<Fleet> => JSON.parse(expectExit(await rig.loop('lane-status', ['--json', '--all', session]), 0).stdout) as Fleet;

describe('loop lane-status (single lane)', () => {
  it('prints exactly one word: a fresh 50-row shell reads idle (`$` alone), the fake claude reads idle', async () => {
    await waitFor(async () => (await status('coord')) === 'idle\n', { what: 'coord idle' });
    expect(await status('validate-right')).toBe('idle\n');
    expect(await status('helper')).toBe('idle\n');
  });

  it('an AI harness lane whose binary is missing sits at a bare shell and reads errored', async () => {
    await waitFor(async () => (await status('gone')) === 'errored\n', { what: 'gone errored' });
  });

  it('--json SESSION LANE prints a one-lane contract document', async () => {
    const doc = JSON.parse(expectExit(await rig.loop('lane-status', ['--json', S, 'helper']), 0).stdout) as Fleet;
    expect(doc).toEqual({ contract_version: 1, session: S, generated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), lanes: { helper: { status: 'idle', target: paneOf('helper'), kind: 'dynamic' } } });
  });

  it('acceptance 45 (pane ids by design): --print-target prints the pane id for fixed and dynamic lanes', async () => {
    const vr = rig.panes(S).filter((x) => x.window === 'validate').sort((a, b) => a.index - b.index)[1]!.id;
    expect(expectExit(await rig.loop('lane-status', ['--print-target', S, 'web']), 0).stdout).toBe(`${paneOf('web')}\n`);
    expect(expectExit(await rig.loop('lane-status', ['--print-target', S, 'validate-right']), 0).stdout).toBe(`${vr}\n`);
    expect(expectExit(await rig.loop('lane-status', ['--print-target', S, 'helper']), 0).stdout).toMatch(/^%\d+\n$/);
    expect((await rig.loop('lane-status', ['--print-target', '--json', S, 'web'])).code).toBe(2);
  });

  it('exit codes: unknown dynamic lane 2, a prefix is unknown too, usage 2, missing session 3', async () => {
    const [nosuch, help, one, allNoJson, bogus, ms] = await Promise.all([
      rig.loop('lane-status', [S, 'nosuch']), rig.loop('lane-status', [S, 'help']), rig.loop('lane-status', [S]),
      rig.loop('lane-status', ['--all', S]), rig.loop('lane-status', ['--bogus', S, 'web']), rig.loop('lane-status', ['nope', 'web']),
    ]);
    for (const [lane, r] of [['nosuch', nosuch], ['help', help]] as const) {
      expect(r.code, lane).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`Unknown lane: ${lane}`);
    }
    expect([one.code, allNoJson.code, bogus.code]).toEqual([2, 2, 2]);
    expect(ms.code).toBe(3);
    expect(ms.stderr).toContain("tmux session 'nope' does not exist");
  });
});

describe('loop lane-status --json --all', () => {
  it('the loop-up fleet: 8 fixed lanes in canonical order then tagged windows only, with pane-id targets', async () => {
    const doc = await all();
    expect(doc.contract_version).toBe(1);
    expect(doc.session).toBe(S);
    expect(doc.generated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Object.keys(doc.lanes)).toEqual(['coord', 'web', 'infra', 'validate-left', 'validate-right', 'ops-top', 'ops-bottom', 'docs', 'helper', 'gone']);
    const panes = rig.panes(S);
    for (const [lane, v] of Object.entries(doc.lanes)) {
      expect(Object.keys(v).sort(), lane).toEqual(['kind', 'status', 'target']);
      expect(v.kind, lane).toBe(['helper', 'gone'].includes(lane) ? 'dynamic' : 'fixed');
      expect(['working', 'awaiting-approval', 'idle', 'errored', 'unknown']).toContain(v.status);
      expect(panes.map((x) => x.id)).toContain(v.target);
    }
    expect(doc.lanes['ops-bottom']!.target).toBe(panes.filter((x) => x.window === 'ops').sort((a, b) => a.index - b.index)[1]!.id);
    expect(doc.lanes.helper).toEqual({ status: 'idle', target: paneOf('helper'), kind: 'dynamic' });
    expect(doc.lanes.gone!.status).toBe('errored');
  });

  it('acceptance 43: coord, web and dynamic helper only → that order, kinds fixed/fixed/dynamic, absent fixed lanes omitted', async () => {
    rig.t.run('new-session', '-d', '-s', 'mini', '-n', 'coord', '-x', '120', '-y', '30');
    rig.t.run('new-window', '-d', '-t', '=mini:', '-n', 'web');
    rig.t.run('new-window', '-d', '-t', '=mini:', '-n', 'validate'); // one pane only: validate-right does not resolve
    expectExit(await rig.loop('add-lane', ['--session', 'mini', '--window', 'helper', '--cmd', 'true'], { cwd: p.root }), 0);
    const doc = await all('mini');
    expect(Object.entries(doc.lanes).map(([l, v]) => `${l}:${v.kind}`)).toEqual(['coord:fixed', 'web:fixed', 'validate-left:fixed', 'helper:dynamic']);
    // acceptance 32: single-lane status of the unresolvable fixed lane exits 3.
    const vr = await rig.loop('lane-status', ['mini', 'validate-right']);
    expect(vr.code).toBe(3);
    expect(vr.stderr).toContain("Unable to resolve tmux target for lane 'validate-right' in session 'mini'");
    expect((await rig.loop('lane-status', ['mini', 'infra'])).code).toBe(3);
  });

  it('a missing session exits 3 with the reason', async () => {
    const r = await rig.loop('lane-status', ['--json', '--all', 'nope']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("tmux session 'nope' does not exist");
  });

  // BUG: with no tmux server on the socket, listPanes rethrows `no-server` (exit 1), so a consumer
  // cannot tell "session missing" (contract: exit 3) from "usage/other failure".
  it('a missing session exits 3 even when no tmux server runs on the socket', async () => {
    const r = await rig.loop('lane-status', ['-L', `${rig.t.name}-none`, '--json', '--all', 'nope']);
    expect(r.code).toBe(3);
  });
});

describe.concurrent('the demo agent through lane-status', () => {
  it('reads idle when idle, working while it works after a dispatch, idle again after (DEMO_AGENT_WORK_S=6: wide enough to see `working` on a loaded machine)', async () => {
    const r = expectExit(await rig.loop('add-lane', ['--session', S, '--window', 'demo1', '--harness', 'demo', '--wait-ready', '--ready-timeout', '15'], { cwd: p.root }), 0);
    expect(r.stdout).toContain("lane 'demo1' ready");
    expect(await status('demo1')).toBe('idle\n');
    expectExit(await rig.loop('dispatch', ['--session', S, 'demo1', 'T0001: count the items']), 0);
    await waitFor(async () => (await status('demo1')) === 'working\n', { what: 'demo1 working', timeoutMs: 5000 });
    expect((await all()).lanes.demo1!.status).toBe('working');
    await waitFor(async () => (await status('demo1')) === 'idle\n', { what: 'demo1 idle again', timeoutMs: 20_000 });
    expect(rig.capture(paneOf('demo1'))).toContain('T0001 done');
  });

  it('as a base lane (no harness: heuristics only) it reads idle, then working, then idle', async () => {
    expectExit(await rig.loop('up', ['--session', 'demobase', '--no-attach', '--web-cmd', `node ${DEMO_AGENT}`], { cwd: p.root }), 0);
    await waitFor(async () => (await status('web', 'demobase')) === 'idle\n', { what: 'demo web idle', timeoutMs: 10_000, onTimeout: () => rig.capture(paneOf('web', 'demobase')) });
    expectExit(await rig.loop('dispatch', ['--session', 'demobase', 'web', 'T0002: a base-lane job']), 0);
    await waitFor(async () => (await status('web', 'demobase')) === 'working\n', { what: 'demo web working', timeoutMs: 5000 });
    await waitFor(async () => (await status('web', 'demobase')) === 'idle\n', { what: 'demo web idle again', timeoutMs: 20_000 });
  });
});
