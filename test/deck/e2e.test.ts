/**
 * The deck end to end in a real terminal (a tmux pane, read back with capture-pane) against a real
 * engine: the fleet shows every lane of the session, `y` approves the pending decision over the
 * socket, and the deck falls back to the read-only dashboard when the engine stops.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { makeBed, type Bed } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';
import { assertBuilt, BIN } from '../helpers/cli.js';

describe('deck in tmux against a real engine', () => {
  let bed: Bed;
  const screen = (): string => bed.tmux.run('capture-pane', '-p', '-t', '=view:');
  beforeAll(async () => {
    assertBuilt();
    bed = await makeBed({ tasks: [{ id: 'T0001', title: 'Deck approves me' }] });
    expect((await bed.engine(['start'])).code).toBe(0);
    const cmd = `NCURSES_NO_UTF8_ACS=1 '${process.execPath}' '${BIN.deck}' --project-root '${bed.root}' --session bed -L ${bed.tmux.name}`;
    bed.tmux.run('new-session', '-d', '-s', 'view', '-x', '160', '-y', '45', cmd);
  });
  afterAll(async () => { await bed?.cleanup(); });

  it('shows every lane of the session and the pending decision', async () => {
    const d = await waitFor(async () => { const x = (await bed.status()).decision; return x?.status === 'pending' ? x : null; }, { timeoutMs: 15_000, what: 'a pending decision' });
    const s = await waitFor(() => { const t = screen(); return t.includes(d.id) && t.includes('RUNNING') ? t : null; }, { timeoutMs: 15_000, what: 'the deck to show the decision', onTimeout: screen });
    for (const lane of ['coord', 'web', 'infra', 'validate-left', 'validate-right', 'ops-top', 'ops-bottom', 'docs']) expect(s).toContain(lane);
  });

  it('y approves the pending decision through the engine', async () => {
    const d = (await bed.status()).decision!;
    bed.tmux.run('send-keys', '-t', '=view:', 'y');
    const done = await waitFor(async () => { const x = await bed.engine(['events', '--json', '--type', 'decision-approved']); return x.stdout.includes(d.id) ? x.stdout : null; }, { timeoutMs: 15_000, what: 'decision-approved', onTimeout: screen });
    expect(done).toContain('"decided_by"');
    await waitFor(() => bed.taskStatus('T0001') !== 'open', { timeoutMs: 10_000, what: 'T0001 dispatched and in progress' });
    const ev = await bed.engine(['events', '--json', '--type', 'action']);
    expect(ev.stdout).toContain(`"decision":"${d.id}"`);
  });

  it('says plainly that the engine is off when it stops, and reconnects when it comes back', async () => {
    expect((await bed.engine(['stop'])).code).toBe(0);
    await waitFor(() => /OFF/.test(screen()) && /read-only/i.test(screen()), { timeoutMs: 15_000, what: 'the OFF banner', onTimeout: screen });
    expect((await bed.engine(['start'])).code).toBe(0);
    await waitFor(() => screen().includes('RUNNING'), { timeoutMs: 15_000, what: 'RUNNING again', onTimeout: screen });
  });
});
