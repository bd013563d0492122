import { describe, expect, it } from 'vitest';
import { decision, dispatchRecord, lane, snapshot } from '../../test/deck/fixtures.js';
import { KEYMAP, bindingFor } from '../keymap.js';
import { reduce } from './reduce.js';
import {
  OFF_BANNER, decisionLines, disabledReason, eventLines, fleetTable, footer, keyScope, mailboxLines, openDecision, paneTail, statusBar, statusStyles,
} from './select.js';
import { initialState, type DeckState } from './types.js';
import { needsTick } from './select-panels.js';

const plain = (s: string): string => s.replace(/\{(?!open\}|close\})\/?[a-z-]*\}/g, '').replace(/\{open\}/g, '{').replace(/\{close\}/g, '}');
const online = (snap = snapshot()): DeckState => {
  let s = initialState({ session: 'demo', root: '/tmp/p' });
  s = reduce(s, { type: 'connection.changed', status: 'online' });
  return reduce(s, { type: 'snapshot.received', snapshot: snap, at: Date.parse('2026-11-21T10:00:00Z') });
};
const offline = (): DeckState => reduce(online(snapshot({ source: 'offline', decision: null })), { type: 'connection.changed', status: 'offline' });

describe('status bar', () => {
  it('shows session, engine state, mode, brain, pending id and engine facts', () => {
    const b = statusBar(online(snapshot({ decision: decision() })));
    expect(plain(b.line1)).toBe(' session demo │ engine RUNNING │ mode manual │ brain builtin │ pending d-20261121-100000-1');
    expect(plain(b.line2)).toMatch(/last cycle \d\d:\d\d:\d\d pending │ world - │ brain calls\/h 2 │ refreshed \d\d:\d\d:\d\d \(engine\)/);
    expect(b.line2).not.toContain(OFF_BANNER);
  });

  it('shows backoff with its end, the world hash age, spend this hour, asks, and a stale daemon', () => {
    const e = { ...snapshot().engine, state: 'backoff' as const, backoff_until: '2026-11-21T10:05:00Z', world_hash: 'abcdef0123456789', world_hash_at: '2026-11-21T09:58:30Z' };
    const s = online(snapshot({ engine: e, brain_spend_hour: 0.125, asks: [{ id: 'd-1-0', lane: 'web', decision_id: 'd-1', created_at: 'x', reply_timeout_s: 60 }] }));
    expect(plain(statusBar(s).line1)).toMatch(/engine BACKOFF until \d\d:\d\d:\d\d/);
    expect(plain(statusBar(s).line2)).toMatch(/world abcdef01 since \d\d:\d\d:30 │ brain calls\/h 2 \$0\.13\/h │ 1 ask waiting \(R answers\)/);
    // the same words however long after the last refresh: no age frozen at refresh time
    expect(plain(statusBar({ ...s, receivedAt: Date.parse('2026-11-21T12:00:00Z') }).line2)).not.toMatch(/\bold\b/);
    const stale = reduce(online(snapshot({ source: 'offline', stale_pid: 4242 })), { type: 'connection.changed', status: 'offline' });
    expect(plain(statusBar(stale).line1)).toContain('engine OFF STALE DAEMON (pid 4242 gone)');
  });

  it('says when the engine has not answered a request for a while (a wedged daemon)', () => {
    const base = online(snapshot());
    const t0 = (base.receivedAt ?? 0) + 1000;
    const busy = reduce(base, { type: 'busy', what: 'pausing', at: t0 });
    expect(needsTick(busy)).toBe(true);
    expect(plain(statusBar(reduce(busy, { type: 'tick', now: t0 + 2000 })).line2)).toContain('pausing…');
    expect(plain(statusBar(reduce(busy, { type: 'tick', now: t0 + 2000 })).line2)).not.toContain('no answer');
    expect(plain(statusBar(reduce(busy, { type: 'tick', now: t0 + 20_000 })).line2)).toContain('pausing… no answer for 20s (the engine may be stuck: engine status)');
    const done = reduce(busy, { type: 'busy', what: null });
    expect(done.busySince).toBeNull();
  });

  it('highlights the OFF banner and shows a protocol mismatch plainly', () => {
    const s = reduce(offline(), { type: 'connection.changed', status: 'offline', error: 'protocol mismatch: engine speaks protocol 2', mismatch: true });
    const b = statusBar(s);
    expect(plain(b.line1)).toContain('engine OFF');
    expect(b.line2).toContain(`{bold}{white-fg}{red-bg} ${OFF_BANNER} {/red-bg}{/white-fg}{/bold}`);
    expect(plain(b.line2)).toContain('protocol mismatch: engine speaks protocol 2');
  });

  it('does not call a resolved decision pending', () => {
    const s = online(snapshot({ decision: decision({ status: 'approved' }) }));
    expect(openDecision(s)).toBeNull();
    expect(plain(statusBar(s).line1)).toContain('pending -');
  });
});

