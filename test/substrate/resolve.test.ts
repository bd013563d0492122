/**
 * Lane → pane resolution on a real tmux server (spec/substrate.md §0, §2): independent of
 * base-index/pane-base-index, numeric pane order (index 10 after 2), exact window names (the
 * reference's `web` → `webx` prefix quirk is fixed), through the library and the `loop` CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../helpers/cli.js';
import { startRig, expectExit, type Rig } from '../cli/_lib.js';
import { listPanes } from '../../substrate/tmux/panes.js';
import { resolveLane, fleet } from '../../substrate/lanes.js';

let rig: Rig;
beforeAll(() => {
  assertBuilt();
  rig = startRig();
  rig.t.run('set', '-g', 'base-index', '1', ';', 'set', '-g', 'pane-base-index', '1');
  // Session "ix": a validate window of 11 panes (indices 1..11) and ops of 2.
  rig.t.run('new-session', '-d', '-s', 'ix', '-n', 'coord', '-x', '200', '-y', '40');
  rig.t.run('new-window', '-d', '-t', '=ix:', '-n', 'validate');
  for (let i = 0; i < 10; i++) rig.t.run('split-window', '-d', '-h', '-t', '=ix:validate', ';', 'select-layout', '-t', '=ix:validate', 'even-horizontal');
  rig.t.run('new-window', '-d', '-t', '=ix:', '-n', 'ops');
  rig.t.run('split-window', '-d', '-v', '-t', '=ix:ops');
  // Session "px": only prefix look-alikes of fixed windows, plus a dynamic lane and its look-alike.
  rig.t.run('new-session', '-d', '-s', 'px', '-n', 'webx');
  rig.t.run('new-window', '-d', '-t', '=px:', '-n', 'coordinator');
  rig.t.run('new-window', '-d', '-t', '=px:', '-n', 'dyn1');
  rig.t.run('set-option', '-w', '-t', '=px:dyn1', '@loop_lane', '1');
});
afterAll(() => rig.cleanup());

const paneAt = (session: string, window: string, index: number): string =>
  rig.panes(session).find((x) => x.window === window && x.index === index)!.id;

describe('lane resolution (real tmux)', () => {
  it('pane-base-index 1 with 11 panes: validate-left/-right are panes 1 and 2 (numeric order), ops-bottom is pane 2', async () => {
    const panes = await listPanes(rig.t.tmux, 'ix');
    expect(panes.filter((p) => p.windowName === 'validate').map((p) => p.paneIndex)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(resolveLane(panes, 'validate-left')!.pane.paneId).toBe(paneAt('ix', 'validate', 1));
    expect(resolveLane(panes, 'validate-right')!.pane.paneId).toBe(paneAt('ix', 'validate', 2));
    expect(resolveLane(panes, 'ops-bottom')!.pane.paneId).toBe(paneAt('ix', 'ops', 2));
    expect(fleet(panes).map((l) => l.lane)).toEqual(['coord', 'validate-left', 'validate-right', 'ops-top', 'ops-bottom']);
  });

  it('the CLI agrees: --print-target and --json --all use the same panes', async () => {
    const t = expectExit(await rig.loop('lane-status', ['--print-target', 'ix', 'validate-right']), 0);
    expect(t.stdout).toBe(`${paneAt('ix', 'validate', 2)}\n`);
    const doc = JSON.parse(expectExit(await rig.loop('lane-status', ['--json', '--all', 'ix']), 0).stdout) as { lanes: Record<string, { target: string }> };
    expect(doc.lanes['validate-right']!.target).toBe(paneAt('ix', 'validate', 2));
    expect(doc.lanes['ops-top']!.target).toBe(paneAt('ix', 'ops', 1));
  });

  it('quirk §16.2 fixed: `web` does not resolve to `webx`, `coord` not to `coordinator`, `dyn` not to `dyn1`', async () => {
    const panes = await listPanes(rig.t.tmux, 'px');
    expect(resolveLane(panes, 'web')).toBeNull();
    expect(resolveLane(panes, 'coord')).toBeNull();
    expect(resolveLane(panes, 'dyn')).toBeNull();
    expect(resolveLane(panes, 'dyn1')).toMatchObject({ kind: 'dynamic' });
    expect(fleet(panes).map((l) => l.lane)).toEqual(['dyn1']);
    expect((await rig.loop('lane-status', ['px', 'web'])).code).toBe(3);
    expect((await rig.loop('lane-status', ['px', 'dyn'])).code).toBe(2);
    const d = await rig.loop('dispatch', ['--session', 'px', 'web', 'echo nope']);
    expect(d.code).toBe(1);
    expect(rig.capture(paneAt('px', 'webx', 1))).not.toContain('nope');
  });

  it('an untagged window is reachable by exact name (dispatch/status) but not listed by --all', async () => {
    expect(expectExit(await rig.loop('lane-status', ['px', 'coordinator']), 0).stdout).toMatch(/^(idle|unknown)\n$/);
    const doc = JSON.parse(expectExit(await rig.loop('lane-status', ['--json', '--all', 'px']), 0).stdout) as { lanes: Record<string, unknown> };
    expect(Object.keys(doc.lanes)).toEqual(['dyn1']);
  });
});
