/**
 * The deck headless against an in-memory engine: the lane actions (steer, dispatch, add, drop with
 * its typed-name guard), cycle, pause, ask answers, ADR acceptance, the full-screen views, live
 * data (pane tail, transcript stream, sparklines, highlights) and a terminal resize.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startDeck } from '../../deck/start.js';
import { waitFor } from '../helpers/wait-for.js';
import { FakeTTYInput, FakeTTYOutput, screenText } from './fake-tty.js';
import { fakeEngine } from './fake-engine.js';
import { lane, snapshot } from './fixtures.js';
import { offlineSnap, start, stopAll } from './headless-harness.js';

afterEach(() => stopAll());

describe('deck, headless: lane actions, screens and live data', () => {
  it('s steers the selected lane with the checkboxes; errors come back verbatim', async () => {
    const eng = fakeEngine(snapshot(), offlineSnap);
    const d = start(eng);
    await d.waitText('engine RUNNING');
    d.input.write('j');
    await d.waitText('pane: web');
    d.input.write('s');
    await d.waitText('steer lane web');
    d.input.write('\r');
    await d.waitText('payload is empty');
    d.input.write('look at T0002\t ');
    await d.waitText('[x] interrupt (Escape first)');
    d.input.write('\r');
    await d.waitToast('steered web');
    expect(eng.calls).toContainEqual({ method: 'lane.steer', params: { lane: 'web', payload: 'look at T0002', interrupt: true, wait_ready: false } });
    eng.state.errors['lane.steer'] = 'lane web is at a bare shell (bash): text would run as shell commands; not delivered';
    d.input.write('sagain\r');
    await d.waitToast('lane web is at a bare shell (bash)');
    // the refused form comes back with what was typed, so nothing has to be retyped
    await d.waitText('not done: lane web is at a bare shell');
    expect(d.text()).toContain('again');
    d.input.write('\x1b');
    await d.waitToast('cancelled: nothing sent');
    expect(d.text()).not.toContain('not done:');
  });

  it('x on a base lane needs the typed name; n adds a lane; d dispatches', async () => {
    const eng = fakeEngine(snapshot(), offlineSnap);
    const d = start(eng);
    await d.waitText('engine RUNNING');
    d.input.write('x');
    await d.waitText("Drop BASE lane 'coord'? The substrate guard may refuse.");
    d.input.write('cord\r');
    await d.waitText("name mismatch: type 'coord' exactly");
    expect(eng.calls.map((c) => c.method)).not.toContain('lane.drop');
    d.input.write('\x7f\x7f\x7f\x7fcoord\r');
    await d.waitToast("lane 'coord' dropped");
    expect(eng.calls).toContainEqual({ method: 'lane.drop', params: { window: 'coord', confirm: 'coord' } });
    d.input.write('n');
    await d.waitText('add lane');
    d.input.write('\r');
    await d.waitText('window is required');
    d.input.write('w2\tdemo\t\t\tread the README\r');
    await d.waitToast("lane 'w2' added");
    expect(eng.calls).toContainEqual({ method: 'lane.add', params: { window: 'w2', harness: 'demo', brief: 'read the README', auto_approve: false } });
    d.input.write('dbuild it\r');
    await d.waitToast('dispatched to coord');
    expect(eng.calls).toContainEqual({ method: 'lane.dispatch', params: { lane: 'coord', payload: 'build it', mode: 'text', wait_ready: true } });
  });

  it('c, p and R send their requests; A accepts a linked ADR after a confirmation', async () => {
    const adrs = [{ id: '0002', status: 'Proposed', title: 'Use SQLite', path: '/tmp/p/docs/adr/0002-use-sqlite.md', verify_record: 'docs/verify/0002.md', rollback: 'revert the migration', canary_record: null, linked: true }];
    const eng = fakeEngine(snapshot({ adrs, asks: [{ id: 'd-1-0', lane: 'web', decision_id: 'd-1', created_at: '2026-11-21T10:00:00Z', reply_timeout_s: 600 }] }), offlineSnap);
    const d = start(eng);
    await d.waitText('1 ask waiting');
    d.input.write('c');
    await d.waitToast('cycle queued');
    d.input.write('p');
    await d.waitToast('engine paused');
    d.input.write('R');
    await d.waitText('answer ask d-1-0 (lane web)');
    d.input.write('use port 8080\r');
    await d.waitToast('answered d-1-0');
    expect(eng.calls).toContainEqual({ method: 'ask.answer', params: { ask_id: 'd-1-0', text: 'use port 8080' } });
    d.input.write('a');
    await d.waitText('Use SQLite');
    await d.waitText('verify_record: docs/verify/0002.md');
    d.input.write('A');
    await d.waitText('Accept ADR 0002? This is the human gate.');
    d.input.write('\r');
    await d.waitToast('ADR 0002 accepted');
    expect(eng.calls).toContainEqual({ method: 'adr.accept', params: { id: '0002' } });
    expect(eng.calls.map((c) => c.method)).toEqual(expect.arrayContaining(['cycle.now', 'engine.pause']));
  });

  it('enter opens the lane detail with its live tail; b streams the brain transcript; escape returns', async () => {
    const eng = fakeEngine(snapshot({ restarts: { coord: 2 } }), offlineSnap);
    const d = start(eng);
    await d.waitText('engine RUNNING');
    d.input.write('\r');
    await d.waitText('lane coord harness=demo model=- role=coord kind=standing (base) restarts=2');
    await d.waitText('agent$ working on T0001');
    eng.state.pane = 'agent$ now on T0002';
    await d.waitText('agent$ now on T0002', 'the tail to follow the pane');
    d.input.write('\x1b');
    await waitFor(() => !d.text().includes('restarts=2'), { what: 'the detail screen to close' });
    d.input.write('b');
    await d.waitText('(no one-shot transcripts yet)');
    eng.notify('transcript.chunk', { path: '/tmp/p/.loop/sessions/demo/engine/brain/20261121-100000.response.md', text: 'thinking about web…\n' });
    await d.waitText('thinking about web…');
    eng.notify('transcript.chunk', { path: '/tmp/p/.loop/sessions/demo/engine/brain/20261121-100000.response.md', text: '{"actions": []}\n' });
    await d.waitText('{"actions": []}');
    await d.waitText('brain/20261121-100000.response.md streamed=');
  });

  it('draws the sparklines from the history series and highlights a changed status', async () => {
    const history = { bucket_s: 900, until: '2026-11-21T10:00:00Z', cycle_ms: [0, 120, 80, 300], brain_usd: [0, 0.01, 0.02, 0], brain_calls: [0, 1, 2, 0] };
    const eng = fakeEngine(snapshot({ history }), offlineSnap);
    const d = start(eng, 120, 40);
    await d.waitText('cycle ms/1h last 300 max 300:');
    await d.waitText('brain $0.03/1h 3 calls:');
    await d.waitText('▁▃▂█');
    eng.state.snapshot = snapshot({ history, lanes: [lane('coord', 'errored'), lane('web', 'working'), lane('infra', 'awaiting-approval')] });
    eng.notify('lane.changed', { lane: 'coord', from: 'idle', to: 'errored', at: '2026-11-21T10:01:00Z' });
    await d.waitText(/coord\s+demo\s+coord\s+errored/);
  });

  it('re-lays out on a terminal resize', async () => {
    const eng = fakeEngine(snapshot(), offlineSnap);
    const input = new FakeTTYInput();
    const output = new FakeTTYOutput(120, 40);
    const r = startDeck({ root: '/tmp/p', session: 'demo', io: { input, output }, deps: eng.deps, pollMs: 50 });
    try {
      await waitFor(() => screenText(r.screen).includes('engine RUNNING'), { what: 'first frame' });
      output.columns = 90; output.rows = 30;
      output.emit('resize');
      await waitFor(() => { const t = screenText(r.screen).split('\n'); return t.length === 30 && (t[0]?.length ?? 0) <= 90 && t.join('\n').includes('fleet (3 lanes)') ? t : null; }, { what: 'a 90x30 layout', onTimeout: () => screenText(r.screen) });
    } finally { r.teardown(); }
  });
});