describe('fleet table', () => {
  it('lays out aligned columns with status colour tags and the cursor', () => {
    const t = fleetTable(online());
    expect(plain(t.header)).toBe('LANE   HARNESS  ROLE   STATUS             RST  CHANGED');
    expect(t.rows).toHaveLength(3);
    expect(plain(t.rows[1] ?? '')).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] working/);
    expect(t.rows[1]).toContain('{yellow-fg}');
    expect(t.rows[2]).toContain('{red-fg}awaiting-approval{/red-fg}');
    expect(plain(t.rows[0] ?? '')).toBe('coord  demo     coord  idle               -    -');
    expect(t.selected).toBe(0);
  });

  it('colours every status word as the spec says', () => {
    expect(statusStyles('working')).toEqual(['yellow-fg']);
    expect(statusStyles('awaiting-approval')).toEqual(['red-fg']);
    expect(statusStyles('idle')).toEqual(['green-fg']);
    expect(statusStyles('errored')).toEqual(['bold', 'red-fg']);
    expect(statusStyles('unknown')).toEqual(['grey-fg']);
  });

  it('escapes braces and truncates long names', () => {
    const t = fleetTable(online(snapshot({ lanes: [lane('a-very-long-lane-name-indeed', 'idle', { role: '{x}' })] })));
    expect(plain(t.rows[0] ?? '')).toContain('a-very-long-lane-na…');
    expect(t.rows[0]).toContain('{open}x{close}');
  });

  it('says when there are no lanes', () => {
    expect(fleetTable(online(snapshot({ lanes: [] }))).empty).toBe('(no lanes in this session)');
  });
});

describe('decision panel', () => {
  it('shows id, status, mode, critique and per-action lines', () => {
    const lines = decisionLines(decision()).map(plain);
    expect(lines[0]).toBe('d-20261121-100000-1 [pending] mode=manual');
    expect(lines[1]).toBe('critique: web is idle and T0001 is ready');
    expect(lines[2]).toBe('0 dispatch web safe awaiting-approval');
    expect(lines).toContain('    text=do task 0');
    expect(lines[lines.length - 1]).toBe('y approve all · space mark · Y all · N reject');
  });

  it('puts executable fields on warning lines, truncated to 200 chars, with the gate reasons', () => {
    const long = 'x'.repeat(250);
    const d = decision({
      actions: [
        dispatchRecord(0, 'web', { classification: 'destructive', reasons: ['payload matches rm -rf'], action: { kind: 'dispatch', lane: 'web', payload: `rm -rf ${long}`, rationale: 'r', mode: 'command', wait_ready: true, task: null } }),
        { ...dispatchRecord(1, 'new'), action: { kind: 'add_lane', window: 'new', brief: 'b', rationale: 'r', harness: 'shell', cmd: 'bash -lc "make"', model: 'gpt-x', role: null, auto_approve: false } },
      ],
    });
    const lines = decisionLines(d);
    const payload = lines.find((l) => l.includes('payload='));
    expect(payload).toContain('{yellow-fg}');
    expect(plain(payload ?? '').trim()).toHaveLength('payload='.length + 200);
    expect(plain(payload ?? '').endsWith('…')).toBe(true);
    expect(lines.map(plain)).toEqual(expect.arrayContaining(['    mode=command', '    gate: payload matches rm -rf', '1 add_lane new safe awaiting-approval', '    cmd=bash -lc "make"', '    model=gpt-x']));
  });

  it('has placeholders for no decision, online and offline', () => {
    expect(decisionLines(null).map(plain)).toEqual(['(no pending decision)']);
    expect(decisionLines(null, true).map(plain)).toEqual(['(no pending decision; the engine is off)']);
  });
});

