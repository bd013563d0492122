/**
 * The whole deck rendered headless (fake TTY streams, deps.md §5.4) against an in-memory engine:
 * panels, keys, toasts and the requests the keys send.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startDeck, type DeckRun } from '../../deck/start.js';
import { ProtocolMismatchError } from '../../engine/protocol/client.js';
import { waitFor } from '../helpers/wait-for.js';
import { FakeTTYInput, FakeTTYOutput, screenText } from './fake-tty.js';
import { fakeEngine, type FakeEngine } from './fake-engine.js';
import { decision, lane, snapshot } from './fixtures.js';

let run: DeckRun | null = null;
afterEach(() => { run?.teardown(); run = null; });

interface Deck { run: DeckRun; input: FakeTTYInput; text: () => string; waitText: (s: string | RegExp, what?: string) => Promise<string>; waitToast: (s: string) => Promise<string> }

function start(engine: FakeEngine, cols = 120, rows = 40): Deck {
  const input = new FakeTTYInput();
  const output = new FakeTTYOutput(cols, rows);
  const r = startDeck({ root: '/tmp/p', session: 'demo', io: { input, output }, deps: engine.deps, pollMs: 50 });
  run = r;
  const text = (): string => screenText(r.screen);
  const waitText = (s: string | RegExp, what?: string): Promise<string> => waitFor(() => {
    const t = text();
    return (typeof s === 'string' ? t.includes(s) : s.test(t)) ? t : null;
  }, { timeoutMs: 5000, what: what ?? `screen to show ${String(s)}`, onTimeout: text });
  /** The toast line sits just above the footer. */
  const waitToast = (s: string): Promise<string> => waitFor(() => {
    const line = text().split('\n')[rows - 2]?.trim() ?? '';
    return line.includes(s) ? line : null;
  }, { timeoutMs: 5000, what: `a toast saying ${s}`, onTimeout: text });
  return { run: r, input, text, waitText, waitToast };
}

const offlineSnap = snapshot({ source: 'offline', engine: { ...snapshot().engine, state: 'off', approval_mode: null, brain: null, last_cycle: null, brain_calls_hour: 0 }, events: [] });

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
    run = r;
    await waitFor(() => screenText(r.screen).includes('engine RUNNING'), { what: 'first frame' });
    output.columns = 90; output.rows = 30;
    output.emit('resize');
    await waitFor(() => { const t = screenText(r.screen).split('\n'); return t.length === 30 && (t[0]?.length ?? 0) <= 90 && t.join('\n').includes('fleet (3 lanes)') ? t : null; }, { what: 'a 90x30 layout', onTimeout: () => screenText(r.screen) });
  });
});
