/**
 * The whole deck rendered headless (fake TTY streams, deps.md §5.4) against an in-memory engine:
 * panels, keys, toasts and the requests the keys send.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolMismatchError } from '../../engine/protocol/client.js';
import { waitFor } from '../helpers/wait-for.js';
import { fakeEngine } from './fake-engine.js';
import { decision, lane, snapshot } from './fixtures.js';
import { offlineSnap, start, stopAll } from './headless-harness.js';

afterEach(() => stopAll());

describe('deck, headless', () => {
  it('shows every lane with its status, and the decision panel', async () => {
    // (also the layout snapshot a human can read: printed when DECK_SHOW=1)
    const eng = fakeEngine(snapshot({ decision: decision() }), offlineSnap);
    const d = start(eng);
    const t = await d.waitText('engine RUNNING');
    for (const name of ['coord', 'web', 'infra']) expect(t).toMatch(new RegExp(`│${name}\\s`));
    expect(t).toContain('awaiting-approval');
    expect(t).toContain('fleet (3 lanes)');
    expect(t).toContain('d-20261121-100000-1 [pending] mode=manual');
    expect(t).toContain('0 dispatch web safe awaiting-approval');
    expect(t).toContain('pending d-20261121-100000-1');
    expect(t).toContain('web -> coord  login done');
    expect(t).toContain('T0001  open');
    expect(t).toContain('L1');
    await d.waitText('agent$ working on T0001', 'the pane tail');
    if (process.env.DECK_SHOW) process.stdout.write(d.text() + '\n');
  });

  it('fits the eight lanes of a default session into an 80x24 terminal', async () => {
    const names = ['coord', 'web', 'infra', 'validate-left', 'validate-right', 'ops-top', 'ops-bottom', 'docs'];
    const d = start(fakeEngine(snapshot({ lanes: names.map((n) => lane(n)) }), offlineSnap), 80, 24);
    const t = await d.waitText('fleet (8 lanes)');
    for (const n of names) expect(t).toMatch(new RegExp(`│${n}\\s`));
  });

  it('never claims a table row is shown when an 80x24 terminal leaves the panel only its header', async () => {
    const tasks = ['T0001', 'T0002', 'T0003'].map((id) => ({ id, title: `task ${id}`, status: 'open' }));
    const d = start(fakeEngine(snapshot({ decision: decision(), tasks }), offlineSnap), 80, 24);
    const t = await d.waitText('tasks (3)');
    if (process.env.DECK_SHOW) process.stdout.write(t + '\n');
    const m = /tasks \(3\) (\d+)-(\d+)\/3/.exec(t);
    if (m) for (let i = Number(m[1]); i <= Number(m[2]); i++) expect(t).toContain(`T000${i}`);
    else if (!t.includes('0 of 3 shown')) for (const x of tasks) expect(t).toContain(x.id);
  });

  it('opens and closes the help screen generated from the key map', async () => {
    const d = start(fakeEngine(snapshot(), offlineSnap));
    await d.waitText('engine RUNNING');
    d.input.write('?');
    const t = await d.waitText('help — escape, q or ? to close');
    expect(t).toContain('Main screen');
    expect(t).toContain('Quit the deck');
    expect(t).toContain('Approve the pending decision');
    d.input.write('\x1b');
    await waitFor(() => !d.text().includes('help — escape'), { what: 'help to close' });
  });

  it('scrolls the help with j/k when it is longer than an 80x24 terminal', async () => {
    const d = start(fakeEngine(snapshot(), offlineSnap), 80, 24);
    await d.waitText('engine RUNNING');
    d.input.write('?');
    const t = await d.waitText('help — escape, q or ? to close');
    expect(t).not.toContain('Erase the last character');
    for (let i = 0; i < 120; i++) d.input.write('j');
    await d.waitText('Erase the last character', 'the end of the help after scrolling');
    for (let i = 0; i < 120; i++) d.input.write('k');
    await d.waitText('Main screen', 'the top of the help after scrolling back');
  });

  it('shows the OFF banner and reads offline while no engine runs', async () => {
    const eng = fakeEngine(snapshot(), offlineSnap, false);
    const d = start(eng);
    const t = await d.waitText('ENGINE OFF — read-only dashboard (no approvals)');
    expect(t).toContain('engine OFF');
    expect(t).toContain('(offline)');
    expect(t).toContain('web');
    await d.waitText('offline$ idle', 'the offline pane capture');
  });

  it('y without a pending decision toasts and sends nothing', async () => {
    const eng = fakeEngine(snapshot(), offlineSnap);
    const d = start(eng);
    await d.waitText('engine RUNNING');
    d.input.write('y');
    expect(await d.waitToast('no pending decision')).toBe('no pending decision');
    expect(eng.calls.map((c) => c.method)).not.toContain('decision.approve');
  });

  it('y with the engine off toasts why and sends nothing', async () => {
    const eng = fakeEngine(snapshot({ decision: decision() }), offlineSnap, false);
    const d = start(eng);
    await d.waitText('ENGINE OFF');
    d.input.write('y');
    await d.waitToast('engine is off: read-only dashboard');
    expect(eng.calls).toEqual([]);
  });

  it('y approves the pending decision and toasts the outcome', async () => {
    const eng = fakeEngine(snapshot({ decision: decision() }), offlineSnap);
    const d = start(eng);
    await d.waitText('pending d-20261121-100000-1');
    d.input.write('y');
    await d.waitToast('approved d-20261121-100000-1: 1 of 1 action executed');
    expect(eng.calls).toContainEqual({ method: 'decision.approve', params: { id: 'd-20261121-100000-1' } });
    await d.waitText('[approved]');
  });

  it('shows an engine error verbatim', async () => {
    const eng = fakeEngine(snapshot({ decision: decision() }), offlineSnap);
    eng.state.approveError = 'decision d-20261121-100000-1 is not pending (status approved)';
    const d = start(eng);
    await d.waitText('pending d-20261121-100000-1');
    d.input.write('y');
    await d.waitToast('decision d-20261121-100000-1 is not pending (status approved)');
  });

  it('N asks for a reason; Enter sends it, Escape cancels', async () => {
    const eng = fakeEngine(snapshot({ decision: decision() }), offlineSnap);
    const d = start(eng);
    await d.waitText('pending d-20261121-100000-1');
    d.input.write('N');
    await d.waitText('reject decision d-20261121-100000-1');
    d.input.write('\x1b');
    await d.waitToast('cancelled: nothing sent');
    d.input.write('N');
    await d.waitText('reason: █');
    d.input.write('not now q');
    await d.waitText('reason: not now q█');
    d.input.write('\r');
    await d.waitToast('rejected d-20261121-100000-1');
    expect(eng.calls).toContainEqual({ method: 'decision.reject', params: { id: 'd-20261121-100000-1', reason: 'not now q' } });
    expect(eng.calls.filter((c) => c.method === 'decision.reject')).toHaveLength(1);
  });

  it('moves the cursor with j/k and follows lane.changed notifications', async () => {
    const eng = fakeEngine(snapshot(), offlineSnap);
    const d = start(eng);
    let renders = 0;
    const render = d.run.screen.render.bind(d.run.screen);
    d.run.screen.render = () => { renders++; render(); };
    const framesBefore = d.run.frames();
    await d.waitText('pane: coord');
    d.input.write('j');
    await d.waitText('pane: web (working');
    eng.state.snapshot = snapshot({ lanes: [lane('coord'), lane('web', 'errored'), lane('infra', 'awaiting-approval')] });
    eng.notify('lane.changed', { lane: 'web', from: 'working', to: 'errored', at: '2026-11-21T10:01:00Z' });
    await d.waitText('pane: web (errored');
    d.input.write('k');
    await d.waitText('pane: coord');
    for (const k of ['\t', 'j', 'j', 'k', '\t', '\t', 'j']) d.input.write(k);
    await waitFor(() => d.text().includes('focus: mailbox'));
    // every screen render went through the app's one scheduler
    expect(renders).toBe(d.run.frames() - framesBefore);
  });

  it('goes offline when the engine stops and reconnects by itself', async () => {
    const eng = fakeEngine(snapshot(), offlineSnap);
    const d = start(eng);
    await d.waitText('engine RUNNING');
    eng.crash();
    await d.waitText('ENGINE OFF');
    eng.state.up = true;
    await d.waitText('engine RUNNING', 'the deck to reconnect');
  });

  it('shows a protocol mismatch plainly and stays read-only', async () => {
    const eng = fakeEngine(snapshot(), offlineSnap);
    eng.state.connectError = new ProtocolMismatchError(2, 1);
    const d = start(eng);
    const t = await d.waitText('protocol mismatch: engine speaks protocol 2');
    expect(t).toContain('ENGINE OFF');
  });

  it('q quits with code 0', async () => {
    const d = start(fakeEngine(snapshot(), offlineSnap));
    await d.waitText('engine RUNNING');
    d.input.write('q');
    await expect(d.run.done).resolves.toBe(0);
  });
});

