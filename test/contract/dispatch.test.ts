/**
 * Contract: `loop dispatch` (CONTRACT.md; spec/substrate.md §5) against a live private tmux session — flags, the
 * `Dispatched to %N` line, the `--json` record, `--verify` header, and exit codes 0 delivered / 1 not delivered
 * (unknown lane, missing session, bad target, unknown mode, empty payload) / 2 usage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { startRig, expectExit, waitAgentReady, type Rig } from '../cli/_lib.js';
import { expectFlags, expectOneLineError, expectShape } from './_lanes-rig.js';

let rig: Rig;
let p: TestProject;
const S = 'cdp';
let rec = '';
beforeAll(async () => {
  assertBuilt();
  rig = startRig();
  p = makeProject();
  expectExit(await rig.loop('up', ['--session', S, '--no-attach'], { cwd: p.root }), 0);
  expectExit(await rig.loop('add-lane', ['--session', S, '--window', 'rec', '--cmd', 'fake-agent'], { cwd: p.root }), 0);
  rec = rig.panes(S).find((x) => x.window === 'rec')!.id;
  await waitAgentReady(rig, 'rec', rec);
});
afterAll(() => { rig.cleanup(); p.cleanup(); });

const dispatch = (args: string[]) => rig.loop('dispatch', ['--session', S, ...args]);

describe('contract: loop dispatch', () => {
  it('--help lists every flag', async () => {
    expectFlags(await rig.loop('dispatch', ['--help']), ['--session', '--window', '--mode', '--no-enter', '--wait-ready', '--ready-timeout', '--interrupt', '--no-clear', '--verify', '--json']);
  });

  it('prints `Dispatched to %N` and exits 0 when delivered; --json is the delivery record', async () => {
    expect(expectExit(await dispatch(['rec', 'one']), 0).stdout).toBe(`Dispatched to ${rec}\n`);
    const doc = JSON.parse(expectExit(await dispatch(['rec', 'two', '--json']), 0).stdout) as Record<string, unknown>;
    expectShape(doc, ['contract_version', 'session', 'lane', 'target', 'mode', 'delivered', 'confirmed', 'cleared', 'elapsed_ms'], true);
    expect(doc).toMatchObject({ session: S, lane: 'rec', target: rec, mode: 'text', delivered: true, cleared: false });
    expect(typeof doc.confirmed).toBe('boolean');
    expect(Number.isInteger(doc.elapsed_ms)).toBe(true);
  });

  it('--verify adds the `--- pane tail after dispatch ---` header and ≤ 5 lines; --window takes a raw target', async () => {
    const v = expectExit(await dispatch(['rec', 'three', '--verify']), 0).stdout.split('\n').filter(Boolean);
    expect(v.slice(0, 2)).toEqual([`Dispatched to ${rec}`, '--- pane tail after dispatch ---']);
    expect(v.length).toBeLessThanOrEqual(7);
    expect(expectExit(await rig.loop('dispatch', ['--window', rec, 'four']), 0).stdout).toBe(`Dispatched to ${rec}\n`);
  });

  it('exit 1 when not delivered, with one-line errors; 2 for usage', async () => {
    expectOneLineError(await dispatch(['nope', 'x']), 1, /^error: Unknown lane or window: nope/);
    expectOneLineError(await rig.loop('dispatch', ['--session', 'ghost', 'web', 'x']), 1, /session 'ghost' does not exist/);
    expectOneLineError(await rig.loop('dispatch', ['--window', '%9999', 'x']), 1, /^error: Unable to resolve tmux target: %9999/);
    expectOneLineError(await dispatch(['--mode', 'bogus', 'rec', 'x']), 1, /^error: Unknown mode: bogus/);
    expectOneLineError(await rig.loop('dispatch', ['rec', 'x']), 1, /--session <name> is required/);
    expect((await dispatch(['rec'])).code).toBe(2);
    expect((await dispatch(['--bogus', 'rec', 'x'])).code).toBe(2);
  });
});
