/**
 * Contract: `loop lane-status` (CONTRACT.md; spec/substrate.md §6.1) against a live private tmux session — the five
 * words, `--print-target`, `--json` for one lane and `--json --all` shapes, `--classify-stdin`, and exit codes
 * 0 (any word) / 2 (usage, unknown dynamic lane) / 3 (missing session, unresolvable fixed lane).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { startRig, expectExit, type Rig } from '../cli/_lib.js';
import { waitFor } from '../helpers/wait-for.js';
import { expectFlags, expectOneLineError, expectShape, STATUS_WORDS, TS } from './_lanes-rig.js';

let rig: Rig;
let p: TestProject;
const S = 'cls';
beforeAll(async () => {
  assertBuilt();
  rig = startRig();
  p = makeProject();
  expectExit(await rig.loop('up', ['--session', S, '--no-attach'], { cwd: p.root }), 0);
  expectExit(await rig.loop('add-lane', ['--session', S, '--window', 'helper', '--harness', 'claude'], { cwd: p.root }), 0);
  rig.t.run('new-session', '-d', '-s', 'half', '-n', 'validate'); // validate with one pane: validate-right unresolvable
  // Spec §16.1 and §16.5, decided deliberately: a 70-row pane whose prompt sits at the top, and a plain
  // `user@host:~$` prompt.
  rig.t.run('new-session', '-d', '-s', 'tall', '-x', '120', '-y', '70', '-n', 'web');
  rig.t.run('new-window', '-d', '-t', 'tall:', '-n', 'plain', "exec env PS1='dev@box:~$ ' bash --norc --noprofile");
});
afterAll(() => { rig.cleanup(); p.cleanup(); });

describe('contract: loop lane-status', () => {
  it('--help lists every flag', async () => {
    expectFlags(await rig.loop('lane-status', ['--help']), ['--json', '--all', '--print-target', '--classify-stdin', '-L, --socket-name', '-S, --socket-path']);
  });

  it('SESSION LANE prints exactly one of the five words and exits 0', async () => {
    for (const lane of ['coord', 'web', 'validate-right', 'helper']) {
      const r = expectExit(await rig.loop('lane-status', [S, lane]), 0);
      expect(r.stdout).toMatch(/^[a-z-]+\n$/);
      expect(STATUS_WORDS).toContain(r.stdout.trim());
    }
  });

  it('--json SESSION LANE and --json --all SESSION: {contract_version, session, generated_at, lanes: {lane: {status, target, kind}}}', async () => {
    const one = JSON.parse(expectExit(await rig.loop('lane-status', ['--json', S, 'helper']), 0).stdout) as Record<string, unknown>;
    expectShape(one, ['contract_version', 'session', 'generated_at', 'lanes'], true);
    expect(one.session).toBe(S);
    expect(one.generated_at).toMatch(TS);
    expect(Object.keys(one.lanes as object)).toEqual(['helper']);
    const all = JSON.parse(expectExit(await rig.loop('lane-status', ['--json', '--all', S]), 0).stdout) as { lanes: Record<string, Record<string, string>> };
    expectShape(all, ['contract_version', 'session', 'generated_at', 'lanes'], true);
    expect(Object.keys(all.lanes)).toEqual(['coord', 'web', 'infra', 'validate-left', 'validate-right', 'ops-top', 'ops-bottom', 'docs', 'helper']);
    for (const [lane, v] of Object.entries(all.lanes)) {
      expectShape(v, ['status', 'target', 'kind']);
      expect(STATUS_WORDS).toContain(v.status);
      expect(v.target).toMatch(/^%\d+$/);
      expect(v.kind).toBe(lane === 'helper' ? 'dynamic' : 'fixed');
    }
  });

  it('§16.1: a fresh 70-row pane reads by its content (`$` → idle); §16.5 kept: a plain `user@host:~$` prompt is unknown', async () => {
    await waitFor(async () => (await rig.loop('lane-status', ['tall', 'web'])).stdout === 'idle\n', { what: 'tall pane idle', timeoutMs: 15_000 });
    expect(Number(rig.t.run('display-message', '-p', '-t', 'tall:web', '#{pane_height}'))).toBeGreaterThan(60);
    await waitFor(() => rig.capture('tall:plain').includes('dev@box:~$'), { what: 'plain prompt drawn', timeoutMs: 15_000 });
    expect(expectExit(await rig.loop('lane-status', ['tall', 'plain']), 0).stdout).toBe('unknown\n');
  });

  it('--print-target prints the pane id (a departure: opaque %N, also for fixed lanes)', async () => {
    expect(expectExit(await rig.loop('lane-status', ['--print-target', S, 'web']), 0).stdout).toMatch(/^%\d+\n$/);
  });

  it('--classify-stdin [HARNESS] classifies stdin without tmux', async () => {
    expect((await rig.loop('lane-status', ['--classify-stdin', 'claude'], { input: '│ > │\n  ⏵⏵ accept edits on\n' })).stdout).toBe('idle\n');
    expect((await rig.loop('lane-status', ['--classify-stdin'], { input: 'Do you want to proceed?\n❯ 1. Yes\n' })).stdout).toBe('awaiting-approval\n');
  });

  it('exit codes: 2 unknown dynamic lane / usage; 3 missing session / unresolvable fixed lane — one-line errors', async () => {
    expectOneLineError(await rig.loop('lane-status', [S, 'nope']), 2, /^error: Unknown lane: nope$/);
    expect((await rig.loop('lane-status', ['--all', S])).code).toBe(2);
    expect((await rig.loop('lane-status', ['--print-target', '--json', S, 'web'])).code).toBe(2);
    expect((await rig.loop('lane-status', [S])).code).toBe(2);
    expect((await rig.loop('lane-status', ['--bogus', S, 'web'])).code).toBe(2);
    expectOneLineError(await rig.loop('lane-status', ['ghost', 'web']), 3, /session 'ghost' does not exist/);
    expectOneLineError(await rig.loop('lane-status', ['--json', '--all', 'ghost']), 3, /session 'ghost' does not exist/);
    expectOneLineError(await rig.loop('lane-status', ['half', 'validate-right']), 3, /^error: Unable to resolve tmux target for lane 'validate-right' in session 'half'$/);
  });
});
