/**
 * The deck end to end in a real terminal (a tmux pane, read back with capture-pane) against a real
 * engine: the fleet shows every lane, `N` rejects with a reason, `c` asks for a cycle and `y`
 * approves the next decision, `s` steers a lane, `n` adds and `x` drops a lane (a base lane only
 * with its typed name, and then the substrate refuses), the terminal is resized, and the deck
 * falls back to the read-only dashboard when the engine stops and reconnects when it returns.
 * Strict non-writer: every file that changed under the project during the session is one the
 * engine wrote (its own session dir, or a task its events say it moved); the deck wrote nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { makeBed, type Bed } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';
import { assertBuilt, BIN } from '../helpers/cli.js';

/** path → sha256 of every file under `root` (outside .git). */
function hashTree(root: string, dir = root, out = new Map<string, string>()): Map<string, string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== '.git') hashTree(root, p, out); } else if (e.isFile()) out.set(p.slice(root.length + 1), createHash('sha256').update(readFileSync(p)).digest('hex'));
  }
  return out;
}

describe('deck in tmux against a real engine', () => {
  let bed: Bed;
  let before: Map<string, string>;
  const screen = (): string => bed.tmux.run('capture-pane', '-p', '-t', '=view:');
  const keys = (...k: string[]): void => { bed.tmux.run('send-keys', '-t', '=view:', ...k); };
  const typed = (text: string): void => { bed.tmux.run('send-keys', '-t', '=view:', '-l', text); };
  const see = (s: string | RegExp, what: string, timeoutMs = 20_000): Promise<string> => waitFor(() => { const t = screen(); return (typeof s === 'string' ? t.includes(s) : s.test(t)) ? t : null; }, { timeoutMs, what, onTimeout: screen });
  const events = async (type: string): Promise<Array<Record<string, unknown>>> => (await bed.engine(['events', '--json', '--type', type])).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const pending = (not?: string): Promise<{ id: string }> => waitFor(async () => { const x = (await bed.status()).decision; return x?.status === 'pending' && x.id !== not ? x : null; }, { timeoutMs: 20_000, what: 'a pending decision' });

  beforeAll(async () => {
    assertBuilt();
    bed = await makeBed({ tasks: [{ id: 'T0001', title: 'Deck approves me' }] });
    expect((await bed.engine(['start'])).code).toBe(0);
    before = hashTree(bed.root);
    const cmd = `NCURSES_NO_UTF8_ACS=1 '${process.execPath}' '${BIN.deck}' --project-root '${bed.root}' --session bed -L ${bed.tmux.name}`;
    bed.tmux.run('new-session', '-d', '-s', 'view', '-x', '160', '-y', '45', `${cmd}; echo DECK EXITED $?; sleep 600`);
  });
  afterAll(async () => { await bed?.cleanup(); });

  it('shows every lane of the session and the pending decision', async () => {
    const d = await pending();
    const s = await see(new RegExp(`${d.id}[\\s\\S]*RUNNING|RUNNING[\\s\\S]*${d.id}`), 'the deck to show the decision');
    for (const lane of ['coord', 'web', 'infra', 'validate-left', 'validate-right', 'ops-top', 'ops-bottom', 'docs']) expect(s).toContain(lane);
  });

  it('N rejects the pending decision with a typed reason', async () => {
    const d = await pending();
    keys('N');
    await see(`reject decision ${d.id}`, 'the reject form');
    typed('not this one');
    keys('Enter');
    const rej = await waitFor(async () => (await events('decision-rejected')).find((e) => e.decision === d.id || e.id === d.id) ?? null, { timeoutMs: 20_000, what: 'decision-rejected', onTimeout: screen });
    expect(JSON.stringify(rej)).toContain('not this one');
    await see(`rejected ${d.id}`, 'the reject toast');
  });

  it('c asks for a cycle, and y approves the new decision through the engine', async () => {
    const first = (await events('decision-rejected')).at(-1);
    const old = String(first?.decision ?? first?.id ?? '');
    keys('c');
    const d = await pending(old);
    await see(d.id, 'the new decision on screen');
    keys('y');
    await waitFor(async () => (await events('decision-approved')).some((e) => JSON.stringify(e).includes(d.id)), { timeoutMs: 20_000, what: 'decision-approved', onTimeout: screen });
    await waitFor(() => bed.taskStatus('T0001') !== 'open', { timeoutMs: 20_000, what: 'T0001 dispatched and in progress' });
  });

  it('s steers the selected lane; g jumps to it in tmux (through the engine)', async () => {
    keys('k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'j');
    await see(/pane: web/, 'web selected');
    keys('s');
    await see('steer lane web', 'the steer form');
    typed('deck steer hello');
    keys('Enter');
    await see('steered web', 'the steer toast', 30_000);
    expect((await events('lane-steer')).at(-1)).toMatchObject({ lane: 'web', bytes: 'deck steer hello'.length });
    keys('g');
    await see(/jumped to web \(%\d+\)/, 'the jump toast');
    expect(bed.tmux.run('list-windows', '-t', '=bed', '-F', '#{window_active} #{window_name}')).toContain('1 web');
  });

  it('n adds a lane; x drops it; a base lane needs its typed name and the substrate still refuses', async () => {
    keys('n');
    await see('add lane', 'the add-lane form');
    typed('extra'); keys('Tab'); typed('demo'); keys('Enter');
    await see("lane 'extra' added", 'the add toast', 30_000);
    await see(/│extra\s/, 'the new lane in the fleet');
    keys('j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j');
    await see(/pane: extra/, 'extra selected');
    keys('x');
    await see("Drop lane 'extra'?", 'the plain drop confirmation');
    keys('Enter');
    await see("lane 'extra' dropped", 'the drop toast');
    expect(bed.tmux.run('list-windows', '-t', '=bed', '-F', '#{window_name}')).not.toContain('extra');
    keys('k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'j');
    await see(/pane: web/, 'web selected again');
    keys('x');
    await see("Drop BASE lane 'web'? The substrate guard may refuse.", 'the base-lane confirmation');
    typed('wbe'); keys('Enter');
    await see("name mismatch: type 'web' exactly", 'the mismatch message');
    keys('BSpace', 'BSpace', 'BSpace'); typed('web'); keys('Enter');
    await see("window 'web' was not created by add-lane; refusing", 'the refusal verbatim');
    expect(bed.tmux.run('list-windows', '-t', '=bed', '-F', '#{window_name}')).toContain('web');
  });

  it('re-lays out when the terminal is resized', async () => {
    bed.tmux.run('resize-window', '-t', '=view', '-x', '100', '-y', '30');
    const s = await waitFor(() => { const t = screen(); const lines = t.split('\n'); return lines.length <= 31 && /fleet \(\d+ lanes\)/.test(t) && lines.every((l) => l.length <= 100) && t.includes('└') ? t : null; }, { timeoutMs: 15_000, what: 'a 100x30 layout', onTimeout: screen });
    expect(s).toContain('coord');
    bed.tmux.run('resize-window', '-t', '=view', '-x', '160', '-y', '45');
  });

  it('says plainly that the engine is off when it stops, and reconnects when it comes back', async () => {
    expect((await bed.engine(['stop'])).code).toBe(0);
    await see(/ENGINE OFF.*read-only/, 'the OFF banner');
    keys('y');
    await see('engine is off', 'approve refused while off');
    expect((await bed.engine(['start'])).code).toBe(0);
    await see('RUNNING', 'RUNNING again');
  });

  it('wrote nothing itself: every changed file is the engine\'s', async () => {
    const after = hashTree(bed.root);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p)).sort();
    const moved = new Set((await events('task-status')).map((e) => String(e.task)));
    // The engine files every resolved decision below the marker of ops-wiki/checkpoint.md (and rotates old ones to the archive).
    const resolved = [...await events('decision-approved'), ...await events('decision-rejected')].map((e) => String(e.decision ?? e.id));
    const wiki = readFileSync(join(bed.root, 'ops-wiki', 'checkpoint.md'), 'utf8');
    // Ingest moves each lane report to processed/ and files it in the wiki (ops-wiki/lanes/<from>.md, log.md).
    const ingested = await events('mailbox-ingested');
    const byIngest = new Set(ingested.flatMap((e) => [`.loop/messages/${String(e.file)}`, `.loop/messages/processed/${String(e.file)}`, `ops-wiki/lanes/${String(e.from)}.md`, 'ops-wiki/log.md']));
    const unexplained = changed.filter((p) => !p.startsWith('.loop/sessions/bed/')
      && !(p.startsWith('tasks/') && [...moved].some((id) => p.includes(`${id}-`)))
      && !(['ops-wiki/checkpoint.md', 'ops-wiki/decisions-archive.md'].includes(p) && resolved.length > 0)
      && !byIngest.has(p));
    expect(unexplained).toEqual([]);
    for (const id of resolved) expect(wiki).toContain(id);
    const crashLog = join(bed.root, '.loop/sessions/bed/engine/deck-crash.log');
    expect(existsSync(crashLog) ? readFileSync(crashLog, 'utf8') : '').toBe('');
    expect(moved.has('T0001')).toBe(true);
  });
});
