/**
 * The batched fleet sweep against a real tmux server (DESIGN.md §7, spec/substrate.md §6.1): one
 * `list-panes` plus ONE capture invocation for the whole fleet, whatever its size; a pane that
 * vanishes never aborts the sweep; statuses come from the same classifier as `loop lane-status`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTmux, type TestTmux } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait-for.js';
import { plainPrompt } from '../cli/_lib.js';
import { Tmux } from '../../substrate/tmux/server.js';
import type { ProcResult } from '../../substrate/proc/run.js';
import { capturePanes, observeFleet, observeLane } from '../../substrate/observe.js';
import { listPanes } from '../../substrate/tmux/panes.js';

/** A Tmux handle that records every tmux process it starts. */
class CountingTmux extends Tmux {
  calls: string[][] = [];
  override async run(args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<ProcResult> {
    this.calls.push(args);
    return super.run(args, opts);
  }
}

let t: TestTmux;
let tmux: CountingTmux;
const S = 'obs';
const DYN = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'];
beforeAll(async () => {
  t = startTmux();
  plainPrompt(t);
  tmux = new CountingTmux({ socketName: t.name });
  t.run('new-session', '-d', '-s', S, '-n', 'coord', '-x', '160', '-y', '40');
  for (const w of ['web', 'infra', 'validate', 'ops', 'docs']) t.run('new-window', '-d', '-t', `=${S}:`, '-n', w);
  t.run('split-window', '-d', '-h', '-t', `=${S}:validate`);
  t.run('split-window', '-d', '-v', '-t', `=${S}:ops`);
  for (const w of DYN) {
    t.run('new-window', '-d', '-t', `=${S}:`, '-n', w);
    t.run('set-option', '-w', '-t', `=${S}:${w}`, '@loop_lane', '1');
  }
  // Every pane has drawn its `$ ` prompt before the sweeps below.
  await waitFor(async () => (await observeFleet(tmux, S)).lanes.every((l) => l.status === 'idle'), { what: 'all lanes idle', timeoutMs: 15_000 });
});
afterAll(() => t.kill());

describe('observeFleet (real tmux)', () => {
  it('observes 14 lanes in exactly two tmux invocations: list-panes, then one chained capture', async () => {
    tmux.calls = [];
    const fleet = await observeFleet(tmux, S);
    expect(tmux.calls).toHaveLength(2);
    expect(tmux.calls[0]![0]).toBe('list-panes');
    expect(tmux.calls[1]!.filter((a) => a === 'capture-pane')).toHaveLength(14);
    expect(fleet.lanes.map((l) => l.lane)).toEqual(['coord', 'web', 'infra', 'validate-left', 'validate-right', 'ops-top', 'ops-bottom', 'docs', ...DYN]);
    for (const l of fleet.lanes) {
      expect(l.status, l.lane).toBe('idle');
      expect(l.target).toMatch(/^%\d+$/);
      expect(l.tail.split('\n').at(-1)).toMatch(/^\$\s*$/);
    }
    expect(fleet.lanes.filter((l) => l.kind === 'dynamic').map((l) => [l.base, l.laneKind])).toEqual(DYN.map(() => [false, 'worker']));
    expect(fleet.lanes.filter((l) => l.kind === 'fixed').every((l) => l.base && l.laneKind === 'standing')).toBe(true);
  });

  it('each pane gets its own screen: output typed into one lane shows in that lane only', async () => {
    const panes = await listPanes(tmux, S);
    const d3 = panes.find((p) => p.windowName === 'd3')!.paneId;
    t.run('send-keys', '-t', d3, '-l', 'echo marker-$((6*7))');
    t.run('send-keys', '-t', d3, 'Enter');
    await waitFor(async () => (await observeLane(tmux, S, 'd3'))?.tail.includes('marker-42'), { what: 'marker in d3' });
    const fleet = await observeFleet(tmux, S);
    expect(fleet.lanes.filter((l) => l.tail.includes('marker-42')).map((l) => l.lane)).toEqual(['d3']);
  });

  it('capturePanes: a vanished pane in the middle maps to null and never costs the others', async () => {
    const panes = await listPanes(tmux, S);
    const ids = panes.slice(0, 3).map((p) => p.paneId);
    const shots = await capturePanes(tmux, [ids[0]!, '%99999', ids[1]!, ids[2]!]);
    expect([...shots.keys()]).toEqual([ids[0], '%99999', ids[1], ids[2]]);
    expect(shots.get('%99999')).toBeNull();
    for (const id of ids) expect(shots.get(id)).toMatch(/\$/);
  });

  it('a window killed after list-panes reads unknown, the sweep still completes', async () => {
    t.run('new-window', '-d', '-t', `=${S}:`, '-n', 'doomed');
    t.run('set-option', '-w', '-t', `=${S}:doomed`, '@loop_lane', '1');
    const panes = await listPanes(tmux, S);
    const doomed = panes.find((p) => p.windowName === 'doomed')!;
    t.run('kill-window', '-t', doomed.windowId);
    const shots = await capturePanes(tmux, panes.map((p) => p.paneId));
    expect(shots.get(doomed.paneId)).toBeNull();
    expect([...shots.values()].filter((v) => v === null)).toHaveLength(1);
    expect(await observeLane(tmux, S, 'doomed')).toBeNull();
  });

  it('a missing session is a typed no-session error (exit 1; lane-status maps it to 3), not a crash', async () => {
    await expect(observeFleet(tmux, 'no-such-session')).rejects.toMatchObject({ code: 'no-session', exitCode: 1 });
  });
});