describe('other panels', () => {
  it('lists pending mail and the processed count', () => {
    expect(mailboxLines(online()).map(plain)).toEqual(['web -> coord  login done', 'processed: 7']);
    expect(mailboxLines(online(snapshot({ mailbox: { pending: [], processed_count: 0 } }))).map(plain)).toEqual(['(no pending messages)', 'processed: 0']);
  });

  it('renders events with sorted data and problems first', () => {
    const s = online(snapshot({ problems: ['tasks/x.md: bad id'], events: [{ seq: 4, ts: '2026-11-21T10:00:00Z', type: 'lane-status', data: { to: 'idle', lane: 'web' } }] }));
    const lines = eventLines(s).map(plain);
    expect(lines[0]).toBe('! tasks/x.md: bad id');
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d #4 lane-status \{"lane":"web","to":"idle"\}$/);
  });

  it('shows the pane tail states', () => {
    let s = online();
    expect(paneTail(s)).toEqual({ title: 'pane: coord (idle, %5)', text: '(capturing…)' });
    s = reduce(s, { type: 'pane.captured', lane: 'coord', text: '$ ls\nfile\n\n', at: 't' });
    expect(paneTail(s).text).toBe('$ ls\nfile');
    s = reduce(s, { type: 'pane.failed', lane: 'coord', error: 'no such pane' });
    expect(paneTail(s).text).toBe('(capture failed: no such pane)');
    expect(paneTail(initialState({ session: 'x', root: '/' })).text).toBe('(no lane selected)');
  });
});

describe('keys', () => {
  const approve = bindingFor('main', 'y');

  it('explains why approve is disabled', () => {
    if (!approve) throw new Error('no y binding');
    expect(disabledReason(approve, offline())).toMatch(/^engine is off/);
    expect(disabledReason(approve, online())).toBe('no pending decision');
    const open = online(snapshot({ decision: decision() }));
    expect(disabledReason(approve, open)).toBeNull();
    expect(disabledReason(approve, reduce(open, { type: 'busy', what: 'approving' }))).toMatch(/^busy/);
  });

  it('marks nothing on a decision the offline dashboard shows read-only', () => {
    const mark = bindingFor('main', 'space');
    if (!mark) throw new Error('no space binding');
    const off = reduce(online(snapshot({ source: 'offline', decision: decision() })), { type: 'connection.changed', status: 'offline' });
    expect(disabledReason(mark, off)).toMatch(/^engine is off/);
    expect(disabledReason(mark, online(snapshot({ decision: decision() })))).toBeNull();
  });

  it('routes keys by scope and greys disabled keys in the footer', () => {
    const s = online();
    expect(keyScope(s)).toBe('main');
    expect(keyScope(reduce(s, { type: 'modal.open', modal: { kind: 'help' } }))).toBe('help');
    expect(footer(s)).toContain('{grey-fg}y approve{/grey-fg}');
    expect(footer(online(snapshot({ decision: decision() })))).toContain('{bold}y{/bold} approve');
    expect(KEYMAP.filter((b) => b.scope === 'main').map((b) => b.keys).flat()).toEqual(expect.arrayContaining(['q', 'C-c', '?', 'j', 'k', 'up', 'down', 'tab', 'y', 'n', 'r']));
  });
});
