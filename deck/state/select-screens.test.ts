import { describe, expect, it } from 'vitest';
import { lane, snapshot } from '../../test/deck/fixtures.js';
import { formatAll, laneHealth, rowFromSnapshot } from '../all.js';
import { decision } from '../../test/deck/fixtures.js';
import { reduce } from './reduce.js';
import { adrScreen, brainScreen, cellFresh, fleetTable, laneDetail, needsTick, trends } from './select.js';
import { initialState, type DeckState } from './types.js';

const plain = (s: string): string => s.replace(/\{(?!open\}|close\})\/?[a-z-]*\}/g, '').replace(/\{open\}/g, '{').replace(/\{close\}/g, '}');
const at = (snap = snapshot(), ms = 1000): DeckState => reduce(reduce(initialState({ session: 'demo', root: '/p' }), { type: 'connection.changed', status: 'online' }), { type: 'snapshot.received', snapshot: snap, at: ms });

describe('fleet liveliness', () => {
  it('spins for working lanes and ticks only while something moves', () => {
    const s = at();
    expect(needsTick(s)).toBe(true);
    const a = plain(fleetTable(reduce(s, { type: 'tick', now: 1000 })).rows[1] ?? '');
    const b = plain(fleetTable(reduce(s, { type: 'tick', now: 1200 })).rows[1] ?? '');
    expect(a).not.toBe(b);
    expect(needsTick(at(snapshot({ lanes: [lane('a', 'idle')] })))).toBe(false);
  });

  it('highlights a changed cell for five seconds', () => {
    let s = at(snapshot({ lanes: [lane('a', 'idle')] }));
    s = reduce(s, { type: 'snapshot.received', snapshot: snapshot({ lanes: [lane('a', 'errored')] }), at: 2000 });
    expect(cellFresh(s, 'a', 'status')).toBe(true);
    expect(fleetTable(s).rows[0]).toContain('{inverse}');
    expect(needsTick(s)).toBe(true);
    s = reduce(s, { type: 'tick', now: 7001 });
    expect(cellFresh(s, 'a', 'status')).toBe(false);
    expect(fleetTable(s).rows[0]).not.toContain('{inverse}');
  });
});

describe('screens', () => {
  it('lane detail: meta line then the pane tail', () => {
    let s = at(snapshot({ restarts: { coord: 3 } }));
    s = reduce(s, { type: 'pane.captured', lane: 'coord', text: '$ ls\n', at: 't' });
    const d = laneDetail(s);
    expect(d.lines[0]).toBe('lane coord harness=demo model=- role=coord kind=standing (base) restarts=3 status=idle target=%5');
    expect(d.lines.at(-1)).toBe('$ ls');
  });

  it('ADR ledger with links and the cursor', () => {
    const adrs = [
      { id: '0002', status: 'Proposed', title: 'B', path: '/p/docs/adr/0002-b.md', verify_record: 'v', rollback: 'r', canary_record: null, linked: true },
      { id: '0001', status: 'Accepted', title: 'A', path: '/p/docs/adr/0001-a.md', verify_record: null, rollback: null, canary_record: null, linked: false },
    ];
    let s = at(snapshot({ adrs }));
    expect(adrScreen(s).lines.map(plain)).toContain('verify_record: v');
    s = reduce(s, { type: 'adr.cursor', delta: 1 });
    const lines = adrScreen(s).lines.map(plain);
    expect(lines.find((l) => l.startsWith('▸'))).toContain('0001');
    expect(lines).toContain('not linked: accepting needs a verify_record and a rollback (or canary_record)');
  });

  it('brain transcript: placeholder, then the streamed text', () => {
    let s = at();
    expect(brainScreen(s).lines).toEqual(['(no one-shot transcripts yet)']);
    s = reduce(s, { type: 'transcript.chunk', path: '/e/brain/x.response.md', text: 'a\nb', at: 5 });
    expect(brainScreen(s).lines.slice(-2)).toEqual(['a', 'b']);
  });

  it('trend series with headline numbers', () => {
    const t = trends(at(snapshot({ history: { bucket_s: 1800, until: 'x', cycle_ms: [0, 50, 0, 20], brain_usd: [0.5, 0, 0, 0.25], brain_calls: [1, 0, 0, 2] } })));
    expect(t?.cycle.title).toBe('cycle ms/2h last 20 max 50');
    expect(t?.spend).toEqual({ title: 'brain $0.75/2h 3 calls', data: [50, 0, 0, 25] });
    expect(trends(at())).toBeNull();
  });
});

describe('deck --all table', () => {
  it('summarises lane health and the pending state', () => {
    const snap = snapshot({ decision: decision() });
    expect(laneHealth(snap)).toBe('awaiting-approval:1 idle:1 working:1');
    expect(rowFromSnapshot(snap)).toEqual({ session: 'demo', root: '/tmp/p', engine: 'running', pend: '1*', health: 'awaiting-approval:1 idle:1 working:1' });
    const out = formatAll([rowFromSnapshot(snap), { session: 'old', root: '/r', engine: 'stopped', pend: '-', health: '-' }], ['/r']);
    const lines = out.split('\n');
    expect(lines[0]).toBe(`SESSION            ENGINE   PEND  ${'LANE HEALTH'.padEnd(36)}  ROOT`);
    expect(lines[2]).toBe(`old                stopped  -     ${'-'.padEnd(36)}  /r`);
    // ROOT lines up under its header on every row, whatever the width of the health cell
    for (const l of lines.slice(1, 3)) expect(l.indexOf('/')).toBe(lines[0]?.indexOf('ROOT'));
    expect(formatAll([{ session: 's', root: '/r', engine: 'running', pend: '-', health: 'idle:8' }], ['/r']).split('\n')[1]).toBe('s                  running  -     idle:8       /r');
    expect(formatAll([], ['/r'])).toMatch(/^no loops found/);
  });
});
